//! The built-in default head: a procedurally shaded head to preview dots on without a photo.
//!
//! The head model projects its cranium (the scalp-bearing ellipsoid) into the image; this module
//! is handed that outline as an ellipse in pixels and paints a head around it: the cranium with
//! a calm, neutral face (closed eyes, brows, nose, lips, chin), ears, jaw and neck as the view
//! shows them ([`super::face`] holds the anatomy, [`super::head_shape`] the shapes), lit by one
//! soft light (Lambert with a soft ambient term, a faint sheen as on a shaved scalp, and a warm
//! subsurface tint toward the shadow side) over a plain neutral background. All shading
//! happens in linear light; the face's relief is lit by the same light as the head.
//!
//! Frame: image pixels, origin top-left, +x right, +y down, +z toward the viewer. The views are
//! the head model's: in the top view the forehead points up; in the left view (the client's
//! left profile) the face points left, in the right view right. The chin lies one vault height
//! below the cranium's centre, as the head model's head box assumes.

use image::RgbImage;
use rayon::prelude::*;

use super::face::{default_radii_mm, head_layers};
use super::hair_shadow::{HairShadow, nape_hair};
use super::head_light::{Shader, SrgbTable, hash_unit};
use super::head_shape::{Layer, Tissue};
use super::pigment::SkinType;
use super::splat::srgb_to_linear_exact;
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
    /// Skin type of the head. Default [`SkinType::III`].
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
            skin: SkinType::default(),
            light_dir: [-0.35, -0.55, 0.76],
            ambient: 0.38,
            background_srgb: [196, 198, 200],
        }
    }
}

/// Paints the default head seen from `view`, its cranium on `cranium`, over the whole image.
pub fn draw_default_head(
    image: &mut RgbImage,
    view: View,
    cranium: &CraniumOutline,
    options: &DefaultHeadOptions,
) {
    paint_default_head(image, view, cranium, options, None);
}

/// A test of whether an image point `(x, y)` px lies on a part of the default head drawn over
/// the cranium in `view` (the ear in a profile), where the scalp and its hair are hidden.
pub(crate) fn scalp_hidden(view: View, cranium: &CraniumOutline) -> impl Fn(f32, f32) -> bool {
    let [ru, rv] = default_radii_mm(view);
    let mut layers = head_layers(view);
    let scalp = layers.iter().position(|l| l.tissue == Tissue::Skin).unwrap_or(layers.len());
    let over: Vec<Layer> = layers.split_off((scalp + 1).min(layers.len()));
    let c = *cranium;
    move |x, y| {
        let u = (x - c.center_px[0]) / c.radii_px[0].max(1e-3) * ru;
        let v = (c.center_px[1] - y) / c.radii_px[1].max(1e-3) * rv;
        over.iter().any(|l| l.distance(u, v).0 < 0.0)
    }
}

/// [`draw_default_head`] with the shadow of shaved hair, if any, on the scalp.
pub(crate) fn paint_default_head(
    image: &mut RgbImage,
    view: View,
    cranium: &CraniumOutline,
    options: &DefaultHeadOptions,
    hair_shadow: Option<&HairShadow>,
) {
    let (width, height) = (image.width() as usize, image.height() as usize);
    if width == 0 || height == 0 {
        return;
    }
    let layers = head_layers(view);
    // Image px per default-head mm, horizontally and vertically.
    let [ru, rv] = default_radii_mm(view);
    let scale = [cranium.radii_px[0].max(1e-3) / ru, cranium.radii_px[1].max(1e-3) / rv];
    let px_mm = 1.0 / scale[0].min(scale[1]);
    // Each layer's pixel rows and columns, with a pixel's margin for the anti-aliased edge.
    let boxes: Vec<[f32; 4]> = layers
        .iter()
        .map(|l| {
            let [u0, v0, u1, v1] = l.bounds();
            [
                cranium.center_px[0] + u0 * scale[0] - 2.0,
                cranium.center_px[1] - v1 * scale[1] - 2.0,
                cranium.center_px[0] + u1 * scale[0] + 2.0,
                cranium.center_px[1] - v0 * scale[1] + 2.0,
            ]
        })
        .collect();
    let to_linear = |c: [u8; 3]| c.map(|c| srgb_to_linear_exact(f32::from(c) / 255.0));
    let bg = to_linear(options.background_srgb);
    let shade = Shader::new(options);
    let encode = SrgbTable::new();
    let nape = nape_hair(view, cranium);

    let to_mm = |px: f32, py: f32| {
        [(px - cranium.center_px[0]) / scale[0], (cranium.center_px[1] - py) / scale[1]]
    };
    // Linear colour of the head's layers over `backdrop` at pixel centre (px, py); `grain`
    // multiplies each layer's light.
    let composite = |tile_layers: &[(Layer, [f32; 4])], px: f32, py: f32, backdrop, grain| {
        let [u, v] = to_mm(px, py);
        let mut colour: [f32; 3] = backdrop;
        for (layer, b) in tile_layers {
            if px < b[0] || px > b[2] || py < b[1] || py > b[3] {
                continue;
            }
            let distance = layer.distance(u, v);
            let coverage = (0.5 - distance.0 / px_mm).clamp(0.0, 1.0);
            if coverage <= 0.0 {
                continue;
            }
            let normal = layer.normal(u, v, distance);
            let albedo = shade.albedo(layer, u, v, px_mm);
            let hair = match (hair_shadow, layer.tissue) {
                (Some(shadow), Tissue::Skin) => shadow.at(px, py) * nape(px, py),
                _ => 0.0,
            };
            let lit = shade.surface_under_hair(normal, albedo, hair).map(|c| c * grain);
            colour = [0, 1, 2].map(|c| colour[c] + (lit[c] - colour[c]) * coverage);
        }
        colour
    };
    // Fine skin grain (about ±1.5 %): flat shading reads as plastic.
    let grain_at =
        |col: usize, row: usize| 1.0 + 0.015 * (2.0 * hash_unit(col as u32, row as u32, 1) - 1.0);
    // Bands of tiles: each tile paints with only the shapes that reach it, so the face's
    // dozens of shapes cost only where they are.
    image.par_chunks_mut(width * 3 * TILE_PX).enumerate().for_each(|(band, pixels)| {
        let rows = pixels.len() / (width * 3);
        let row0 = band * TILE_PX;
        let backdrop_of = |row: usize| bg.map(|c| c * (1.0 - 0.12 * (row as f32 / height as f32)));
        for col0 in (0..width).step_by(TILE_PX) {
            let cols = TILE_PX.min(width - col0);
            let tile_px = [col0 as f32, row0 as f32, (col0 + cols) as f32, (row0 + rows) as f32];
            let [u0, v1] = to_mm(tile_px[0] - 1.0, tile_px[1] - 1.0);
            let [u1, v0] = to_mm(tile_px[2] + 1.0, tile_px[3] + 1.0);
            let mut tile_layers: Vec<(Layer, [f32; 4])> = layers
                .iter()
                .zip(&boxes)
                .filter(|(_, b)| {
                    b[0] <= tile_px[2]
                        && b[2] >= tile_px[0]
                        && b[1] <= tile_px[3]
                        && b[3] >= tile_px[1]
                })
                .map(|(l, b)| (l.near([u0, v0, u1, v1], px_mm), *b))
                .collect();
            // A tile no outline crosses and no sharp mark touches is smooth: its light is
            // sampled every few pixels and interpolated, a tenth of the work for no visible
            // change. A mark whose soft edge spans a few samples (the shadow under the jaw)
            // interpolates as well as the shading does.
            let soft_enough_mm = SOFT_MARK_SAMPLES * SAMPLE_PX as f32 * px_mm;
            let centre_px = [0.5 * (tile_px[0] + tile_px[2]), 0.5 * (tile_px[1] + tile_px[3])];
            let [uc, vc] = to_mm(centre_px[0], centre_px[1]);
            let half_diagonal_mm = 0.5 * (u1 - u0).hypot(v1 - v0);
            let mut centre_mm: Vec<f32> =
                tile_layers.iter().map(|(l, _)| l.distance_bound(uc, vc)).collect();
            // A layer whose outline lies wholly outside the tile covers it: the layers behind
            // it (the neck behind the jaw, say) cannot show there. Inside an outline the
            // first-order distance can change up to about twice as fast as the true one (and
            // a wrongly hidden layer shows, unlike a wrongly smooth tile), hence the margin.
            let hidden_below_mm = -(2.0 * half_diagonal_mm + 4.0 * px_mm);
            if let Some(front) = centre_mm.iter().rposition(|&d| d < hidden_below_mm) {
                tile_layers.drain(..front);
                centre_mm.drain(..front);
            }
            let covered = centre_mm.iter().any(|&d| d < 0.0);
            let smooth = tile_layers.iter().zip(&centre_mm).all(|((l, _), d)| {
                let soft = l.marks.iter().all(|m| m.soft_mm >= soft_enough_mm);
                soft && d.abs() > half_diagonal_mm + 2.0 * px_mm
            });
            let samples = if smooth && covered {
                let (nx, ny) = (cols.div_ceil(SAMPLE_PX) + 1, rows.div_ceil(SAMPLE_PX) + 1);
                let mut grid = Vec::with_capacity(nx * ny);
                for j in 0..ny {
                    let row = row0 + j * SAMPLE_PX;
                    for i in 0..nx {
                        let (px, py) = ((col0 + i * SAMPLE_PX) as f32 + 0.5, row as f32 + 0.5);
                        grid.push(composite(&tile_layers, px, py, backdrop_of(row), 1.0));
                    }
                }
                Some((nx, grid))
            } else {
                None
            };
            for r in 0..rows {
                let row = row0 + r;
                let py = row as f32 + 0.5;
                let backdrop = backdrop_of(row);
                let line = &mut pixels[(r * width + col0) * 3..(r * width + col0 + cols) * 3];
                if tile_layers.is_empty() || (smooth && !covered) {
                    let srgb = backdrop.map(|c| encode.srgb_255(c));
                    for (c, out) in line.chunks_exact_mut(3).enumerate() {
                        let dither = hash_unit((col0 + c) as u32, row as u32, 2);
                        for k in 0..3 {
                            out[k] = (srgb[k] + dither).clamp(0.0, 255.0) as u8;
                        }
                    }
                    continue;
                }
                for (c, out) in line.chunks_exact_mut(3).enumerate() {
                    let col = col0 + c;
                    let colour = if let Some((nx, grid)) = &samples {
                        let (i, j) = (c / SAMPLE_PX, r / SAMPLE_PX);
                        let tx = (c % SAMPLE_PX) as f32 / SAMPLE_PX as f32;
                        let ty = (r % SAMPLE_PX) as f32 / SAMPLE_PX as f32;
                        let at = |i: usize, j: usize| grid[j * nx + i];
                        let (a, b, d, e) = (at(i, j), at(i + 1, j), at(i, j + 1), at(i + 1, j + 1));
                        let grain = grain_at(col, row);
                        [0, 1, 2].map(|k| {
                            let top = a[k] + (b[k] - a[k]) * tx;
                            let bottom = d[k] + (e[k] - d[k]) * tx;
                            (top + (bottom - top) * ty) * grain
                        })
                    } else {
                        composite(&tile_layers, col as f32 + 0.5, py, backdrop, grain_at(col, row))
                    };
                    // Half-step dither: smooth shading quantised to 8 bits would band visibly.
                    let dither = hash_unit(col as u32, row as u32, 2);
                    for k in 0..3 {
                        out[k] = (encode.srgb_255(colour[k]) + dither).clamp(0.0, 255.0) as u8;
                    }
                }
            }
        }
    });
}

/// Spacing of the light samples in a smooth tile, px.
const SAMPLE_PX: usize = 4;

/// How many sample spacings a mark's soft edge must span for a tile it touches to be sampled
/// and interpolated: over three, linear interpolation is within a few per cent of the edge.
const SOFT_MARK_SAMPLES: f32 = 3.0;

/// Side of the square tiles the head is painted in, px.
const TILE_PX: usize = 32;

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
