//! Laying cells out on a variation sheet: a header naming the base preset and seed, the
//! columns named by the first `--vary`'s values, a band naming each row's value of the second,
//! and a caption with measured figures under every cell.

use image::{Rgb, RgbImage};

use crate::text::{draw_text, text_size_px};

/// The sheet's paper: pure white, so cells (whose backdrop is never pure white) stand apart.
pub(super) const PAPER_SRGB: [u8; 3] = [255, 255, 255];
/// Header and column/row names.
const INK_SRGB: [u8; 3] = [20, 20, 20];
/// Measured figures under the cells: a little lighter than the names.
const CAPTION_SRGB: [u8; 3] = [55, 55, 55];
/// Row names and the rule above them: blue, so they do not read as one more column name.
const ROW_SRGB: [u8; 3] = [25, 55, 130];

/// Everything written on a sheet.
pub(super) struct SheetText {
    /// First header line, in the larger header size.
    pub title: String,
    /// Further header lines (seed, view, axes, overrides).
    pub lines: Vec<String>,
    /// `PATH=value` per column.
    pub column_labels: Vec<String>,
    /// `PATH=value` per row; empty with a single `--vary`.
    pub row_labels: Vec<String>,
    /// One caption per cell, row by row.
    pub captions: Vec<String>,
}

/// Where everything sits on the sheet, px.
pub(super) struct Geometry {
    columns: u32,
    rows: u32,
    cell_px: u32,
    /// Cap height of names and captions, px.
    text_cap_px: f32,
    /// Cap height of the title, px.
    title_cap_px: f32,
    /// The step gaps and rules are counted in, px: a seventh of the text's cap height.
    unit_px: u32,
    gutter_px: u32,
    header_px: u32,
    column_label_px: u32,
    row_label_px: u32,
    caption_px: u32,
    /// Sheet width, px.
    pub width_px: u32,
    /// Sheet height, px.
    pub height_px: u32,
}

/// Height of `lines` lines of text with capitals `cap_px` tall, px.
fn text_height(lines: usize, cap_px: f32) -> u32 {
    text_size_px(&vec!["A"; lines.max(1)].join("\n"), cap_px).1
}

impl Geometry {
    /// Text grows with the cell so it stays legible beside it: capitals 3.5 % of the cell
    /// (21 px at the usual 600-px cells), never below 14 px; the title a third larger.
    pub(super) fn new(columns: usize, rows: usize, cell_px: u32, text: &SheetText) -> Self {
        let text_cap_px = (cell_px as f32 * 0.035).round().max(14.0);
        let title_cap_px = (text_cap_px * 4.0 / 3.0).round();
        let unit_px = (text_cap_px / 7.0).round() as u32;
        let gutter_px = 8 * unit_px;
        let gap_px = 4 * unit_px;
        let header_px =
            text_height(1, title_cap_px) + gap_px + text_height(text.lines.len(), text_cap_px);
        let label_px = text_height(1, text_cap_px) + gap_px;
        // Room above each row name for the rule that separates rows.
        let row_name_px = label_px + gap_px;
        let (columns, rows) = (columns as u32, rows as u32);
        let grid_width = gutter_px + columns * (cell_px + gutter_px);
        let header_width = std::iter::once(text_size_px(&text.title, title_cap_px).0)
            .chain(text.lines.iter().map(|l| text_size_px(l, text_cap_px).0))
            .max()
            .unwrap_or(0);
        let row_label_px = if text.row_labels.is_empty() { 0 } else { row_name_px };
        let caption_px = gap_px + text_height(1, text_cap_px);
        let row_px = row_label_px + cell_px + caption_px + gutter_px;
        Self {
            columns,
            rows,
            cell_px,
            text_cap_px,
            title_cap_px,
            unit_px,
            gutter_px,
            header_px,
            column_label_px: label_px,
            row_label_px,
            caption_px,
            width_px: grid_width.max(header_width + 2 * gutter_px),
            height_px: gutter_px + header_px + gutter_px + label_px + rows * row_px,
        }
    }

    /// Top-left corner of the cell in `column`, `row`, px.
    fn cell_origin_px(&self, column: u32, row: u32) -> (u32, u32) {
        let row_px = self.row_label_px + self.cell_px + self.caption_px + self.gutter_px;
        let top = 2 * self.gutter_px + self.header_px + self.column_label_px;
        (
            self.gutter_px + column * (self.cell_px + self.gutter_px),
            top + row * row_px + self.row_label_px,
        )
    }
}

/// `label` if it fits in `max_px` with capitals `cap_px` tall; else the path shortened to its
/// last key (`..density_per_cm2=55`); else just `=value`.
fn fit_label(label: &str, max_px: u32, cap_px: f32) -> String {
    let fits = |s: &str| text_size_px(s, cap_px).0 <= max_px;
    if fits(label) {
        return label.to_string();
    }
    let Some((path, value)) = label.split_once('=') else { return label.to_string() };
    let last = path.rsplit('.').next().unwrap_or(path);
    let short = format!("..{last}={value}");
    if fits(&short) { short } else { format!("={value}") }
}

/// Draws the sheet: `cells` (row by row, each `cell_px` square) under the header, names and
/// captions of `text`.
pub(super) fn compose(cells: &[RgbImage], text: &SheetText, geometry: &Geometry) -> RgbImage {
    let g = geometry;
    let mut sheet = RgbImage::from_pixel(g.width_px, g.height_px, Rgb(PAPER_SRGB));
    let (s, cap, gutter) = (g.unit_px, g.text_cap_px, g.gutter_px as i32);
    draw_text(&mut sheet, gutter, gutter, &text.title, g.title_cap_px, INK_SRGB);
    let lines_top = gutter + (text_height(1, g.title_cap_px) + 4 * s) as i32;
    draw_text(&mut sheet, gutter, lines_top, &text.lines.join("\n"), cap, INK_SRGB);
    let labels_top = (2 * g.gutter_px + g.header_px) as i32;
    for (column, label) in text.column_labels.iter().enumerate() {
        let (x, _) = g.cell_origin_px(column as u32, 0);
        // A gutter's width of space before the next column's name, so names never run on.
        let label = fit_label(label, g.cell_px - g.gutter_px, cap);
        draw_text(&mut sheet, x as i32, labels_top, &label, cap, INK_SRGB);
    }
    for row in 0..g.rows {
        if let Some(label) = text.row_labels.get(row as usize) {
            let (x, y) = g.cell_origin_px(0, row);
            let label = fit_label(label, g.width_px - 2 * g.gutter_px, cap);
            let (top, gap) = (y - g.row_label_px, 4 * s);
            let rule = RgbImage::from_pixel(g.width_px - 2 * g.gutter_px, s, Rgb(ROW_SRGB));
            image::imageops::replace(&mut sheet, &rule, i64::from(x), i64::from(top));
            draw_text(&mut sheet, x as i32, (top + gap) as i32, &label, cap, ROW_SRGB);
        }
        for column in 0..g.columns {
            let index = (row * g.columns + column) as usize;
            let (x, y) = g.cell_origin_px(column, row);
            if let Some(cell) = cells.get(index) {
                image::imageops::replace(&mut sheet, cell, i64::from(x), i64::from(y));
            }
            if let Some(caption) = text.captions.get(index) {
                let caption_top = (y + g.cell_px + 4 * s) as i32;
                let caption = fit_label(caption, g.cell_px, cap);
                draw_text(&mut sheet, x as i32, caption_top, &caption, cap, CAPTION_SRGB);
            }
        }
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(columns: usize, rows: usize) -> SheetText {
        SheetText {
            title: "SIMULATION sheet".into(),
            lines: vec!["seed 0".into()],
            column_labels: (0..columns).map(|c| format!("a.b={c}")).collect(),
            row_labels: if rows > 1 {
                (0..rows).map(|r| format!("c={r}")).collect()
            } else {
                vec![]
            },
            captions: (0..columns * rows).map(|i| format!("cell {i}")).collect(),
        }
    }

    #[test]
    fn cells_land_in_a_grid_without_overlapping_text_or_each_other() {
        let (columns, rows, cell) = (3usize, 2usize, 320u32);
        let t = text(columns, rows);
        let g = Geometry::new(columns, rows, cell, &t);
        let cells: Vec<RgbImage> =
            (0..6u8).map(|i| RgbImage::from_pixel(cell, cell, Rgb([10 * i, 100, 100]))).collect();
        let sheet = compose(&cells, &t, &g);
        assert_eq!(sheet.dimensions(), (g.width_px, g.height_px));
        for row in 0..rows as u32 {
            for column in 0..columns as u32 {
                let (x, y) = g.cell_origin_px(column, row);
                let expected = Rgb([10 * (row * 3 + column) as u8, 100, 100]);
                // Every pixel of the cell is the cell's own: no text or neighbour drawn over it.
                for (dx, dy) in [(0, 0), (cell - 1, 0), (0, cell - 1), (cell - 1, cell - 1)] {
                    assert_eq!(*sheet.get_pixel(x + dx, y + dy), expected);
                }
                assert_eq!(*sheet.get_pixel(x + cell, y), Rgb(PAPER_SRGB));
            }
        }
        let (_, bottom) = g.cell_origin_px(0, 1);
        assert!(bottom + cell + g.caption_px <= g.height_px);
    }

    #[test]
    fn long_labels_shorten_to_their_last_key_then_to_the_value() {
        assert_eq!(fit_label("a.b=1", 1000, 14.0), "a.b=1");
        let long = "zones[0].hairline.density_per_cm2=55";
        let w = |s: &str| text_size_px(s, 14.0).0;
        assert_eq!(fit_label(long, w(long), 14.0), long);
        assert_eq!(fit_label(long, w(long) - 1, 14.0), "..density_per_cm2=55");
        assert_eq!(fit_label(long, w("..density_per_cm2=55") - 1, 14.0), "=55");
    }
}
