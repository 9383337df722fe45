//! Variation sheets: one preset rendered with a key set to several values, side by side, so a
//! practitioner tunes a plan to a client by eye.
//!
//! # Use
//! ```no_run
//! use smpsim::{NoProgress, Preset, SheetOptions, Variation, render_sheet};
//! let base = Preset::builtin("norwood-4").unwrap();
//! let vary: Variation = "hairline.height_mm=70,80,90".parse().unwrap();
//! let sheet = render_sheet(&base, &Default::default(), &[vary], &SheetOptions::default(), &NoProgress)
//!     .unwrap();
//! assert!(sheet.width() > 3 * 600);
//! ```
//!
//! # The sheet
//! One `--vary` gives a row of cells; a second gives rows as well (first: columns, second:
//! rows), at most [`MAX_SHEET_CELLS`]. Each cell is a default-head preview of the base preset
//! with that cell's values, rendered with the same seed, so differences come from the values
//! alone; under it, the density and nearest-neighbour spacing its plan measures over the
//! treated zones. Cells render in parallel; the sheet is the same bytes on any thread count.

mod cell;
mod sheet;
mod vary;

pub use cell::Measured;
pub use vary::{MAX_SHEET_CELLS, MAX_VARY_AXES, SheetCell, Variation, sheet_cells};

use image::RgbImage;
use rayon::prelude::*;

use crate::default_head::SkinType;
use crate::head::{HeadError, HeadModel, HeadSize, View};
use crate::plan::PlanError;
use crate::preset::{Layout, MaskImages, Preset, PresetError};
use crate::progress::{Progress, ProgressCounter};
use crate::render::{Look, PreviewError};
use crate::splat::SplatError;
use sheet::{Geometry, SheetText};

/// Cell sizes allowed, px: below 320 the head is too small to judge dots; above 1600 a 6 × 6
/// sheet passes 100 megapixels.
pub const CELL_PX_RANGE: std::ops::RangeInclusive<u32> = 320..=1600;

/// Most pixels of all cells together: 40 megapixels (36 cells of 1050 px) keeps a sheet, held
/// twice while it is laid out, near half a gigabyte at most.
pub const MAX_SHEET_PIXELS: u64 = 40_000_000;

/// How a variation sheet is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetOptions {
    /// Seed of every cell's dots and stubble. Default 0.
    pub seed: u64,
    /// Side of the head shown; `None`: front when the base preset has a hairline, else top.
    /// Default `None`.
    pub view: Option<View>,
    /// Fitzpatrick type of the default head's skin. Default [`SkinType::III`].
    pub skin: SkinType,
    /// Fresh, healed or aged dots. Default healed.
    pub look: Look,
    /// Width and height of each cell, px, within [`CELL_PX_RANGE`]. Default 600.
    pub cell_px: u32,
    /// Head measurements. Default [`HeadSize::default`].
    pub head_size: HeadSize,
    /// Refuse a cell whose plan is expected to exceed this many dots. Default 50 million.
    pub max_dots: usize,
    /// Extra header lines, e.g. the overrides applied to the base preset. Default none.
    pub notes: Vec<String>,
}

impl Default for SheetOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            view: None,
            skin: SkinType::III,
            look: Look::Healed,
            cell_px: 600,
            head_size: HeadSize::default(),
            max_dots: crate::sample::DEFAULT_MAX_DOTS,
            notes: Vec::new(),
        }
    }
}

/// Why a variation sheet could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TuneError {
    /// A variation that is not `PATH=V1,V2,…`.
    #[error("variation {text}: {message}")]
    VarySyntax {
        /// The flag's value as given (shortened if long).
        text: String,
        /// What is wrong and what is expected.
        message: String,
    },
    /// No variation at all.
    #[error("no variation: give PATH=V1,V2,… (one for a row of cells, two for a grid)")]
    NoVariation,
    /// More axes than a grid has.
    #[error(
        "{count} variations: at most {MAX_VARY_AXES} (the first varies along columns, the second along rows)"
    )]
    TooManyAxes {
        /// Variations given.
        count: usize,
    },
    /// Both axes vary the same key.
    #[error("both variations name {path}: give each key once, with all its values")]
    SameAxis {
        /// The key.
        path: String,
    },
    /// More cells than a sheet holds.
    #[error(
        "the variations give {columns} × {rows} = {} cells: at most {MAX_SHEET_CELLS}; use fewer values",
        columns * rows
    )]
    TooManyCells {
        /// Values of the first variation.
        columns: usize,
        /// Values of the second (1 without one).
        rows: usize,
    },
    /// The cell size is out of range.
    #[error(
        "cell size {cell_px} px is out of range: allowed {}–{} px",
        CELL_PX_RANGE.start(),
        CELL_PX_RANGE.end()
    )]
    CellSize {
        /// The size asked for.
        cell_px: u32,
    },
    /// The cells together are too many pixels.
    #[error(
        "{cells} cells of {cell_px} px exceed {} megapixels: use cells of {largest} px or less, or fewer values",
        MAX_SHEET_PIXELS / 1_000_000
    )]
    SheetTooLarge {
        /// Cells asked for.
        cells: usize,
        /// Cell size asked for, px.
        cell_px: u32,
        /// The largest cell size that fits, px.
        largest: u32,
    },
    /// A cell's preset was refused (the message names the variation `PATH=VALUE`).
    #[error(transparent)]
    Preset(#[from] PresetError),
    /// A cell's plan could not be built.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The head size is impossible.
    #[error(transparent)]
    Head(#[from] HeadError),
    /// A cell could not be rendered.
    #[error(transparent)]
    Preview(#[from] PreviewError),
    /// The default head could not be painted.
    #[error(transparent)]
    Splat(#[from] SplatError),
}

/// At most 120 characters of `text`, for messages and labels that quote user input (ASCII
/// `..` marks a cut: the sheet's font has no ellipsis).
fn shortened(text: &str) -> String {
    const MAX_CHARS: usize = 120;
    let count = text.chars().count();
    if count <= MAX_CHARS {
        return text.to_string();
    }
    let head: String = text.chars().take(MAX_CHARS - 20).collect();
    let tail: String = text.chars().skip(count - 18).collect();
    format!("{head}..{tail}")
}

/// Renders the variation sheet of `base` under `variations` (see the module docs). `masks`
/// holds the mask images the presets name. Every cell's preset and layout is checked before
/// any cell is rendered; `progress` hears of each finished cell.
pub fn render_sheet(
    base: &Preset,
    masks: &MaskImages,
    variations: &[Variation],
    options: &SheetOptions,
    progress: &dyn Progress,
) -> Result<RgbImage, TuneError> {
    if !CELL_PX_RANGE.contains(&options.cell_px) {
        return Err(TuneError::CellSize { cell_px: options.cell_px });
    }
    let (model, base) = sheet_head(base, options)?;
    let base = &base;
    let cells = sheet_cells(base, variations)?;
    let pixels = cells.len() as u64 * u64::from(options.cell_px).pow(2);
    if pixels > MAX_SHEET_PIXELS {
        let largest = ((MAX_SHEET_PIXELS / cells.len() as u64) as f64).sqrt() as u32;
        return Err(TuneError::SheetTooLarge {
            cells: cells.len(),
            cell_px: options.cell_px,
            largest,
        });
    }
    let layouts: Vec<Layout> =
        cells.iter().map(|c| c.preset.layout(masks)).collect::<Result<_, _>>()?;
    let base_layout = base.layout(masks)?;
    let view = options.view.unwrap_or_else(|| crate::render::default_view_of(&base_layout));
    let zone = measured_zone(variations);
    let counter = ProgressCounter::new(progress, cells.len() as u64);
    let rendered = layouts
        .par_iter()
        .map(|layout| {
            let cell = cell::render_cell(layout, &model, view, zone, options);
            counter.advance(1);
            cell
        })
        .collect::<Result<Vec<_>, _>>()?;
    let scope = match zone {
        Some(index) => format!("zone {}", base_layout.zone_info()[index].name),
        None => "all treated zones".to_string(),
    };
    let text = sheet_text(base, variations, view, &scope, options, &rendered);
    let columns = variations[0].values.len();
    let rows = cells.len() / columns;
    let geometry = Geometry::new(columns, rows, options.cell_px, &text);
    let images: Vec<RgbImage> = rendered.into_iter().map(|c| c.image).collect();
    Ok(sheet::compose(&images, &text, &geometry))
}

/// The sheet's head and the base preset built about its top, as a preview on that head would
/// be: without the fit, a smaller head than the default would get a hairline off its top.
fn sheet_head(base: &Preset, options: &SheetOptions) -> Result<(HeadModel, Preset), TuneError> {
    let model = HeadModel::new(options.head_size)?;
    let base = base.fitted_to_head(&model)?;
    Ok((model, base))
}

/// The zone the sheet's figures are measured over: the one zone the `--vary` paths change
/// (`zones[N]…`), so varying a zone's density shows that zone's density; `None` (all treated
/// zones) when they change none or several.
fn measured_zone(variations: &[Variation]) -> Option<usize> {
    let mut zones = variations.iter().filter_map(|v| {
        let index = v.path.strip_prefix("zones[")?.split_once(']')?.0;
        index.parse::<usize>().ok()
    });
    let first = zones.next()?;
    zones.all(|z| z == first).then_some(first)
}

fn sheet_text(
    base: &Preset,
    variations: &[Variation],
    view: View,
    scope: &str,
    options: &SheetOptions,
    rendered: &[cell::CellRender],
) -> SheetText {
    let axes = match variations {
        [columns, rows, ..] => format!("columns: {}   rows: {}", columns.path, rows.path),
        [columns] => format!("columns: {}", columns.path),
        [] => String::new(),
    };
    let mut lines = vec![
        format!(
            "seed {}   view {}   skin {}   {}   same seed in every cell",
            options.seed,
            view.name(),
            options.skin.roman(),
            options.look.label()
        ),
        axes,
        format!("under each cell: dots/cm2 and median nearest-neighbour spacing of {scope}"),
    ];
    lines.extend(options.notes.iter().map(|n| shortened(n)));
    let labels = |axis: &Variation| -> Vec<String> {
        axis.values.iter().map(|v| shortened(&format!("{}={v}", axis.path))).collect()
    };
    SheetText {
        title: format!("SIMULATION - variation sheet of {}", shortened(&base.spec().name)),
        lines,
        column_labels: variations.first().map(labels).unwrap_or_default(),
        row_labels: variations.get(1).map(labels).unwrap_or_default(),
        captions: rendered
            .iter()
            .map(|c| {
                let m = c.measured;
                format!("{:.1} dots/cm2  nn {:.2} mm", m.density_per_cm2, m.nn_median_mm)
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sheet_on_a_small_head_builds_the_hairline_about_that_head_top() {
        let base = Preset::builtin("norwood-4").unwrap();
        let small = HeadSize { length_mm: 175.0, breadth_mm: 140.0, height_mm: 110.0 };
        let options = SheetOptions { head_size: small, ..SheetOptions::default() };
        let (model, fitted) = sheet_head(&base, &options).unwrap();
        let top_mm = f64::from(model.top_map_y_mm());
        assert!((top_mm - base.spec().hairline.vertex_y_mm).abs() > 5.0, "not a smaller head");
        assert!((fitted.spec().hairline.vertex_y_mm - top_mm).abs() < 0.06);
        // On the default head the preset's own value stays.
        let (_, same) = sheet_head(&base, &SheetOptions::default()).unwrap();
        assert_eq!(same.spec().hairline.vertex_y_mm, base.spec().hairline.vertex_y_mm);
    }
}
