//! Drawing one horizontal band of a page into an 8-bit ink buffer (0 = paper, 255 = black).
//!
//! Dots add their ink (saturating), marks take the darker of theirs and what is there; both are
//! independent of drawing order, and every band is drawn from the same inputs whatever the band
//! split or thread count, so pages are byte-identical on any machine.

use super::disc::disc_coverage;
use super::marks::Mark;

/// A dot ready to draw, page px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct PageDot {
    /// Centre, page px.
    pub cx: f64,
    /// Centre, page px.
    pub cy: f64,
    /// Drawn radius, px.
    pub r: f64,
    /// Darkness of a fully covered pixel, 0..=1.
    pub ink: f64,
}

/// A band of page rows `[y0, y0 + rows)` spanning the page width.
pub(crate) struct InkBand {
    /// First page row of the band.
    pub y0: i64,
    /// Page width, px.
    pub width: i64,
    /// Rows in the band.
    pub rows: i64,
    /// Row-major ink, `width × rows`.
    pub ink: Vec<u8>,
}

/// A pixel rectangle `[x0, x1) × [y0, y1)`, page px.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clip {
    pub x0: i64,
    pub y0: i64,
    pub x1: i64,
    pub y1: i64,
}

fn to_u8(value: f64) -> u8 {
    (value * 255.0 + 0.5).clamp(0.0, 255.0) as u8
}

impl InkBand {
    /// A blank band.
    pub fn new(y0: i64, rows: i64, width: i64) -> Self {
        Self { y0, width, rows, ink: vec![0; (width * rows) as usize] }
    }

    /// Clears the band and moves it to rows `[y0, y0 + rows)`, keeping its allocation.
    pub fn reset(&mut self, y0: i64, rows: i64) {
        self.y0 = y0;
        self.rows = rows;
        self.ink.clear();
        self.ink.resize((self.width * rows) as usize, 0);
    }

    fn clip_to_band(&self, clip: Clip) -> Clip {
        Clip {
            x0: clip.x0.max(0),
            x1: clip.x1.min(self.width),
            y0: clip.y0.max(self.y0),
            y1: clip.y1.min(self.y0 + self.rows),
        }
    }

    fn index(&self, x: i64, y: i64) -> usize {
        ((y - self.y0) * self.width + x) as usize
    }

    /// Adds a dot's ink inside `clip`.
    pub fn add_dot(&mut self, dot: &PageDot, clip: Clip) {
        let c = self.clip_to_band(clip);
        disc_coverage(dot.cx, dot.cy, dot.r, (c.y0, c.y1), (c.x0, c.x1), |x, y, coverage| {
            let i = self.index(x, y);
            self.ink[i] = self.ink[i].saturating_add(to_u8(coverage * dot.ink));
        });
    }

    fn darken(&mut self, x: i64, y: i64, value: f64) {
        let i = self.index(x, y);
        self.ink[i] = self.ink[i].max(to_u8(value));
    }

    /// Draws a mark inside `clip`; text is drawn from its bitmap ([`InkBand::draw_text`]).
    pub fn draw_mark(&mut self, mark: &Mark, clip: Clip) {
        let c = self.clip_to_band(clip);
        if c.x0 >= c.x1 || c.y0 >= c.y1 {
            return;
        }
        match mark {
            Mark::Rect { x0, y0, x1, y1, ink } => self.fill_rect([*x0, *y0, *x1, *y1], *ink, c),
            Mark::Disc { cx, cy, r, ink } => {
                disc_coverage(*cx, *cy, *r, (c.y0, c.y1), (c.x0, c.x1), |x, y, coverage| {
                    self.darken(x, y, coverage * ink)
                })
            }
            Mark::Polyline { points, width } => {
                for pair in points.windows(2) {
                    self.stroke_segment(pair[0], pair[1], width / 2.0, c);
                }
            }
            // Rasterised once per page rather than once per band.
            Mark::Text { .. } => {}
        }
    }

    /// Exact box coverage: each pixel gets the area of the rectangle inside it.
    fn fill_rect(&mut self, [x0, y0, x1, y1]: [f64; 4], ink: f64, c: Clip) {
        let overlap =
            |lo: f64, hi: f64, p: i64| (hi.min(p as f64 + 1.0) - lo.max(p as f64)).max(0.0);
        let (px0, px1) = ((x0.floor() as i64).max(c.x0), (x1.ceil() as i64).min(c.x1));
        let (py0, py1) = ((y0.floor() as i64).max(c.y0), (y1.ceil() as i64).min(c.y1));
        for y in py0..py1 {
            let cover_y = overlap(y0, y1, y);
            for x in px0..px1 {
                self.darken(x, y, cover_y * overlap(x0, x1, x) * ink);
            }
        }
    }

    /// A line of half-width `half` px, anti-aliased by the distance of each pixel centre to the
    /// segment (one pixel ramp), round-capped so polylines join without gaps.
    fn stroke_segment(&mut self, a: [f64; 2], b: [f64; 2], half: f64, c: Clip) {
        let reach = half + 1.0;
        let px0 = ((a[0].min(b[0]) - reach).floor() as i64).max(c.x0);
        let px1 = ((a[0].max(b[0]) + reach).ceil() as i64).min(c.x1);
        let py0 = ((a[1].min(b[1]) - reach).floor() as i64).max(c.y0);
        let py1 = ((a[1].max(b[1]) + reach).ceil() as i64).min(c.y1);
        let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
        let len2 = dx * dx + dy * dy;
        for y in py0..py1 {
            for x in px0..px1 {
                let (qx, qy) = (x as f64 + 0.5 - a[0], y as f64 + 0.5 - a[1]);
                let t = if len2 > 0.0 { ((qx * dx + qy * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
                let (ex, ey) = (qx - t * dx, qy - t * dy);
                let coverage = (half + 0.5 - (ex * ex + ey * ey).sqrt()).clamp(0.0, 1.0);
                if coverage > 0.0 {
                    self.darken(x, y, coverage);
                }
            }
        }
    }
}
