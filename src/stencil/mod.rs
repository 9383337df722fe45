//! 1:1 stencils: a plan's dots on paper at true size, as PNG (with its DPI) or SVG (in mm).
//!
//! # Use
//! [`Stencil::new`] checks the options and lays the plan out on pages; [`Stencil::write_page`]
//! encodes one page into any writer. A layout larger than the paper is tiled into numbered
//! pages that share an overlap strip carrying alignment crosses; [`PageSize::None`] gives one
//! sheet.
//!
//! # Frame
//! A dot at map point `(x_mm, y_mm)` is drawn centred on canvas px
//! `((x_mm − extent.min.x_mm)·dpi/25.4, (y_mm − extent.min.y_mm)·dpi/25.4)`, pixel `(i, j)`
//! covering `[i, i+1) × [j, j+1)`; [`PageInfo`] says where each page's window onto the canvas
//! sits. +x on paper is +x on the map (toward the client's left), +y is toward the back of the
//! head: the sheet shows the scalp as seen from beneath, which is how a transfer stencil laid
//! ink-down reads correctly on the head.
//!
//! # What is on every page
//! A 10 mm scale bar, four registration crosses in the margin 5 mm outside the window's
//! corners, the preset name, seed, sessions and page number, a legend when sessions are
//! shaded, and on tiled pages alignment crosses in the overlap strips and ticks in the margin
//! where the strips begin and end.
//!
//! With [`StencilOptions::hairline_only`] a page carries the designed hairline alone (no dots,
//! no zone borders) with all of the above: the practitioner's drawing at 1:1 to transfer onto
//! the client's head.

mod disc;
mod layout;
mod marks;
mod options;
mod png;
mod raster;
mod svg;
mod text;

pub use layout::PageInfo;
pub use options::{
    DPI_RANGE, MIN_DOT_MM_RANGE, OVERLAP_MM_RANGE, PageSize, SessionSelection, StencilError,
    StencilFormat, StencilOptions,
};

use std::io::Write;

use crate::geom::MapPoint;
use crate::plan::Plan;
use crate::progress::{NoProgress, Progress};
use layout::PageLayout;
use marks::{LINE_MM, Labels, Mark};
use raster::PageDot;

/// A plan laid out as stencil pages, ready to encode page by page.
pub struct Stencil<'a> {
    plan: &'a Plan,
    options: StencilOptions,
    layout: PageLayout,
    /// The selected dots in canvas px, in the plan's order.
    dots: Vec<PageDot>,
}

impl<'a> Stencil<'a> {
    /// Lays `plan` out as pages; fails if an option is out of range, the plan's extent is empty
    /// or the paper cannot hold the footer.
    pub fn new(plan: &'a Plan, options: &StencilOptions) -> Result<Self, StencilError> {
        options.validate(plan.session_count)?;
        if options.hairline_only && plan.hairline_mm.is_empty() {
            return Err(StencilError::NoHairline);
        }
        let extent = plan.extent_mm;
        let (w, h) = (extent.width_mm(), extent.height_mm());
        if !(w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0) {
            return Err(StencilError::EmptyExtent { width_mm: w, height_mm: h });
        }
        let px_per_mm = options.dpi as f64 / layout::MM_PER_INCH;
        let min_dot_mm = options.min_dot_mm as f64;
        let session_count = plan.session_count;
        let dots: Vec<PageDot> = plan
            .dots
            .iter()
            // A hairline-only sheet carries the line alone, for drawing it on the head.
            .filter(|_| !options.hairline_only)
            .filter(|d| match options.sessions {
                SessionSelection::Only(n) => d.session == n,
                SessionSelection::Through(n) => d.session <= n,
                _ => true,
            })
            .map(|d| {
                let [cx, cy] = map_to_canvas_px(plan, d.position, px_per_mm);
                PageDot {
                    cx,
                    cy,
                    r: (d.diameter_mm as f64).max(min_dot_mm) / 2.0 * px_per_mm,
                    ink: marks::session_ink(options.sessions, d.session, session_count),
                }
            })
            .collect();
        // Dots on the extent's border are drawn whole: the canvas reaches past the extent by
        // the largest radius plus two pixels.
        let max_r = dots.iter().fold(0.0_f64, |m, d| m.max(d.r));
        let pad_px = max_r.ceil() as i64 + 2;
        let layout = PageLayout::new(
            (w as f64, h as f64),
            pad_px,
            options.dpi,
            options.page,
            options.overlap_mm as f64,
        )?;
        Ok(Self { plan, options: options.clone(), layout, dots })
    }

    /// Number of pages (1 for [`PageSize::None`]).
    pub fn page_count(&self) -> usize {
        self.layout.page_count()
    }

    /// Where page `index` (from 0) sits; `None` past the last page.
    pub fn page(&self, index: usize) -> Option<PageInfo> {
        (index < self.page_count()).then(|| self.layout.page(index))
    }

    /// Every page in order.
    pub fn pages(&self) -> impl Iterator<Item = PageInfo> + '_ {
        (0..self.page_count()).map(|i| self.layout.page(i))
    }

    /// Where the scale bar of page `index` is drawn, page px `[x0, y0, x1, y1]`.
    pub fn scale_bar_px(&self, index: usize) -> Option<[f64; 4]> {
        self.page(index).map(|p| marks::scale_bar_px(&self.layout, &p))
    }

    /// Alignment-cross centres, canvas px (each appears on every page whose window holds it).
    pub fn alignment_crosses_px(&self) -> Vec<[f64; 2]> {
        self.layout.alignment_crosses_px()
    }

    /// Encodes page `index` (from 0) in the chosen format into `out`.
    pub fn write_page<W: Write>(&self, index: usize, out: W) -> Result<(), StencilError> {
        self.write_page_with_progress(index, out, &NoProgress)
    }

    /// As [`Stencil::write_page`], telling `progress` how many of the page's rows of pixels
    /// are written (PNG: band by band; SVG: all at the end). The bytes are the same.
    pub fn write_page_with_progress<W: Write>(
        &self,
        index: usize,
        out: W,
        progress: &dyn Progress,
    ) -> Result<(), StencilError> {
        let page_count = self.page_count();
        let page = self.page(index).ok_or(StencilError::PageOutOfRange { index, page_count })?;
        let content = self.page_content(&page);
        match self.options.format {
            StencilFormat::Png => png::write_png(&content, out, progress),
            StencilFormat::Svg => {
                let rows = u64::from(page.height_px);
                progress.update(0, rows);
                svg::write_svg(&content, out)?;
                progress.update(rows, rows);
                Ok(())
            }
        }
    }

    /// The dots and marks of one page, page px.
    fn page_content(&self, page: &PageInfo) -> PageContent {
        let [x0, y0] = page.content_origin_px;
        let [w, h] = page.content_size_px;
        let clip = raster::Clip { x0, y0, x1: x0 + w, y1: y0 + h };
        let dots = self
            .dots
            .iter()
            .filter_map(|d| {
                let [cx, cy] = page.canvas_to_page_px([d.cx, d.cy]);
                let inside = cx + d.r > clip.x0 as f64
                    && cx - d.r < clip.x1 as f64
                    && cy + d.r > clip.y0 as f64
                    && cy - d.r < clip.y1 as f64;
                inside.then_some(PageDot { cx, cy, ..*d })
            })
            .collect();
        let labels = Labels {
            preset_name: &self.plan.preset_name,
            seed: self.plan.seed,
            session_count: self.plan.session_count,
            sessions: self.options.sessions,
            dpi: self.options.dpi,
            overlap_mm: self.options.overlap_mm as f64,
        };
        let marks = marks::page_marks(&self.layout, page, &labels);
        let mut outlines = Vec::new();
        if self.options.outline || self.options.hairline_only {
            let k = self.layout.px_per_mm;
            let to_page = |p: &MapPoint| page.canvas_to_page_px(map_to_canvas_px(self.plan, *p, k));
            let width = LINE_MM * k;
            let zones = if self.options.hairline_only { &[][..] } else { &self.plan.zones[..] };
            for zone in zones {
                for ring in &zone.outlines_mm {
                    let mut points: Vec<[f64; 2]> = ring.iter().map(to_page).collect();
                    if let Some(&first) = points.first() {
                        points.push(first);
                    }
                    outlines.push(Mark::Polyline { points, width });
                }
            }
            if !self.plan.hairline_mm.is_empty() {
                let points = self.plan.hairline_mm.iter().map(to_page).collect();
                outlines.push(Mark::Polyline { points, width: 2.0 * width });
            }
        }
        PageContent {
            width_px: page.width_px,
            height_px: page.height_px,
            px_per_mm: self.layout.px_per_mm,
            dpi: self.options.dpi,
            transparent: self.options.transparent,
            title: format!(
                "{} seed {} page {}",
                self.plan.preset_name, self.plan.seed, page.number
            ),
            clip,
            dots,
            outlines,
            marks,
        }
    }
}

/// A map point in canvas px at `px_per_mm` (see the module's frame).
fn map_to_canvas_px(plan: &Plan, p: MapPoint, px_per_mm: f64) -> [f64; 2] {
    let min = plan.extent_mm.min;
    [(p.x_mm as f64 - min.x_mm as f64) * px_per_mm, (p.y_mm as f64 - min.y_mm as f64) * px_per_mm]
}

/// Everything drawn on one page, page px; what the PNG and SVG writers consume.
pub(crate) struct PageContent {
    width_px: u32,
    height_px: u32,
    px_per_mm: f64,
    dpi: u32,
    transparent: bool,
    title: String,
    /// The window onto the map: dots and outlines are drawn only inside it.
    clip: raster::Clip,
    dots: Vec<PageDot>,
    /// Zone outlines and hairline, clipped to the window.
    outlines: Vec<Mark>,
    /// Crosses, ticks, scale bar, labels and legend, drawn anywhere on the page.
    marks: Vec<Mark>,
}
