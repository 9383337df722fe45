//! The Poisson-disc engine: a maximal, variable-spacing dot set over a rectangle, in parallel
//! and byte-identical on any number of threads.
//!
//! # The spacing rule
//! Every point `p` of the scalp map has a minimum spacing `r(p)` in mm, from a density field
//! through [`spacing_mm_for_density`] or directly from a [`SpacingField`]. Two dots `p`, `q`
//! satisfy `|p − q| ≥ min(r(p), r(q))`: the denser end of a pair decides. With this rule a
//! candidate only has to look `r(p)` around itself, so the search stays local even next to a
//! sparse zone; the price is that under a gradient a pair may sit slightly below the spacing at
//! its midpoint (measured 0.9 % for 0.8 → 3 mm over 120 mm, `tests/api/engine_rules.rs`).
//!
//! # Maximality
//! The set is maximal: no point `x` of the domain that wants dots (finite `r(x)`) is at least
//! `min(r(x), r(q))` away from every dot `q`, so there is no hole a dot would fit in. Dots from
//! earlier sessions count: new dots go between them and the union is maximal.
//!
//! # How
//! A grid of cells of side `r_min/√2` holds at most one dot per cell, with a bitmap of the
//! occupied cells so that searches where the spacing is wide visit dots, not cells (`grid.rs`).
//! Tiles of the grid run in four phases of a 2 × 2 colouring (`tiling.rs`). A tile with a
//! smooth spacing is cut into dart cells sized for its own smallest spacing, so the work follows
//! the local dot count rather than the finest spacing anywhere; one dart per dart cell in
//! shuffled order places most dots (`darts.rs`), then void filling proves every empty dart cell
//! covered or fills it (`voids.rs`). Earlier sessions' dots that do not fit the grid live in `existing.rs`; the
//! density ↔ spacing conversion and `KAPPA` in `calibration.rs`.
//!
//! # Output
//! Only the new dots, in row-major order of the grid cells (bands of about `0.7 r_min` in y, x
//! ascending inside each band): the same for the same inputs and seed on any thread count.

mod calibration;
mod corners;
mod darts;
mod existing;
mod grid;
mod spacing;
mod tiling;
mod voids;

pub use calibration::{
    KAPPA, MAX_SPACING_MM, MIN_DENSITY_PER_CM2, density_per_cm2_for_spacing, spacing_mm_for_density,
};
pub use spacing::{LinearSpacing, SpacingField, UniformSpacing};

use crate::geom::{MapPoint, MapRect};
use darts::Ctx;
use grid::{Disc, Grid};
use spacing::Clamped;
use tiling::Tiling;

/// Options for one sampler run.
#[derive(Clone, Debug)]
pub struct SampleOptions {
    /// Seed of the run; the same seed gives the same dots on any thread count. Default: 0.
    pub seed: u64,
    /// Refuse, before allocating, requests expected to exceed this many dots (the expectation is
    /// the domain's area at the field's largest density). Default: 50 million.
    pub max_dots: usize,
}

/// Default dot limit of a request: 50 million dots need about 2.75 GB (about 55 bytes a dot),
/// which fits the smallest machine a clinic would run this on.
pub const DEFAULT_MAX_DOTS: usize = 50_000_000;

impl Default for SampleOptions {
    fn default() -> Self {
        Self { seed: 0, max_dots: DEFAULT_MAX_DOTS }
    }
}

/// Why a sampler run was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SampleError {
    /// The request would produce more dots than `max_dots`.
    #[error(
        "the request needs about {expected} dots, more than the limit of {limit}; \
         use a smaller domain or a lower density"
    )]
    TooManyDots {
        /// Estimated dots, rounded up (saturated at `u64::MAX`): a limit of this many is enough.
        expected: u64,
        /// The limit in force.
        limit: usize,
    },
    /// The domain is not a rectangle of positive, finite size.
    #[error("the domain must have a positive, finite size in mm, got {width_mm} × {height_mm}")]
    InvalidDomain {
        /// Width in mm.
        width_mm: f32,
        /// Height in mm.
        height_mm: f32,
    },
    /// The field's smallest spacing is negative or not a number.
    #[error("the smallest spacing must be a positive number of mm, got {spacing_mm}")]
    InvalidSpacing {
        /// The field's `min_spacing_mm()`.
        spacing_mm: f32,
    },
}

/// New dots in `domain` whose minimum spacing follows `field` (mm), placed between `existing`
/// dots (never moved or returned; their spacing is evaluated from `field`).
///
/// Spacings above [`MAX_SPACING_MM`] (or NaN) get no dots; spacings are clamped into
/// `[field.min_spacing_mm(), field.max_spacing_mm()]`. Errors: [`SampleError`].
pub fn sample_spacing<S: SpacingField + ?Sized>(
    domain: MapRect,
    field: &S,
    existing: &[MapPoint],
    options: &SampleOptions,
) -> Result<Vec<MapPoint>, SampleError> {
    let (w, h) = (domain.width_mm(), domain.height_mm());
    if !(w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()) {
        return Err(SampleError::InvalidDomain { width_mm: w, height_mm: h });
    }
    let r_min = field.min_spacing_mm();
    if r_min.is_nan() || r_min < 0.0 {
        return Err(SampleError::InvalidSpacing { spacing_mm: r_min });
    }
    if r_min > MAX_SPACING_MM {
        return Ok(Vec::new());
    }
    // Rounded up, so that `--max-dots` set to the reported count is always enough.
    let too_many = |expected: f64| SampleError::TooManyDots {
        expected: expected.ceil().min(u64::MAX as f64) as u64,
        limit: options.max_dots,
    };
    let expected = calibration::expected_dots(f64::from(w) * f64::from(h), r_min);
    if expected > options.max_dots as f64 {
        return Err(too_many(expected));
    }
    let r_max = field.max_spacing_mm().min(MAX_SPACING_MM).max(r_min);
    // Cells are ~2.8 per expected dot, but a thin domain still has a whole row; cell indices
    // must fit in u32.
    let cell_mm = Grid::cell_mm_for(r_min);
    let cells = (f64::from(w / cell_mm).ceil() + 1.0) * (f64::from(h / cell_mm).ceil() + 1.0);
    if cells >= f64::from(u32::MAX) {
        return Err(too_many(expected));
    }
    let reach = (r_max / cell_mm).ceil() as usize + 1;

    let grid = Grid::new(domain, r_min);
    let spacing = Clamped { field, r_min, r_max };
    let placed = existing::place(
        &grid,
        existing.iter().map(|p| Disc {
            x: p.x_mm,
            y: p.y_mm,
            // An earlier dot where no dot belongs still keeps new ones r(x) away: min(r(x), ∞).
            r: spacing.at(p.x_mm, p.y_mm).min(r_max),
        }),
        r_max,
    );
    let ctx = Ctx { grid: &grid, existing: placed.overflow.as_ref(), spacing };
    Tiling::new(grid.nx, grid.ny, reach).run(&ctx, options.seed);

    Ok(grid.dots_except(&placed.in_grid))
}
