//! A treatment plan: the preset's zones sampled session after session into dots.
//!
//! The one place where sessions layer; previews, stencils and statistics all consume a [`Plan`].
//! [`build_plan`] turns a [`Layout`] into a plan; the shape of [`Plan`] is what others read.

use std::sync::Arc;

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

use crate::dots::{Dot, ZoneKind};
use crate::field::{DensityField, ScaledField, outlines_mm, sample_density};
use crate::geom::{MapPoint, MapRect, SCALP_MAP_MM};
use crate::preset::Layout;
use crate::sample::{MIN_DENSITY_PER_CM2, SampleError, SampleOptions};
use crate::seed::{derive_seed, stream};

/// One treatment zone of a plan, as renderers and statistics see it.
#[derive(Clone, Debug)]
pub struct PlanZone {
    /// The zone's name in the preset (e.g. `hairline`, `crown`).
    pub name: String,
    /// What kind of zone it is.
    pub kind: ZoneKind,
    /// Closed outlines on the scalp map, mm (the border where the zone's density reaches zero);
    /// drawn by `--guides` and `--outline`.
    pub outlines_mm: Vec<Vec<MapPoint>>,
}

/// Every dot of a preset's treatment, with what is needed to draw and explain it.
#[derive(Clone)]
pub struct Plan {
    /// The preset's name (e.g. `norwood-4`).
    pub preset_name: String,
    /// Seed the dots were sampled with.
    pub seed: u64,
    /// Number of sessions in the plan, from 1.
    pub session_count: u8,
    /// The treatment zones; `Dot::zone` indexes this list.
    pub zones: Vec<PlanZone>,
    /// The designed hairline as a polyline on the scalp map, mm, left to right; empty if none.
    pub hairline_mm: Vec<MapPoint>,
    /// The rectangle of the scalp map the plan was sampled over, mm.
    pub extent_mm: MapRect,
    /// All dots, ordered by session, then in the sampler's deterministic order.
    pub dots: Vec<Dot>,
    /// Density of the client's own remaining hair, in hairs/cm² (for drawing stubble on the
    /// default head); zero where the scalp is bald.
    pub native_hair: Arc<dyn DensityField + Send>,
}

impl Plan {
    /// The dots placed in sessions `1..=session`.
    pub fn dots_through_session(&self, session: u8) -> &[Dot] {
        let end = self.dots.partition_point(|d| d.session <= session);
        &self.dots[..end]
    }
}

/// Options for [`build_plan`].
#[derive(Clone, Debug)]
pub struct PlanOptions {
    /// Seed of the dots (the layout's own shape has its `pattern_seed`). Default 0.
    pub seed: u64,
    /// Sample only this part of the scalp map, mm (e.g. a test patch); `None` samples everything
    /// the zones cover. Default `None`.
    pub region_mm: Option<MapRect>,
    /// Refuse plans expected to exceed this many dots. Default 50 million.
    pub max_dots: usize,
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self { seed: 0, region_mm: None, max_dots: crate::sample::DEFAULT_MAX_DOTS }
    }
}

/// Why a plan could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The sampler refused a session.
    #[error("session {session}: {source}")]
    Sample {
        /// The session, from 1.
        session: u8,
        /// The sampler's reason.
        source: SampleError,
    },
}

/// Spacing of the grid the zone outlines are traced on, mm.
const OUTLINE_STEP_MM: f32 = 2.0;

fn intersect(a: MapRect, b: MapRect) -> Option<MapRect> {
    let r = MapRect {
        min: MapPoint::new(a.min.x_mm.max(b.min.x_mm), a.min.y_mm.max(b.min.y_mm)),
        max: MapPoint::new(a.max.x_mm.min(b.max.x_mm), a.max.y_mm.min(b.max.y_mm)),
    };
    (r.width_mm() > 0.0 && r.height_mm() > 0.0).then_some(r)
}

/// Samples `layout` session after session: session k samples the zones scaled to its cumulative
/// share of the target, placing dots between all earlier sessions' dots (which never move).
/// Each dot takes the style of the zone contributing most density at its position.
pub fn build_plan(layout: &Layout, options: &PlanOptions) -> Result<Plan, PlanError> {
    let treated = layout.treated_bounds_mm();
    let domain = match (treated, options.region_mm) {
        (Some(t), Some(r)) => intersect(t, r),
        (t, None) => t,
        (None, Some(_)) => None,
    };
    let zones = layout.zones();
    let mut dots: Vec<Dot> = Vec::new();
    let mut placed: Vec<MapPoint> = Vec::new();
    if let Some(domain) = domain {
        for (k, session) in layout.sessions().iter().enumerate() {
            let number = (k + 1) as u8;
            let field = ScaledField { inner: zones, factor: session.cumulative_fraction };
            let sample_options = SampleOptions {
                seed: derive_seed(options.seed, number as u64),
                max_dots: options.max_dots.saturating_sub(placed.len()),
            };
            let new = sample_density(domain, &field, &placed, &sample_options)
                .map_err(|source| PlanError::Sample { session: number, source })?;
            let mut rng =
                Pcg64Mcg::seed_from_u64(derive_seed(options.seed, stream::session_dots(number)));
            for &p in &new {
                // The sampler only places dots where the field is non-zero, so a zone wins there.
                let Some((z, _)) = zones.winner(p) else { continue };
                let style = &layout.zone_info()[z].style;
                let front = zones.zones()[z].front_factor(p);
                dots.push(style.dot(p, number, session.dilution, z as u16, front, &mut rng));
            }
            placed.extend_from_slice(&new);
        }
    }
    let outline_rect = domain.unwrap_or(SCALP_MAP_MM);
    let plan_zones = layout
        .zone_info()
        .iter()
        .zip(zones.zones())
        .map(|(info, field)| PlanZone {
            name: info.name.clone(),
            kind: info.kind,
            outlines_mm: match intersect(field.bounds(), outline_rect) {
                Some(r) => outlines_mm(r, OUTLINE_STEP_MM, MIN_DENSITY_PER_CM2, |p| {
                    field.density_per_cm2(p)
                }),
                None => Vec::new(),
            },
        })
        .collect();
    Ok(Plan {
        preset_name: layout.name().to_string(),
        seed: options.seed,
        session_count: layout.sessions().len() as u8,
        zones: plan_zones,
        hairline_mm: layout.hairline_polyline_mm(),
        extent_mm: outline_rect,
        dots,
        native_hair: layout.native_hair().clone(),
    })
}
