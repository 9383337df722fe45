//! The typeface behind all text: DejaVu Sans, embedded, parsed once, and laid out line by line.
//!
//! The font file ships beside its licence (`fonts/DejaVuSans.LICENSE`, the Bitstream Vera
//! licence: free to embed and redistribute unmodified). One regular face is enough: labels,
//! footers and captions are short, and a bold face would add another 700 kB to the binary.
//!
//! Everything here works in font units until the last step, so a size is applied by one factor
//! and the same text at the same size always lays out identically, wherever it is drawn.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, GlyphId, OutlinedGlyph, PxScale, ScaleFont, point};

/// The embedded font file.
static FONT_TTF: &[u8] = include_bytes!("fonts/DejaVuSans.ttf");

/// The parsed font and the metrics layout needs, font units (y up from the baseline).
pub(super) struct Face {
    font: FontRef<'static>,
    /// Height of a capital (the top of `H`).
    cap_units: f32,
    /// Highest ink of any printable ASCII glyph: the room every line keeps above its baseline.
    ink_ascent_units: f32,
    /// Lowest ink of any printable ASCII glyph, as a positive depth below the baseline.
    ink_descent_units: f32,
    /// Baseline to baseline, as the font's designers spaced lines.
    line_units: f32,
}

/// The font, parsed on first use (parsing reads the tables; every later call is free).
pub(super) fn face() -> &'static Face {
    static FACE: OnceLock<Face> = OnceLock::new();
    FACE.get_or_init(|| {
        // The bytes are compiled in and checked by the tests, so this cannot fail at run time.
        let font = FontRef::try_from_slice(FONT_TTF).expect("the embedded font parses");
        // `Outline::bounds` keeps font units with `min.y` the top and `max.y` the bottom.
        let bounds = |c: char| font.outline(font.glyph_id(c)).map(|o| o.bounds);
        let cap_units = bounds('H').map_or(font.ascent_unscaled(), |b| b.min.y);
        let (mut top, mut bottom) = (cap_units, 0.0f32);
        for b in (33u8..127).filter_map(|c| bounds(char::from(c))) {
            top = top.max(b.min.y);
            bottom = bottom.min(b.max.y);
        }
        let line_units = font.height_unscaled() + font.line_gap_unscaled();
        Face { font, cap_units, ink_ascent_units: top, ink_descent_units: -bottom, line_units }
    })
}

/// Where the lines of a text sit at one size, whole px: baselines on pixel edges keep the
/// baseline and (at whole-pixel cap heights) the tops of capitals crisp.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LineMetrics {
    /// Image px per font unit.
    units_to_px: f32,
    /// From a line's top to its baseline, px.
    pub ascent_px: u32,
    /// From a line's top to the bottom of its lowest possible ink, px.
    pub line_box_px: u32,
    /// From one line's top to the next's, px.
    pub advance_px: u32,
}

impl Face {
    /// Line metrics for capitals `cap_height_px` tall.
    pub(super) fn metrics(&self, cap_height_px: f32) -> LineMetrics {
        let k = cap_height_px / self.cap_units;
        let ascent_px = (self.ink_ascent_units * k).ceil() as u32;
        let line_box_px = ascent_px + (self.ink_descent_units * k).ceil() as u32;
        let advance_px = ((self.line_units * k).round() as u32).max(line_box_px);
        LineMetrics { units_to_px: k, ascent_px, line_box_px, advance_px }
    }

    /// The glyph of `c`, or of `?` where the font has none (so gaps in the font show).
    fn glyph_id(&self, c: char) -> GlyphId {
        match self.font.glyph_id(c) {
            GlyphId(0) => self.font.glyph_id('?'),
            id => id,
        }
    }

    /// The glyphs of one line with the baseline at `baseline_px` and the pen starting at 0,
    /// kerned, and the line's width: the pen's end or the last ink, whichever is further, px.
    pub(super) fn layout_line(
        &self,
        line: &str,
        metrics: &LineMetrics,
        baseline_px: f32,
    ) -> (Vec<OutlinedGlyph>, u32) {
        let scaled = self.font.as_scaled(PxScale::from(metrics.units_to_px * self.height()));
        let (mut pen_px, mut right_px) = (0.0f32, 0.0f32);
        let mut previous: Option<GlyphId> = None;
        let mut glyphs = Vec::with_capacity(line.len());
        for c in line.chars() {
            let id = self.glyph_id(c);
            if let Some(previous) = previous {
                pen_px += scaled.kern(previous, id);
            }
            let glyph = id.with_scale_and_position(scaled.scale(), point(pen_px, baseline_px));
            pen_px += scaled.h_advance(id);
            if let Some(outlined) = self.font.outline_glyph(glyph) {
                right_px = right_px.max(outlined.px_bounds().max.x);
                glyphs.push(outlined);
            }
            previous = Some(id);
        }
        // A hair of float error must not add a column of nothing.
        let width_px = (pen_px.max(right_px) - 1e-3).ceil().max(0.0) as u32;
        (glyphs, width_px)
    }

    /// Ascent minus descent, font units: the unit `ab_glyph`'s `PxScale` counts in.
    fn height(&self) -> f32 {
        self.font.height_unscaled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_has_sane_metrics() {
        let f = face();
        // DejaVu Sans: capitals 1493 of 2048 units per em.
        assert_eq!(f.cap_units, 1493.0);
        assert!(f.ink_ascent_units > f.cap_units && f.ink_ascent_units < 1.2 * f.cap_units);
        assert!(f.ink_descent_units > 0.2 * f.cap_units && f.ink_descent_units < 0.5 * f.cap_units);
        let m = f.metrics(20.0);
        // The grave accent (1638 units) is the highest ASCII ink: 21.9 px over 20-px capitals.
        assert_eq!(m.ascent_px, 22);
        // `_` and `|` reach lowest, 483 units: 6.5 px.
        assert_eq!(m.line_box_px, 22 + 7);
        assert!(m.line_box_px > m.ascent_px && m.advance_px >= m.line_box_px);
    }

    #[test]
    fn characters_the_font_lacks_show_as_a_question_mark() {
        let f = face();
        assert_eq!(f.glyph_id('\u{E000}'), f.glyph_id('?'));
        assert_ne!(f.glyph_id('µ'), f.glyph_id('?'), "the font covers Latin-1");
    }
}
