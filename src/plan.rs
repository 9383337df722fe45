//! A treatment plan: the preset's zones sampled session after session into dots.
//!
//! The one place where sessions layer; previews, stencils and statistics all consume a [`Plan`].
//! (The builder from a preset lives with the layouts; this file fixes the shape others read.)

use std::sync::Arc;

use crate::dots::{Dot, ZoneKind};
use crate::field::DensityField;
use crate::geom::{MapPoint, MapRect};

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
