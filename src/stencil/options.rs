//! What a stencil shows and how it is printed: [`StencilOptions`], and why a request is refused.

use std::ops::RangeInclusive;

/// DPIs a stencil can be rendered at: below 72 a 0.3 mm dot is under one pixel, above 2400 no
/// office or photo printer resolves the extra detail and a full-scalp sheet passes a gigapixel.
pub const DPI_RANGE: RangeInclusive<u32> = 72..=2400;

/// Smallest drawn dot diameters allowed, mm: zero draws every dot at its healed size; beyond 5 mm
/// neighbouring dots (about 1 mm apart) would merge into a solid sheet.
pub const MIN_DOT_MM_RANGE: RangeInclusive<f32> = 0.0..=5.0;

/// Overlap strips allowed between tiled pages, mm: up to 50 mm keeps most of a page new.
pub const OVERLAP_MM_RANGE: RangeInclusive<f32> = 0.0..=50.0;

/// Which of a plan's dots a stencil shows, and how sessions are told apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SessionSelection {
    /// Every dot of every session, all black: the finished treatment.
    #[default]
    All,
    /// Only the dots placed in this session (from 1), all black: the template to tattoo in that
    /// session. This is what `--session N` selects.
    Only(u8),
    /// The dots of sessions 1 through this one, all black: the look after that session.
    Through(u8),
    /// Every dot, each session in its own shade of grey (session 1 lightest, the last black),
    /// with a legend on every page. This is what `--sessions` selects.
    EachMarked,
}

/// The paper a stencil is printed on.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
#[non_exhaustive]
pub enum PageSize {
    /// ISO A4, 210 × 297 mm; large layouts are tiled over several pages.
    #[default]
    A4,
    /// US Letter, 215.9 × 279.4 mm; large layouts are tiled over several pages.
    Letter,
    /// Any paper, in mm (A3, a plotter roll cut to length, a label sheet); tiled like A4.
    Custom {
        /// Paper width, mm.
        width_mm: f32,
        /// Paper height, mm.
        height_mm: f32,
    },
    /// One sheet exactly as large as the layout plus its margins and footer (for plotters and
    /// large-format printers); never tiled.
    None,
}

impl PageSize {
    /// The paper's portrait width and height in mm; `None` for a sheet sized to the layout.
    pub fn paper_mm(self) -> Option<(f32, f32)> {
        match self {
            PageSize::A4 => Some((210.0, 297.0)),
            PageSize::Letter => Some((215.9, 279.4)),
            PageSize::Custom { width_mm, height_mm } => Some((width_mm, height_mm)),
            PageSize::None => None,
        }
    }
}

/// The file format of a stencil page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum StencilFormat {
    /// 8-bit greyscale PNG (grey + alpha when transparent) with the DPI in its pHYs chunk.
    #[default]
    Png,
    /// Plain SVG sized in mm, one `<circle>` per dot.
    Svg,
}

/// How a plan is drawn as a 1:1 stencil.
#[derive(Clone, Debug, PartialEq)]
pub struct StencilOptions {
    /// Pixels per inch of the PNG (written into its pHYs chunk); SVG pages use the same pixel
    /// grid for their layout so both formats match. Allowed: [`DPI_RANGE`]. Default: 600.
    pub dpi: u32,
    /// Which dots are drawn and how sessions are told apart. Default: [`SessionSelection::All`].
    pub sessions: SessionSelection,
    /// The paper; large layouts are tiled over numbered pages. Default: [`PageSize::A4`].
    pub page: PageSize,
    /// PNG or SVG. Default: [`StencilFormat::Png`].
    pub format: StencilFormat,
    /// Draw the zone borders and the designed hairline. Default: false.
    pub outline: bool,
    /// Each dot is drawn at its healed diameter or at this diameter, mm, whichever is larger
    /// (a 0.15 mm dot is 3.5 px at 600 dpi, too small for most printers).
    /// Allowed: 0 to 5 mm. Default: 0.3.
    pub min_dot_mm: f32,
    /// Leave the paper transparent instead of white (PNG gets an alpha channel, SVG no
    /// background). Default: false.
    pub transparent: bool,
    /// Width of the strip that neighbouring tiled pages share, mm, so they can be overlapped and
    /// taped. Allowed: 0 to 50 mm. Default: 10.
    pub overlap_mm: f32,
    /// Draw only the designed hairline (no dots, no zone borders), with the scale bar and
    /// registration marks, for transferring the drawing to the client's head. Default: false.
    pub hairline_only: bool,
}

impl Default for StencilOptions {
    fn default() -> Self {
        Self {
            dpi: 600,
            sessions: SessionSelection::All,
            page: PageSize::A4,
            format: StencilFormat::Png,
            outline: false,
            min_dot_mm: 0.3,
            transparent: false,
            overlap_mm: 10.0,
            hairline_only: false,
        }
    }
}

/// Why a stencil cannot be drawn or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StencilError {
    /// `dpi` is outside [`DPI_RANGE`].
    #[error("dpi {dpi} is out of range: allowed 72 to 2400")]
    DpiOutOfRange {
        /// The DPI asked for.
        dpi: u32,
    },
    /// `min_dot_mm` is outside 0 to 5 mm or not a number.
    #[error("min_dot_mm {min_dot_mm} is out of range: allowed 0 to 5 mm")]
    MinDotOutOfRange {
        /// The diameter asked for, mm.
        min_dot_mm: f32,
    },
    /// `overlap_mm` is outside 0 to 50 mm or not a number.
    #[error("overlap_mm {overlap_mm} is out of range: allowed 0 to 50 mm")]
    OverlapOutOfRange {
        /// The overlap asked for, mm.
        overlap_mm: f32,
    },
    /// The session asked for is not one of the plan's.
    #[error("session {session} does not exist: the plan has sessions 1 to {session_count}")]
    SessionOutOfRange {
        /// The session asked for.
        session: u8,
        /// Sessions in the plan.
        session_count: u8,
    },
    /// The paper cannot hold the margins, the footer with its 10 mm scale bar, and some map.
    #[error(
        "page {width_mm} × {height_mm} mm is too small: a stencil page needs at least \
         {min_width_mm} × {min_height_mm} mm for its margins, scale bar and footer"
    )]
    PageTooSmall {
        /// Paper width asked for, mm.
        width_mm: f32,
        /// Paper height asked for, mm.
        height_mm: f32,
        /// Smallest width that works, mm.
        min_width_mm: f32,
        /// Smallest height that works with this overlap, mm.
        min_height_mm: f32,
    },
    /// The plan's extent is empty or not finite, so there is no map to draw.
    #[error("the plan's extent {width_mm} × {height_mm} mm is empty: a stencil needs an area")]
    EmptyExtent {
        /// Extent width, mm.
        width_mm: f32,
        /// Extent height, mm.
        height_mm: f32,
    },
    /// A page index past the last page.
    #[error("page index {index} does not exist: the stencil has pages 0 to {}", page_count - 1)]
    PageOutOfRange {
        /// Index asked for, from 0.
        index: usize,
        /// Pages in the stencil.
        page_count: usize,
    },
    /// `hairline_only` with a plan that treats no hairline, so there is no line to draw.
    #[error("the plan has no hairline zone: a hairline-only stencil needs one")]
    NoHairline,
    /// The writer refused the bytes.
    #[error("writing the stencil failed: {0}")]
    Write(#[from] std::io::Error),
    /// The PNG encoder refused the image (a format limit, not I/O).
    #[error("encoding the stencil PNG failed: {0}")]
    Encode(String),
}

impl From<png::EncodingError> for StencilError {
    fn from(err: png::EncodingError) -> Self {
        match err {
            png::EncodingError::IoError(io) => StencilError::Write(io),
            other => StencilError::Encode(other.to_string()),
        }
    }
}

impl StencilOptions {
    /// Checks every field against its allowed range.
    pub(crate) fn validate(&self, session_count: u8) -> Result<(), StencilError> {
        if !DPI_RANGE.contains(&self.dpi) {
            return Err(StencilError::DpiOutOfRange { dpi: self.dpi });
        }
        if !MIN_DOT_MM_RANGE.contains(&self.min_dot_mm) {
            return Err(StencilError::MinDotOutOfRange { min_dot_mm: self.min_dot_mm });
        }
        if !OVERLAP_MM_RANGE.contains(&self.overlap_mm) {
            return Err(StencilError::OverlapOutOfRange { overlap_mm: self.overlap_mm });
        }
        match self.sessions {
            SessionSelection::Only(session) | SessionSelection::Through(session)
                if session == 0 || session > session_count =>
            {
                Err(StencilError::SessionOutOfRange { session, session_count })
            }
            _ => Ok(()),
        }
    }
}
