//! One cell of a variation sheet: a preset's plan on the default head, and what it measures.

use image::RgbImage;

use super::{SheetOptions, TuneError};
use crate::default_head::DefaultSceneOptions;
use crate::head::{HeadModel, View};
use crate::plan::{PlanOptions, build_plan};
use crate::preset::Layout;
use crate::render::{Background, Preview, PreviewOptions, Rendering};
use crate::stats::PlanStats;

/// A rendered cell and its measured figures.
pub(super) struct CellRender {
    /// The preview, `cell_px` square, with its SIMULATION label.
    pub image: RgbImage,
    /// What the plan measures over its treated zones.
    pub measured: Measured,
}

/// Density and spacing measured over the treated zones (or one zone) after the last session.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measured {
    /// Dots in the zones measured divided by their area, dots/cm².
    pub density_per_cm2: f64,
    /// Median nearest-neighbour distance, mm: the zones' medians weighted by their dot counts.
    pub nn_median_mm: f64,
    /// Dots in the plan.
    pub dots: usize,
}

/// Plans `layout` with the sheet's seed, paints the default head for `view` and renders the
/// dots over it, then measures the plan; the same seed in every cell, so cells differ only by
/// the varied values. `zone` limits the measurement to one zone (by index); `None` measures all.
pub(super) fn render_cell(
    layout: &Layout,
    model: &HeadModel,
    view: View,
    zone: Option<usize>,
    options: &SheetOptions,
) -> Result<CellRender, TuneError> {
    let plan_options =
        PlanOptions { seed: options.seed, max_dots: options.max_dots, ..PlanOptions::default() };
    let plan = build_plan(layout, &plan_options)?;
    let request = Preview {
        layout,
        plan: &plan,
        model,
        background: Background::DefaultHead {
            view,
            width_px: options.cell_px,
            height_px: options.cell_px,
            scene: DefaultSceneOptions { skin: options.skin, seed: options.seed, pose: None },
        },
        zoom: None,
        rendering: Rendering::Single(PreviewOptions {
            look: options.look,
            ..PreviewOptions::default()
        }),
    };
    let image = request.render()?.image;
    let measured = measure(&PlanStats::measure(layout, &plan), zone);
    Ok(CellRender { image, measured })
}

/// Sums the last-session figures of zone `only`, or of every zone.
fn measure(stats: &PlanStats, only: Option<usize>) -> Measured {
    let (mut dots, mut area_cm2, mut nn_weighted) = (0usize, 0.0f64, 0.0f64);
    for zone in stats.zones.iter().filter(|z| only.is_none_or(|i| z.index == i)) {
        let Some(last) = zone.sessions.last() else { continue };
        dots += last.cumulative_dots;
        area_cm2 += zone.area_cm2;
        nn_weighted += last.nn_median_mm * last.cumulative_dots as f64;
    }
    Measured {
        density_per_cm2: if area_cm2 > 0.0 { dots as f64 / area_cm2 } else { 0.0 },
        nn_median_mm: if dots > 0 { nn_weighted / dots as f64 } else { 0.0 },
        dots: stats.dots,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::{ZoneSessionStats, ZoneStats};

    fn zone(index: usize, area_cm2: f64, dots: usize, nn_median_mm: f64) -> ZoneStats {
        ZoneStats {
            index,
            name: "z".into(),
            kind: "total",
            area_cm2,
            sessions: vec![ZoneSessionStats {
                session: 1,
                dots,
                cumulative_dots: dots,
                target_per_cm2: 0.0,
                measured_per_cm2: 0.0,
                nn_min_mm: 0.0,
                nn_p5_mm: 0.0,
                nn_median_mm,
                touching_pairs: 0,
            }],
        }
    }

    #[test]
    fn zones_combine_by_area_and_dot_count() {
        let stats = PlanStats {
            preset: "p".into(),
            seed: 0,
            dots: 400,
            sessions: Vec::new(),
            zones: vec![zone(0, 10.0, 300, 1.0), zone(1, 30.0, 100, 2.0)],
            warnings: Vec::new(),
        };
        let m = measure(&stats, None);
        assert_eq!(m.density_per_cm2, 10.0);
        assert_eq!(m.nn_median_mm, 1.25);
        assert_eq!(m.dots, 400);
        let second = measure(&stats, Some(1));
        assert_eq!((second.density_per_cm2, second.nn_median_mm), (100.0 / 30.0, 2.0));
    }
}
