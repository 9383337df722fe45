//! Everything on a page that is not a dot: scale bar, registration and alignment crosses,
//! overlap ticks, labels, legend, zone outlines and the hairline.
//!
//! Marks are built once per page in page px and drawn by both the PNG rasteriser and the SVG
//! writer, so the two formats carry the same content.

use super::layout::{FOOTER_MM, PageInfo, PageLayout};
use super::options::SessionSelection;

/// Length of the scale bar, mm: printed at 100 % it must measure exactly this.
pub(crate) const SCALE_BAR_MM: f64 = 10.0;
/// Thickness of the scale bar, mm.
const SCALE_BAR_THICKNESS_MM: f64 = 1.2;
/// Registration crosses sit this far outside each corner of the window, mm (in the margin).
pub(crate) const REGISTRATION_OFFSET_MM: f64 = 5.0;
/// Half the length of a cross's arm, mm.
pub(crate) const CROSS_ARM_MM: f64 = 3.0;
/// Line width of crosses, ticks, outlines and the hairline, mm.
pub(crate) const LINE_MM: f64 = 0.25;
/// Height of the footer's capital letters, mm.
const TEXT_MM: f64 = 2.2;

/// One mark in page px.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Mark {
    /// A filled axis-aligned rectangle `[x0, x1) × [y0, y1)`, darkness 0..=1.
    Rect { x0: f64, y0: f64, x1: f64, y1: f64, ink: f64 },
    /// A filled disc, darkness 0..=1 (legend swatches).
    Disc { cx: f64, cy: f64, r: f64, ink: f64 },
    /// An open polyline `width` px wide, drawn only inside the window onto the map.
    Polyline { points: Vec<[f64; 2]>, width: f64 },
    /// One line of text, its top-left corner at (`x`, `y`), capitals `height` px tall.
    Text { x: f64, y: f64, height: f64, text: String },
}

/// Darkness of a session's dots when sessions are told apart: session 1 lightest, the last
/// black, evenly spaced between (a lone session is black).
pub(crate) fn session_ink(selection: SessionSelection, session: u8, session_count: u8) -> f64 {
    match selection {
        SessionSelection::EachMarked if session_count > 1 => {
            let t = (session.saturating_sub(1)) as f64 / (session_count - 1) as f64;
            0.35 + 0.65 * t.min(1.0)
        }
        _ => 1.0,
    }
}

/// What the footer says about the plan.
pub(crate) struct Labels<'a> {
    /// Preset name.
    pub preset_name: &'a str,
    /// Seed of the plan.
    pub seed: u64,
    /// Sessions in the plan.
    pub session_count: u8,
    /// Which sessions are drawn.
    pub sessions: SessionSelection,
    /// DPI of the stencil.
    pub dpi: u32,
    /// Overlap between tiled pages, mm.
    pub overlap_mm: f64,
}

fn sessions_text(sessions: SessionSelection, count: u8) -> String {
    match sessions {
        SessionSelection::All => format!("all sessions (1-{count})"),
        SessionSelection::Only(n) => format!("session {n} of {count} only"),
        SessionSelection::Through(n) => format!("sessions 1-{n} of {count}"),
        SessionSelection::EachMarked => format!("sessions 1-{count}, shaded by session"),
        #[allow(unreachable_patterns)]
        _ => String::new(),
    }
}

/// A cross of two `LINE_MM` bars centred on (`cx`, `cy`), page px.
fn cross(marks: &mut Vec<Mark>, cx: f64, cy: f64, px_per_mm: f64) {
    let arm = CROSS_ARM_MM * px_per_mm;
    let half = LINE_MM * px_per_mm / 2.0;
    marks.push(Mark::Rect { x0: cx - arm, y0: cy - half, x1: cx + arm, y1: cy + half, ink: 1.0 });
    marks.push(Mark::Rect { x0: cx - half, y0: cy - arm, x1: cx + half, y1: cy + arm, ink: 1.0 });
}

/// The scale bar's rectangle on a page, page px `[x0, y0, x1, y1]`.
pub(crate) fn scale_bar_px(layout: &PageLayout, page: &PageInfo) -> [f64; 4] {
    let k = layout.px_per_mm;
    let x0 = page.content_origin_px[0] as f64;
    let y0 = (page.content_origin_px[1] + page.content_size_px[1]) as f64 + 2.5 * k;
    [x0, y0, x0 + SCALE_BAR_MM * k, y0 + SCALE_BAR_THICKNESS_MM * k]
}

/// Every mark of one page except outlines, page px.
pub(crate) fn page_marks(layout: &PageLayout, page: &PageInfo, labels: &Labels) -> Vec<Mark> {
    let k = layout.px_per_mm;
    let mut marks = Vec::new();
    let [cx0, cy0] = page.content_origin_px.map(|v| v as f64);
    let [cw, ch] = page.content_size_px.map(|v| v as f64);
    let (cx1, cy1) = (cx0 + cw, cy0 + ch);

    let off = REGISTRATION_OFFSET_MM * k;
    for (x, y) in [(cx0 - off, cy0 - off), (cx1 + off, cy0 - off), (cx0 - off, cy1 + off)] {
        cross(&mut marks, x, y, k);
    }
    cross(&mut marks, cx1 + off, cy1 + off, k);

    let canvas_window = |p: [f64; 2]| {
        let q = page.canvas_to_page_px(p);
        let margin = CROSS_ARM_MM * k;
        (q[0] >= cx0 + margin
            && q[0] <= cx1 - margin
            && q[1] >= cy0 + margin
            && q[1] <= cy1 - margin)
            .then_some(q)
    };
    for q in layout.alignment_crosses_px().into_iter().filter_map(canvas_window) {
        cross(&mut marks, q[0], q[1], k);
    }

    // Ticks in the margin where an overlap strip begins and ends, so the strip can be found
    // (and trimmed) without looking for the crosses.
    let (tick, gap, half) = (3.0 * k, 1.0 * k, LINE_MM * k / 2.0);
    let overlap = layout.overlap_px as f64;
    if layout.overlap_px > 0 {
        let mut xs = Vec::new();
        if page.column > 1 {
            xs.extend([cx0, cx0 + overlap]);
        }
        if page.column < layout.columns {
            xs.extend([cx1 - overlap, cx1]);
        }
        for x in xs {
            marks.push(Mark::Rect {
                x0: x - half,
                y0: cy0 - gap - tick,
                x1: x + half,
                y1: cy0 - gap,
                ink: 1.0,
            });
        }
        let mut ys = Vec::new();
        if page.row > 1 {
            ys.extend([cy0, cy0 + overlap]);
        }
        if page.row < layout.rows {
            ys.extend([cy1 - overlap, cy1]);
        }
        for y in ys {
            marks.push(Mark::Rect {
                x0: cx0 - gap - tick,
                y0: y - half,
                x1: cx0 - gap,
                y1: y + half,
                ink: 1.0,
            });
        }
    }

    footer(&mut marks, layout, page, labels);
    marks
}

/// Scale bar, labels and the session legend below the window.
fn footer(marks: &mut Vec<Mark>, layout: &PageLayout, page: &PageInfo, labels: &Labels) {
    let k = layout.px_per_mm;
    let [bx0, by0, bx1, by1] = scale_bar_px(layout, page);
    marks.push(Mark::Rect { x0: bx0, y0: by0, x1: bx1, y1: by1, ink: 1.0 });
    let text = |x_mm: f64, y: f64, s: String| Mark::Text {
        x: bx0 + x_mm * k,
        y,
        height: TEXT_MM * k,
        text: s,
    };
    let line1 = by0 - 0.5 * k;
    marks.push(text(SCALE_BAR_MM + 2.0, line1, "10 mm".into()));
    let count = layout.page_count();
    let page_text = if count == 1 {
        "page 1 of 1".to_string()
    } else {
        format!("page {} of {count} (row {}, column {})", page.number, page.row, page.column)
    };
    marks.push(text(SCALE_BAR_MM + 16.0, line1, page_text));

    let line2 = by1 + 2.0 * k;
    let sessions = sessions_text(labels.sessions, labels.session_count);
    marks.push(text(
        0.0,
        line2,
        format!("{} | seed {} | {sessions}", labels.preset_name, labels.seed),
    ));
    let line3 = line2 + 4.0 * k;
    let mut advice = format!("print at 100 %, {} dpi: the bar is 10 mm", labels.dpi);
    if count > 1 && labels.overlap_mm > 0.0 {
        advice.push_str(&format!("; overlap {} mm, lay cross on cross", labels.overlap_mm));
    }
    marks.push(text(0.0, line3, advice));
    debug_assert!(line3 + TEXT_MM * k <= by0 + FOOTER_MM * k);

    if labels.sessions == SessionSelection::EachMarked {
        let mut x_mm = 100.0;
        for session in 1..=labels.session_count {
            let ink = session_ink(labels.sessions, session, labels.session_count);
            let r = TEXT_MM * k / 2.0;
            marks.push(Mark::Disc { cx: bx0 + x_mm * k + r, cy: line1 + r, r, ink });
            marks.push(text(x_mm + TEXT_MM + 1.0, line1, format!("session {session}")));
            x_mm += 22.0;
        }
    }
}
