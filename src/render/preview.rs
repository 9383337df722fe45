//! The preview's assembly: a plan's dots through the head model and camera into [`ScreenDot`]s.
//!
//! Which view a preset is best seen from, where each dot lands, how big and how stretched it
//! looks there; the splat renderer then darkens the image under them.

use rayon::prelude::*;

use super::ScreenDot;
use crate::dots::{Dot, ZoneKind};
use crate::head::{Camera, HeadModel, View};
use crate::plan::Plan;

/// The view a plan is best judged from: the front when it rebuilds a hairline, else the top
/// (crown, diffuse thinning and scars are read from above).
pub fn default_view(plan: &Plan) -> View {
    if plan.zones.iter().any(|z| z.kind == ZoneKind::Hairline) { View::Front } else { View::Top }
}

/// How one dot looks: its drawn radius in mm and pigment strength from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotLook {
    /// Radius of the dot on the skin, mm.
    pub radius_mm: f32,
    /// Pigment strength, 0 (invisible) to 1 (undiluted pigment at full darkness).
    pub strength: f32,
}

/// The visible dots of sessions `1..=session` as they land in an image of
/// `width_px`×`height_px`, in the plan's dot order (so the output does not depend on threads).
///
/// `look` gives each dot's drawn size and strength (fresh, healed or aged); dots on the far side
/// of the head, of zero strength or wholly outside the image are left out.
pub fn project_dots<L>(
    plan: &Plan,
    session: u8,
    model: &HeadModel,
    camera: &Camera,
    width_px: u32,
    height_px: u32,
    look: L,
) -> Vec<ScreenDot>
where
    L: Fn(&Dot) -> DotLook + Sync,
{
    let dots = plan.dots_through_session(session);
    let (w, h) = (width_px as f32, height_px as f32);
    dots.par_iter()
        .enumerate()
        .filter_map(|(index, dot)| {
            let l = look(dot);
            if l.strength <= 0.0 || l.radius_mm <= 0.0 {
                return None;
            }
            let f = camera.dot(model, dot.position, l.radius_mm)?;
            let [x, y] = f.center_px;
            let reach = f.radius_major_px * 3.0; // halo included
            if x + reach < 0.0 || y + reach < 0.0 || x - reach > w || y - reach > h {
                return None;
            }
            Some(ScreenDot {
                center_px: f.center_px,
                radius_major_px: f.radius_major_px,
                radius_minor_px: f.radius_minor_px,
                major_dir: f.major_dir,
                strength: l.strength,
                shape_seed: shape_seed(plan.seed, index),
            })
        })
        .collect()
}

/// A per-dot seed that stays the same when later sessions are added (dots keep their index).
fn shape_seed(plan_seed: u64, index: usize) -> u32 {
    // SplitMix64 finaliser: neighbouring indices get unrelated seeds.
    let mut z = plan_seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) as u32
}
