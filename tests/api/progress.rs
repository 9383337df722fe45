//! Progress reports from long library work: counts never go backwards, end at the total, and
//! the output is the same bytes with or without a listener (and on any thread count).

use crate::support::{builtin, on_threads};
use std::sync::Mutex;

use smpsim::{
    MaskImages, NoProgress, PageSize, PlanOptions, SheetOptions, Stencil, StencilOptions,
    Variation, build_plan, render_sheet,
};

/// Every `(done, total)` report, in the order they arrived.
struct Recorder(Mutex<Vec<(u64, u64)>>);

impl Recorder {
    fn new() -> Self {
        Self(Mutex::new(Vec::new()))
    }

    fn reports(self) -> Vec<(u64, u64)> {
        self.0.into_inner().unwrap()
    }
}

impl smpsim::Progress for Recorder {
    fn update(&self, done: u64, total: u64) {
        self.0.lock().unwrap().push((done, total));
    }
}

/// Reports are monotone, of one total, and the last one is complete.
fn assert_complete(reports: &[(u64, u64)], total: u64) {
    assert!(!reports.is_empty());
    assert!(reports.iter().all(|&(done, t)| t == total && done <= t), "{reports:?}");
    assert!(reports.windows(2).all(|w| w[0].0 <= w[1].0), "went backwards: {reports:?}");
    assert_eq!(reports.last(), Some(&(total, total)));
}

#[test]
fn a_sheet_reports_each_cell_and_is_the_same_bytes_without_a_listener_or_on_one_thread() {
    let base = builtin("hairline-only");
    let vary: Variation = "hairline.height_mm=70,90".parse().unwrap();
    let options = SheetOptions { cell_px: 320, ..SheetOptions::default() };
    let masks = MaskImages::new();
    let recorder = Recorder::new();
    let heard =
        render_sheet(&base, &masks, std::slice::from_ref(&vary), &options, &recorder).unwrap();
    assert_complete(&recorder.reports(), 2);
    let quiet = on_threads(1, || render_sheet(&base, &masks, &[vary], &options, &NoProgress));
    let quiet = quiet.unwrap();
    assert!(heard.as_raw() == quiet.as_raw(), "a listener or the thread count changed the sheet");
}

#[test]
fn a_stencil_page_reports_its_rows_and_is_the_same_bytes_without_a_listener() {
    let layout = builtin("hairline-only").layout(&MaskImages::new()).unwrap();
    let plan = build_plan(&layout, &PlanOptions::default()).unwrap();
    let options = StencilOptions { dpi: 400, page: PageSize::None, ..StencilOptions::default() };
    let stencil = Stencil::new(&plan, &options).unwrap();
    let rows = u64::from(stencil.page(0).unwrap().height_px);
    let recorder = Recorder::new();
    let mut heard = Vec::new();
    stencil.write_page_with_progress(0, &mut heard, &recorder).unwrap();
    let reports = recorder.reports();
    assert_complete(&reports, rows);
    assert!(reports.len() > 2, "rows reported band batch by batch: {reports:?}");
    let mut quiet = Vec::new();
    stencil.write_page(0, &mut quiet).unwrap();
    assert!(heard == quiet);
}
