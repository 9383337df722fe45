//! The built-in default head: a procedurally shaded head to preview dots on without a photo.
//!
//! The head model projects its cranium (the scalp-bearing ellipsoid) into the image; this module
//! is handed that outline as an ellipse in pixels and paints a head around it: the cranium, a
//! lower face and jaw, ears and neck as hints for the view, lit by one soft light (Lambert with
//! a soft ambient term, a faint sheen as on a shaved scalp, and a warm subsurface tint toward
//! the shadow side) over a plain neutral background. All shading happens in linear light.
//!
//! Frame: image pixels, origin top-left, +x right, +y down, +z toward the viewer. The views are
//! the head model's: in the top view the forehead points up; in the left view (the client's
//! left profile) the face points left, in the right view right. The lower face reaches the chin
//! 1.25 vault heights below the cranium's centre, as the head model's head box assumes.

use image::RgbImage;
use rayon::prelude::*;

use super::pigment::SkinType;
use super::splat::{linear_to_srgb_exact, srgb_to_linear_exact};
use crate::head::{Camera, HeadModel, HeadPoint, View};

/// The cranium's outline in the image: an axis-aligned ellipse, px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CraniumOutline {
    /// Centre, px.
    pub center_px: [f32; 2],
    /// Horizontal and vertical semi-axes, px.
    pub radii_px: [f32; 2],
}

impl CraniumOutline {
    /// The outline of `model`'s ellipsoid as `camera` sees it: the default head is painted
    /// around exactly the surface the dots are projected onto.
    pub fn of_head(model: &HeadModel, camera: &Camera) -> Self {
        let s = model.semi_axes_mm();
        let center_px = camera.project(HeadPoint::default());
        // Orthographic views look along a head axis, so the outline's semi-axes are the
        // largest image offsets of the ellipsoid's axis ends.
        let ends = [
            HeadPoint { x_mm: s.x as f32, ..HeadPoint::default() },
            HeadPoint { y_mm: s.y as f32, ..HeadPoint::default() },
            HeadPoint { z_mm: s.z as f32, ..HeadPoint::default() },
        ];
        let mut radii_px = [0.0f32; 2];
        for end in ends {
            let p = camera.project(end);
            radii_px[0] = radii_px[0].max((p[0] - center_px[0]).abs());
            radii_px[1] = radii_px[1].max((p[1] - center_px[1]).abs());
        }
        Self { center_px, radii_px }
    }
}

/// How the default head is painted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DefaultHeadOptions {
    /// Skin type of the head. Default [`SkinType::II`].
    pub skin: SkinType,
    /// Direction toward the light in the image frame (x right, y down, z toward the viewer);
    /// normalised internally. Default `[-0.35, -0.55, 0.76]`: from the upper left, in front.
    pub light_dir: [f32; 3],
    /// Light reaching surfaces that face away from the light, fraction of full, in `[0, 1]`.
    /// Default `0.38`.
    pub ambient: f32,
    /// Background colour, sRGB. Default `[196, 198, 200]`: a light neutral grey.
    pub background_srgb: [u8; 3],
}

impl Default for DefaultHeadOptions {
    fn default() -> Self {
        Self {
            skin: SkinType::II,
            light_dir: [-0.35, -0.55, 0.76],
            ambient: 0.38,
            background_srgb: [196, 198, 200],
        }
    }
}

/// One ellipse of the head's outline, in units of the cranium's horizontal radius, relative to
/// the cranium's centre.
#[derive(Clone, Copy)]
struct Part {
    center: [f32; 2],
    radii: [f32; 2],
}

/// What a layer of the head is, for its tint.
#[derive(Clone, Copy, PartialEq)]
enum Tissue {
    Skin,
    /// Thin, blood-lit ears are a little redder.
    Ear,
    /// The neck sits in the jaw's shadow.
    Neck,
}

/// A group of parts painted together: their outlines merge smoothly and the surface is
/// rounded over `rounding` (a distance from the outline, same units) like a pillow.
struct Layer {
    parts: Vec<Part>,
    rounding: f32,
    tissue: Tissue,
}

/// The head's layers for a view, back to front.
fn layers(view: View) -> Vec<Layer> {
    let p = |cx, cy, rx, ry| Part { center: [cx, cy], radii: [rx, ry] };
    let layer = |parts, rounding, tissue| Layer { parts, rounding, tissue };
    // The neck runs off the frame; its top hides under the jaw.
    let neck = |cx| layer(vec![p(cx, 4.6, 0.47, 4.0)], 0.47, Tissue::Neck);
    match view {
        View::Front | View::Back => vec![
            neck(0.0),
            layer(vec![p(-1.04, 0.55, 0.13, 0.27), p(1.04, 0.55, 0.13, 0.27)], 0.1, Tissue::Ear),
            layer(vec![p(0.0, 0.0, 1.0, 1.0), p(0.0, 0.55, 0.80, 0.70)], 1.0, Tissue::Skin),
        ],
        View::Top => vec![
            // Ears and the tip of the nose peek out from under the skull.
            layer(
                vec![
                    p(-0.98, 0.02, 0.09, 0.18),
                    p(0.98, 0.02, 0.09, 0.18),
                    p(0.0, -0.985, 0.1, 0.035),
                ],
                0.08,
                Tissue::Ear,
            ),
            layer(vec![p(0.0, 0.0, 1.0, 1.0)], 1.0, Tissue::Skin),
        ],
        View::Left | View::Right => {
            let s = if view == View::Left { -1.0 } else { 1.0 };
            vec![
                neck(-s * 0.1),
                layer(
                    vec![
                        p(0.0, 0.0, 1.0, 1.0),
                        p(s * 0.45, 0.6, 0.55, 0.65),
                        p(s * 0.97, 0.6, 0.09, 0.12),
                    ],
                    1.0,
                    Tissue::Skin,
                ),
                layer(vec![p(-s * 0.02, 0.48, 0.15, 0.27)], 0.1, Tissue::Ear),
            ]
        }
    }
}

/// Signed distance to `part`'s outline (negative inside), first order: φ / |∇φ| with
/// φ = (ρ² − 1) / 2. A constant added under the root keeps it smooth at the centre, where the
/// plain first-order distance has a cusp that showed as a crease in the shading; it is chosen
/// so the centre lies at the smaller radius, as for a true distance, and changes distances at
/// the outline by under 20 % for head-like proportions (only the anti-aliasing width).
fn part_distance(part: &Part, x: f32, y: f32) -> f32 {
    let [rx, ry] = part.radii;
    let u = (x - part.center[0]) / rx;
    let v = (y - part.center[1]) / ry;
    let phi = 0.5 * (u * u + v * v - 1.0);
    let floor = 0.5 / rx.min(ry);
    phi / ((u / rx).powi(2) + (v / ry).powi(2) + floor * floor).sqrt()
}

/// Smooth minimum of two distances within `k`: where outlines meet the corner is rounded.
fn smooth_min(a: f32, b: f32, k: f32) -> f32 {
    let h = (0.5 + 0.5 * (b - a) / k).clamp(0.0, 1.0);
    b + (a - b) * h - k * h * (1.0 - h)
}

impl Layer {
    /// Signed distance to the layer's merged outline.
    fn distance(&self, x: f32, y: f32) -> f32 {
        let k = 0.3 * self.rounding;
        self.parts
            .iter()
            .map(|p| part_distance(p, x, y))
            .reduce(|a, b| smooth_min(a, b, k))
            .unwrap_or(f32::MAX)
    }

    /// Surface normal at `(x, y)`. The surface rises from the outline as a quarter circle of
    /// radius `rounding` (a lone round part is exactly a sphere, merged parts have no seams);
    /// its slope is that profile's slope times the distance's gradient. The gradient is taken
    /// over ±`step`: wide enough to smooth the creases the first-order distance leaves where
    /// parts meet, and unlike differencing the height itself it stays right at the outline.
    fn normal(&self, x: f32, y: f32, step: f32) -> [f32; 3] {
        let inside = (-self.distance(x, y) / self.rounding).clamp(1e-4, 1.0);
        let rise = (1.0 - inside) / (1.0 - (1.0 - inside).powi(2)).sqrt();
        let gx = (self.distance(x + step, y) - self.distance(x - step, y)) / (2.0 * step);
        let gy = (self.distance(x, y + step) - self.distance(x, y - step)) / (2.0 * step);
        // Height grows as the distance falls: ∇h = −rise·∇d, normal ∝ (−∇h, 1).
        normalize([rise * gx, rise * gy, 1.0])
    }
}

/// Paints the default head seen from `view`, its cranium on `cranium`, over the whole image.
pub fn draw_default_head(
    image: &mut RgbImage,
    view: View,
    cranium: &CraniumOutline,
    options: &DefaultHeadOptions,
) {
    let (width, height) = (image.width() as usize, image.height() as usize);
    if width == 0 || height == 0 {
        return;
    }
    let aspect_y = cranium.radii_px[1] / cranium.radii_px[0].max(1.0);
    let mut layers = layers(view);
    for part in layers.iter_mut().flat_map(|l| l.parts.iter_mut()) {
        part.center[1] *= aspect_y;
        part.radii[1] *= aspect_y;
    }
    let skin = options.skin.skin_srgb().map(|c| srgb_to_linear_exact(f32::from(c) / 255.0));
    let bg = options.background_srgb.map(|c| srgb_to_linear_exact(f32::from(c) / 255.0));
    let scale = cranium.radii_px[0].max(1.0);
    let shade = Shader {
        skin,
        light: normalize(options.light_dir),
        ambient: options.ambient.clamp(0.0, 1.0),
    };

    image.par_chunks_mut(width * 3).enumerate().for_each(|(row, pixels)| {
        let y = (row as f32 + 0.5 - cranium.center_px[1]) / scale;
        // Background: a faint top-to-bottom falloff so the frame does not look flat.
        let fall = 1.0 - 0.12 * (row as f32 / height as f32);
        for (col, out) in pixels.chunks_exact_mut(3).enumerate() {
            let x = (col as f32 + 0.5 - cranium.center_px[0]) / scale;
            let mut colour = bg.map(|c| c * fall);
            for layer in &layers {
                let coverage = (0.5 - layer.distance(x, y) * scale).clamp(0.0, 1.0);
                if coverage <= 0.0 {
                    continue;
                }
                let normal = layer.normal(x, y, (0.5 / scale).max(0.12));
                // Fine skin grain (about ±1.5 %): flat shading reads as plastic.
                let grain = 1.0 + 0.015 * (2.0 * hash_unit(col as u32, row as u32, 1) - 1.0);
                let lit = shade.surface(normal, layer.tissue).map(|c| c * grain);
                colour = [0, 1, 2].map(|c| colour[c] + (lit[c] - colour[c]) * coverage);
            }
            // Half-step dither: smooth shading quantised to 8 bits would band visibly.
            let dither = hash_unit(col as u32, row as u32, 2);
            for c in 0..3 {
                let v = linear_to_srgb_exact(colour[c].clamp(0.0, 1.0)) * 255.0 + dither;
                out[c] = v.clamp(0.0, 255.0) as u8;
            }
        }
    });
}

/// The head's lighting model.
struct Shader {
    skin: [f32; 3],
    light: [f32; 3],
    ambient: f32,
}

impl Shader {
    /// Linear colour of `tissue` with surface normal `n`.
    fn surface(&self, n: [f32; 3], tissue: Tissue) -> [f32; 3] {
        let lambert = (n[0] * self.light[0] + n[1] * self.light[1] + n[2] * self.light[2]).max(0.0);
        let light = self.ambient + (1.0 - self.ambient) * lambert;
        // Subsurface scattering carries red light into the shadow side: strongest where the
        // surface turns away, so the terminator warms instead of going grey.
        let turn = (1.0 - lambert) * (0.35 + 0.65 * lambert.sqrt());
        let warm = [1.0, 0.42, 0.28].map(|w| 1.0 + 0.22 * turn * (w - 0.55));
        // A faint broad sheen: a shaved scalp is slightly glossy.
        let half = normalize([self.light[0], self.light[1], self.light[2] + 1.0]);
        let spec = 0.05 * (n[0] * half[0] + n[1] * half[1] + n[2] * half[2]).max(0.0).powi(24);
        let tint = match tissue {
            Tissue::Skin => [1.0; 3],
            Tissue::Ear => [1.03, 0.93, 0.92],
            Tissue::Neck => [0.8; 3],
        };
        [0, 1, 2].map(|c| self.skin[c] * light * warm[c] * tint[c] + spec)
    }
}

/// A deterministic pseudo-random value in `[0, 1)` for pixel `(x, y)` and stream `k`.
fn hash_unit(x: u32, y: u32, k: u32) -> f32 {
    let mut h =
        x.wrapping_mul(0x8DA6_B343) ^ y.wrapping_mul(0xD816_3841) ^ k.wrapping_mul(0xCB1A_B31F);
    h ^= h >> 13;
    h = h.wrapping_mul(0x5BD1_E995);
    h ^= h >> 15;
    (h >> 8) as f32 / (1u32 << 24) as f32
}

fn normalize(v: [f32; 3]) -> [f32; 3] {
    let len = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt().max(1e-9);
    v.map(|c| c / len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cranium(view: View, width_px: u32, height_px: u32) -> (HeadModel, Camera, CraniumOutline) {
        let model = HeadModel::new(crate::head::HeadSize::default()).unwrap();
        let alignment = crate::head::Alignment::default_fit(view, &model, width_px, height_px);
        let camera = Camera::new(&model, &alignment);
        let outline = CraniumOutline::of_head(&model, &camera);
        (model, camera, outline)
    }

    fn render(view: View, skin: SkinType) -> (RgbImage, CraniumOutline) {
        let mut img = RgbImage::new(240, 200);
        let (_, _, cranium) = cranium(view, 240, 200);
        draw_default_head(
            &mut img,
            view,
            &cranium,
            &DefaultHeadOptions { skin, ..Default::default() },
        );
        (img, cranium)
    }

    fn luma(p: &image::Rgb<u8>) -> u32 {
        299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])
    }

    #[test]
    fn cranium_is_skin_lit_from_the_upper_left_on_a_neutral_background() {
        let (img, c) = render(View::Front, SkinType::III);
        let at = |fx: f32, fy: f32| {
            *img.get_pixel(
                (c.center_px[0] + fx * c.radii_px[0]) as u32,
                (c.center_px[1] + fy * c.radii_px[1]) as u32,
            )
        };
        let lit = at(-0.4, -0.5);
        let shadow = at(0.6, -0.3);
        assert!(lit[0] > lit[2] + 30, "skin is warm: {lit:?}");
        assert!(luma(&lit) > luma(&shadow), "the light comes from the upper left");
        // Just inside the top of the cranium is skin, just outside is the grey background.
        let inside = at(0.0, -0.95);
        let outside = at(0.0, -1.08);
        assert!(
            inside[0] > inside[2] + 20 && (i32::from(outside[0]) - i32::from(outside[2])).abs() < 8
        );
        assert_eq!(*img.get_pixel(2, 2), image::Rgb([196, 198, 200]));
    }

    #[test]
    fn outline_matches_where_the_head_model_projects_the_scalp() {
        let (model, camera, c) = cranium(View::Front, 400, 300);
        let top = camera
            .map_point(&model, crate::geom::MapPoint::new(0.0, model.top_map_y_mm() - 1.0))
            .unwrap();
        assert!(
            (top[0] - c.center_px[0]).abs() < 1.0
                && (top[1] - (c.center_px[1] - c.radii_px[1])).abs() < 1.0
        );
        let (model, camera, c) = cranium(View::Top, 400, 300);
        let forehead = camera.map_point(&model, crate::geom::MapPoint::new(0.0, 30.0)).unwrap();
        let outline_top = c.center_px[1] - c.radii_px[1];
        assert!(forehead[1] > outline_top && forehead[1] < c.center_px[1] - 0.5 * c.radii_px[1]);
    }

    #[test]
    fn every_view_differs_and_darker_skin_types_render_darker() {
        let views = [View::Front, View::Top, View::Left, View::Right, View::Back];
        let images: Vec<RgbImage> = views.iter().map(|&v| render(v, SkinType::II).0).collect();
        for (i, a) in images.iter().enumerate() {
            for b in &images[i + 1..] {
                if a == b {
                    // Front and back share an outline; nothing else may coincide.
                    assert!(std::ptr::eq(a, &images[0]) && std::ptr::eq(b, &images[4]));
                }
            }
        }
        assert_ne!(images[2], images[3], "left and right views mirror the face");
        let mean = |img: &RgbImage| {
            img.pixels().map(|p| u64::from(luma(p))).sum::<u64>() / img.pixels().len() as u64
        };
        let (fair, _) = render(View::Top, SkinType::I);
        let (dark, _) = render(View::Top, SkinType::VI);
        assert!(mean(&fair) > mean(&dark) + 20_000);
    }
}
