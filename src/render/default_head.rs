//! The built-in default head: a procedurally shaded head to preview dots on without a photo.
//!
//! The head model projects its cranium (the scalp-bearing ellipsoid) into the image; this module
//! is handed that outline as an ellipse in pixels and paints a head around it: the cranium, a
//! lower face and jaw, ears and neck as hints for the view, lit by one soft light (Lambert with
//! a soft ambient term, a faint sheen as on a shaved scalp, and a warm subsurface tint toward
//! the shadow side) over a plain neutral background. All shading happens in linear light.
//!
//! Frame: image pixels, origin top-left, +x right, +y down, +z toward the viewer. In the top view
//! the forehead points up (−y); in the left view (camera at the client's left) the face points
//! left (−x), in the right view right.

use image::RgbImage;
use rayon::prelude::*;

use super::pigment::SkinType;
use super::splat::{linear_to_srgb_exact, srgb_to_linear_exact};

/// The direction the default head is seen from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum DefaultHeadView {
    /// Facing the client: forehead and frontal hairline.
    #[default]
    Front,
    /// From above: crown and vertex, forehead up.
    Top,
    /// From the client's left side, face pointing left.
    Left,
    /// From the client's right side, face pointing right.
    Right,
    /// From behind: crown and nape.
    Back,
}

/// The cranium's outline in the image: an axis-aligned ellipse, px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CraniumOutline {
    /// Centre, px.
    pub center_px: [f32; 2],
    /// Horizontal and vertical semi-axes, px.
    pub radii_px: [f32; 2],
}

impl CraniumOutline {
    /// A cranium centred in a `width_px × height_px` frame, sized so the whole head (with face
    /// and neck hints) fills most of it, with the proportions of an adult head for `view`.
    pub fn fitted(width_px: u32, height_px: u32, view: DefaultHeadView) -> Self {
        let (w, h) = (width_px as f32, height_px as f32);
        // Cranium proportions (horizontal : vertical) of a head about 155 wide, 195 long and
        // (cranium part) 150 high, mm.
        let (aspect, vertical_share, center_y) = match view {
            DefaultHeadView::Front | DefaultHeadView::Back => (0.80, 0.30, 0.40),
            DefaultHeadView::Top => (0.80, 0.42, 0.5),
            DefaultHeadView::Left | DefaultHeadView::Right => (1.0, 0.29, 0.40),
        };
        let ry = (h * vertical_share).min(w * 0.40 / aspect);
        Self { center_px: [w * 0.5, h * center_y], radii_px: [ry * aspect, ry] }
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
fn layers(view: DefaultHeadView) -> Vec<Layer> {
    let p = |cx, cy, rx, ry| Part { center: [cx, cy], radii: [rx, ry] };
    let layer = |parts, rounding, tissue| Layer { parts, rounding, tissue };
    // The neck runs off the frame; its top hides under the jaw.
    let neck = |cx| layer(vec![p(cx, 4.6, 0.47, 4.0)], 0.47, Tissue::Neck);
    match view {
        DefaultHeadView::Front | DefaultHeadView::Back => vec![
            neck(0.0),
            layer(vec![p(-1.04, 0.55, 0.13, 0.27), p(1.04, 0.55, 0.13, 0.27)], 0.1, Tissue::Ear),
            layer(vec![p(0.0, 0.0, 1.0, 1.0), p(0.0, 0.62, 0.80, 0.78)], 1.0, Tissue::Skin),
        ],
        DefaultHeadView::Top => vec![
            // Ears and the tip of the nose peek out from under the skull.
            layer(
                vec![
                    p(-0.98, 0.02, 0.09, 0.18),
                    p(0.98, 0.02, 0.09, 0.18),
                    p(0.0, -0.99, 0.14, 0.05),
                ],
                0.08,
                Tissue::Ear,
            ),
            layer(vec![p(0.0, 0.0, 1.0, 1.0)], 1.0, Tissue::Skin),
        ],
        DefaultHeadView::Left | DefaultHeadView::Right => {
            let s = if view == DefaultHeadView::Left { -1.0 } else { 1.0 };
            vec![
                neck(-s * 0.1),
                layer(
                    vec![
                        p(0.0, 0.0, 1.0, 1.0),
                        p(s * 0.35, 0.55, 0.68, 0.7),
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

/// Signed distance to `part`'s outline (negative inside), first order: (ρ − 1) / |∇ρ|.
fn part_distance(part: &Part, x: f32, y: f32) -> f32 {
    let u = (x - part.center[0]) / part.radii[0];
    let v = (y - part.center[1]) / part.radii[1];
    let rho = (u * u + v * v).sqrt();
    let grad = ((u / part.radii[0]).powi(2) + (v / part.radii[1]).powi(2)).sqrt() / rho.max(1e-6);
    (rho - 1.0) / grad.max(1e-6)
}

/// Smooth minimum of two distances within `k`: where outlines meet the corner is rounded.
fn smooth_min(a: f32, b: f32, k: f32) -> f32 {
    let h = (0.5 + 0.5 * (b - a) / k).clamp(0.0, 1.0);
    b + (a - b) * h - k * h * (1.0 - h)
}

impl Layer {
    /// Signed distance to the layer's merged outline.
    fn distance(&self, x: f32, y: f32) -> f32 {
        let k = 0.6 * self.rounding;
        self.parts
            .iter()
            .map(|p| part_distance(p, x, y))
            .reduce(|a, b| smooth_min(a, b, k))
            .unwrap_or(f32::MAX)
    }

    /// Surface height at `(x, y)`: a quarter circle of radius `rounding` rising from the outline,
    /// so a lone round part is exactly a sphere and merged parts have no seams.
    fn height(&self, x: f32, y: f32) -> f32 {
        let inside = (-self.distance(x, y) / self.rounding).clamp(0.0, 1.0);
        self.rounding * (1.0 - (1.0 - inside).powi(2)).sqrt()
    }
}

/// Paints the default head seen from `view`, its cranium on `cranium`, over the whole image.
pub fn draw_default_head(
    image: &mut RgbImage,
    view: DefaultHeadView,
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
                // A finite-difference step of a few hundredths of the head smooths the creases
                // the first-order distance leaves where parts meet.
                let e = (0.5 / scale).max(0.12);
                let dx = layer.height(x + e, y) - layer.height(x - e, y);
                let dy = layer.height(x, y + e) - layer.height(x, y - e);
                let normal = normalize([-dx / (2.0 * e), -dy / (2.0 * e), 1.0]);
                let lit = shade.surface(normal, layer.tissue);
                colour = [0, 1, 2].map(|c| colour[c] + (lit[c] - colour[c]) * coverage);
            }
            for c in 0..3 {
                out[c] = (linear_to_srgb_exact(colour[c].clamp(0.0, 1.0)) * 255.0 + 0.5) as u8;
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

fn normalize(v: [f32; 3]) -> [f32; 3] {
    let len = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt().max(1e-9);
    v.map(|c| c / len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(view: DefaultHeadView, skin: SkinType) -> (RgbImage, CraniumOutline) {
        let mut img = RgbImage::new(240, 200);
        let cranium = CraniumOutline::fitted(240, 200, view);
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
        let (img, c) = render(DefaultHeadView::Front, SkinType::III);
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
    fn every_view_differs_and_darker_skin_types_render_darker() {
        let views = [
            DefaultHeadView::Front,
            DefaultHeadView::Top,
            DefaultHeadView::Left,
            DefaultHeadView::Right,
            DefaultHeadView::Back,
        ];
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
        let (fair, _) = render(DefaultHeadView::Top, SkinType::I);
        let (dark, _) = render(DefaultHeadView::Top, SkinType::VI);
        assert!(mean(&fair) > mean(&dark) + 20_000);
    }
}
