//! The grey-blue shadow of shaved hair on the default head.
//!
//! A buzz cut reads at arm's length less as stubs than as a cool shadow: dark shafts show
//! through the skin and the stubs merge. The stubs themselves ([`super::stubble`]) give the
//! texture up close; this gives the tone. The plan's native-hair density is sampled on a grid
//! of the scalp map, projected through the view's camera into a coarse grid of image cells
//! (hairs per image mm², so hair crowds and darkens toward the silhouette as on a real head),
//! blurred so zone borders fade over a few millimetres, and read back bilinearly per pixel.
//! [`nape_hair`] ends the hair at a nape hairline where the painted neck goes on past the
//! head model's scalp.

use rayon::prelude::*;

use super::face::default_radii_mm;
use super::outline::CraniumOutline;
use crate::field::DensityField;
use crate::geom::{MapPoint, MapRect};
use crate::head::{Camera, HeadModel, View};

/// Spacing of the scalp-map samples, mm: fine enough that every coarse cell gets one.
const SAMPLE_STEP_MM: f32 = 1.5;
/// Darkening per hair per mm² of image (as a Beer–Lambert coefficient): 70 hairs/cm² seen
/// face-on darken the skin by about 12 %, a buzz cut's shadow on fair skin.
const DARKNESS_PER_HAIR_MM2: f32 = 0.18;
/// Foreshortening can crowd hair a lot at the very rim; past twice face-on density the
/// shadow stops growing so the outline does not turn into a dark band.
const MAX_CROWDING: f32 = 2.0;

/// Per-pixel darkening of the skin by shaved hair, in `[0, 1)`.
pub(crate) struct HairShadow {
    cell_px: f32,
    cols: usize,
    rows: usize,
    darkening: Vec<f32>,
}

impl HairShadow {
    /// The shadow of `native_hair` (hairs/cm²) over `extent` of the scalp map on `model` as
    /// `camera` sees it in a `width_px × height_px` image.
    pub fn new<F: DensityField + ?Sized>(
        native_hair: &F,
        extent: MapRect,
        model: &HeadModel,
        camera: &Camera,
        width_px: u32,
        height_px: u32,
    ) -> Self {
        let [sx, sy] = camera.scale_px_per_mm();
        // A cell a little wider than a sample's projected step leaves no cell empty.
        let cell_px = (1.2 * SAMPLE_STEP_MM * sx.max(sy)).max(2.0);
        let cols = (width_px as f32 / cell_px).ceil() as usize + 1;
        let rows = (height_px as f32 / cell_px).ceil() as usize + 1;
        let map = extent;
        let nx = (map.width_mm() / SAMPLE_STEP_MM) as usize;
        let ny = (map.height_mm() / SAMPLE_STEP_MM) as usize;
        let hairs_per_sample = |p: MapPoint| {
            native_hair.density_per_cm2(p).max(0.0) / 100.0 * SAMPLE_STEP_MM * SAMPLE_STEP_MM
        };
        // Each row of samples lands in a list of (cell, hairs); summed in row order, so the
        // result does not depend on the thread count.
        let landed: Vec<Vec<(usize, f32)>> = (0..ny)
            .into_par_iter()
            .map(|j| {
                let y = map.min.y_mm + (j as f32 + 0.5) * SAMPLE_STEP_MM;
                (0..nx)
                    .filter_map(|i| {
                        let p = MapPoint::new(map.min.x_mm + (i as f32 + 0.5) * SAMPLE_STEP_MM, y);
                        let hairs = hairs_per_sample(p);
                        if hairs <= 0.0 {
                            return None;
                        }
                        let [px, py] = camera.map_point(model, p)?;
                        let (c, r) = ((px / cell_px).floor(), (py / cell_px).floor());
                        let inside =
                            c >= 0.0 && r >= 0.0 && (c as usize) < cols && (r as usize) < rows;
                        inside.then(|| (r as usize * cols + c as usize, hairs))
                    })
                    .collect()
            })
            .collect();
        let mut hairs = vec![0.0f32; cols * rows];
        for (cell, n) in landed.into_iter().flatten() {
            hairs[cell] += n;
        }
        let cell_mm2 = (cell_px / sx) * (cell_px / sy);
        let face_on = |n: f32| n / cell_mm2;
        let mut density: Vec<f32> = hairs.into_iter().map(face_on).collect();
        for _ in 0..2 {
            density = box_blur(&density, cols, rows);
        }
        let cap = MAX_CROWDING * native_hair.max_density_per_cm2().max(0.0) / 100.0;
        let darkening = density
            .into_iter()
            .map(|d| 1.0 - (-DARKNESS_PER_HAIR_MM2 * d.min(cap)).exp())
            .collect();
        Self { cell_px, cols, rows, darkening }
    }

    /// Darkening at image point `(x, y)` px, interpolated between cell centres.
    pub fn at(&self, x: f32, y: f32) -> f32 {
        let fx = (x / self.cell_px - 0.5).clamp(0.0, (self.cols - 1) as f32);
        let fy = (y / self.cell_px - 0.5).clamp(0.0, (self.rows - 1) as f32);
        let (c0, r0) = (fx as usize, fy as usize);
        let (c1, r1) = ((c0 + 1).min(self.cols - 1), (r0 + 1).min(self.rows - 1));
        let (tx, ty) = (fx - c0 as f32, fy - r0 as f32);
        let v = |c: usize, r: usize| self.darkening[r * self.cols + c];
        let top = v(c0, r0) + (v(c1, r0) - v(c0, r0)) * tx;
        let bottom = v(c0, r1) + (v(c1, r1) - v(c0, r1)) * tx;
        top + (bottom - top) * ty
    }
}

/// How much of the client's shaved hair shows at an image point `(x, y)` px of `view`, in
/// `[0, 1]`: all of it above the nape hairline, fading to none over a centimetre below it.
///
/// The head model's scalp wraps under the cranium's ellipsoid, but the painted head goes on
/// into a neck there; without a hairline, hair crowded along the ellipsoid's lower rim (as it
/// does, rightly, along the skull's silhouette) showed as a dark blotch in the middle of the
/// nape, and from behind the hair ended in a point where the ellipsoid does.
pub(crate) fn nape_hair(view: View, cranium: &CraniumOutline) -> impl Fn(f32, f32) -> f32 {
    let [ru, rv] = default_radii_mm(view);
    let c = *cranium;
    move |x, y| {
        // Seen from above the nape is out of sight.
        if view == View::Top {
            return 1.0;
        }
        let u = (x - c.center_px[0]) / c.radii_px[0].max(1e-3) * ru;
        let v = (c.center_px[1] - y) / c.radii_px[1].max(1e-3) * rv;
        let end_mm = match view {
            View::Top => return 1.0,
            // From behind the hairline rises a little toward the sides of the neck.
            View::Back | View::Front => NAPE_HAIRLINE_MM + 12.0 * (u / 60.0).powi(2),
            View::Left | View::Right => NAPE_HAIRLINE_MM,
        };
        let below_hairline = ((v - end_mm) / NAPE_FADE_MM).clamp(0.0, 1.0);
        // Lower down, the painted neck runs on past the ellipsoid's rim, so the hair that
        // crowds toward that rim is not at a silhouette and read as a dark band: halve it.
        let low = ((-60.0 - v) / 30.0).clamp(0.0, 1.0);
        let rim = (((u / ru).hypot(v / rv) - 0.85) / 0.15).clamp(0.0, 1.0);
        below_hairline * (1.0 - 0.5 * low * rim)
    }
}

/// Where the nape hair ends at the back of the neck, mm below the glabella (about the level
/// of the chin's top, as on most adults), and how far it fades, mm.
const NAPE_HAIRLINE_MM: f32 = -104.0;
const NAPE_FADE_MM: f32 = 12.0;

/// A 3 × 3 box blur (edges clamped).
fn box_blur(values: &[f32], cols: usize, rows: usize) -> Vec<f32> {
    let at = |c: isize, r: isize| {
        let c = c.clamp(0, cols as isize - 1) as usize;
        let r = r.clamp(0, rows as isize - 1) as usize;
        values[r * cols + c]
    };
    (0..rows * cols)
        .map(|i| {
            let (c, r) = ((i % cols) as isize, (i / cols) as isize);
            let mut sum = 0.0;
            for dr in -1..=1 {
                for dc in -1..=1 {
                    sum += at(c + dc, r + dr);
                }
            }
            sum / 9.0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::{LinearDensity, UniformDensity};
    use crate::geom::SCALP_MAP_MM;
    use crate::head::{Alignment, HeadSize, View};

    fn camera(view: View) -> (HeadModel, Camera) {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let camera = Camera::new(&model, &Alignment::default_fit(view, &model, 400, 400));
        (model, camera)
    }

    #[test]
    fn shadow_follows_hair_density_and_is_absent_off_the_scalp() {
        let (model, camera) = camera(View::Top);
        let hair = UniformDensity { density_per_cm2: 70.0 };
        let shadow = HairShadow::new(&hair, SCALP_MAP_MM, &model, &camera, 400, 400);
        // The top of the head, seen face-on: about 12 % darker.
        let centre = camera.map_point(&model, MapPoint::new(0.0, model.top_map_y_mm())).unwrap();
        let d = shadow.at(centre[0], centre[1]);
        assert!((d - 0.12).abs() < 0.02, "{d}");
        // Far outside the head nothing lands.
        assert_eq!(shadow.at(2.0, 2.0), 0.0);
        let bald = HairShadow::new(
            &UniformDensity { density_per_cm2: 0.0 },
            SCALP_MAP_MM,
            &model,
            &camera,
            400,
            400,
        );
        assert_eq!(bald.at(centre[0], centre[1]), 0.0);
    }

    #[test]
    fn shadow_fades_across_a_density_ramp() {
        let (model, camera) = camera(View::Top);
        // No hair on the client's right (x < 0), full hair on the left.
        let ramp = LinearDensity { x0_mm: -10.0, from_per_cm2: 0.0, x1_mm: 10.0, to_per_cm2: 80.0 };
        let shadow = HairShadow::new(&ramp, SCALP_MAP_MM, &model, &camera, 400, 400);
        let at = |x_mm: f32| {
            let p = camera.map_point(&model, MapPoint::new(x_mm, model.top_map_y_mm())).unwrap();
            shadow.at(p[0], p[1])
        };
        assert!(at(-40.0) < 0.005 && at(40.0) > 0.1);
        assert!(at(0.0) > at(-40.0) && at(0.0) < at(40.0));
    }
}
