//! Painting the default head: every layer of the view's head, tile by tile, supersampled at
//! its edges, shaded in linear light and dithered back to sRGB.

use image::RgbImage;
use rayon::prelude::*;

use super::face::{default_radii_mm, head_layers};
use super::hair_shadow::{HairShadow, nape_hair};
use super::light::{Shader, hash_unit};
use super::options::DefaultHeadOptions;
use super::outline::CraniumOutline;
use super::shape::{Layer, Tissue};
use crate::color::{SrgbCurve, srgb_to_linear_exact};
use crate::head::View;

/// Paints the default head seen from `view`, its cranium on `cranium`, over the whole image.
pub fn draw_default_head(
    image: &mut RgbImage,
    view: View,
    cranium: &CraniumOutline,
    options: &DefaultHeadOptions,
) {
    paint_default_head(image, view, cranium, options, None);
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
    let nape = nape_hair(view, cranium);
    let painter = Painter::new(view, cranium, options, hair_shadow, nape, height);
    // Bands of tiles: each tile paints with only the shapes that reach it, so the face's
    // dozens of shapes cost only where they are.
    image.par_chunks_mut(width * 3 * TILE_PX).enumerate().for_each(|(band, pixels)| {
        let rows = pixels.len() / (width * 3);
        let row0 = band * TILE_PX;
        for col0 in (0..width).step_by(TILE_PX) {
            let cols = TILE_PX.min(width - col0);
            painter.paint_tile(pixels, width, [col0, row0], [cols, rows]);
        }
    });
}

/// Everything a tile of the head is painted from.
struct Painter<'a, N> {
    /// The view's layers, back to front, each with its pixel box (x0, y0, x1, y1).
    layers: Vec<(Layer, [f32; 4])>,
    cranium: CraniumOutline,
    /// Image px per default-head mm, horizontally and vertically.
    scale: [f32; 2],
    /// Default-head mm per image px (the finer of the two axes).
    px_mm: f32,
    /// Background colour, linear.
    background: [f32; 3],
    height: usize,
    shade: Shader,
    encode: SrgbCurve,
    hair_shadow: Option<&'a HairShadow>,
    /// How much of the hair shadow is left at a pixel (it fades out down the nape).
    nape: N,
}

/// The layers that reach one tile, and how the tile can be painted.
struct TileLayers {
    layers: Vec<(Layer, [f32; 4])>,
    /// No outline crosses the tile and no sharp mark touches it: its light may be sampled
    /// every few pixels and interpolated.
    smooth: bool,
    /// Some layer covers the tile's centre.
    covered: bool,
}

impl<'a, N: Fn(f32, f32) -> f32 + Sync> Painter<'a, N> {
    /// The painter of `view`'s head on `cranium`, in an image `height` px tall.
    fn new(
        view: View,
        cranium: &CraniumOutline,
        options: &DefaultHeadOptions,
        hair_shadow: Option<&'a HairShadow>,
        nape: N,
        height: usize,
    ) -> Self {
        let [ru, rv] = default_radii_mm(view);
        let scale = [cranium.radii_px[0].max(1e-3) / ru, cranium.radii_px[1].max(1e-3) / rv];
        // Each layer's pixel rows and columns, with a pixel's margin for the anti-aliased edge.
        let layers = head_layers(view)
            .into_iter()
            .map(|l| {
                let [u0, v0, u1, v1] = l.bounds();
                let b = [
                    cranium.center_px[0] + u0 * scale[0] - 2.0,
                    cranium.center_px[1] - v1 * scale[1] - 2.0,
                    cranium.center_px[0] + u1 * scale[0] + 2.0,
                    cranium.center_px[1] - v0 * scale[1] + 2.0,
                ];
                (l, b)
            })
            .collect();
        Self {
            layers,
            cranium: *cranium,
            scale,
            px_mm: 1.0 / scale[0].min(scale[1]),
            background: options.background_srgb.map(|c| srgb_to_linear_exact(f32::from(c) / 255.0)),
            height,
            shade: Shader::new(options),
            encode: SrgbCurve::new(),
            hair_shadow,
            nape,
        }
    }

    /// Image point (px, py) in default-head mm (v up).
    fn to_mm(&self, px: f32, py: f32) -> [f32; 2] {
        let c = &self.cranium;
        [(px - c.center_px[0]) / self.scale[0], (c.center_px[1] - py) / self.scale[1]]
    }

    /// The background at image row `row`, linear: a little darker toward the bottom.
    fn backdrop(&self, row: usize) -> [f32; 3] {
        self.background.map(|c| c * (1.0 - 0.12 * (row as f32 / self.height as f32)))
    }

    /// Linear colour of the tile's layers over `backdrop` at pixel centre (px, py); `grain`
    /// multiplies each layer's light.
    fn composite(
        &self,
        tile: &TileLayers,
        px: f32,
        py: f32,
        backdrop: [f32; 3],
        grain: f32,
    ) -> [f32; 3] {
        let [u, v] = self.to_mm(px, py);
        let mut colour = backdrop;
        for (layer, b) in &tile.layers {
            if px < b[0] || px > b[2] || py < b[1] || py > b[3] {
                continue;
            }
            let distance = layer.distance(u, v);
            let coverage = (0.5 - distance.0 / self.px_mm).clamp(0.0, 1.0);
            if coverage <= 0.0 {
                continue;
            }
            let normal = layer.normal(u, v, distance);
            let albedo = self.shade.albedo(layer, u, v, self.px_mm);
            let hair = match (self.hair_shadow, layer.tissue) {
                (Some(shadow), Tissue::Skin) => shadow.at(px, py) * (self.nape)(px, py),
                _ => 0.0,
            };
            let lit = self.shade.surface_under_hair(normal, albedo, hair).map(|c| c * grain);
            colour = [0, 1, 2].map(|c| colour[c] + (lit[c] - colour[c]) * coverage);
        }
        colour
    }

    /// The layers that reach the tile `tile_px` (x0, y0, x1, y1), without those hidden behind
    /// a layer that covers the whole tile.
    fn tile_layers(&self, tile_px: [f32; 4]) -> TileLayers {
        let [u0, v1] = self.to_mm(tile_px[0] - 1.0, tile_px[1] - 1.0);
        let [u1, v0] = self.to_mm(tile_px[2] + 1.0, tile_px[3] + 1.0);
        let px_mm = self.px_mm;
        let mut layers: Vec<(Layer, [f32; 4])> = self
            .layers
            .iter()
            .filter(|(_, b)| {
                b[0] <= tile_px[2] && b[2] >= tile_px[0] && b[1] <= tile_px[3] && b[3] >= tile_px[1]
            })
            .map(|(l, b)| (l.near([u0, v0, u1, v1], px_mm), *b))
            .collect();
        // A tile no outline crosses and no sharp mark touches is smooth: its light is
        // sampled every few pixels and interpolated, a tenth of the work for no visible
        // change. A mark whose soft edge spans a few samples (the shadow under the jaw)
        // interpolates as well as the shading does.
        let soft_enough_mm = SOFT_MARK_SAMPLES * SAMPLE_PX as f32 * px_mm;
        let centre_px = [0.5 * (tile_px[0] + tile_px[2]), 0.5 * (tile_px[1] + tile_px[3])];
        let [uc, vc] = self.to_mm(centre_px[0], centre_px[1]);
        let half_diagonal_mm = 0.5 * (u1 - u0).hypot(v1 - v0);
        let mut centre_mm: Vec<f32> =
            layers.iter().map(|(l, _)| l.distance_bound(uc, vc)).collect();
        // A layer whose outline lies wholly outside the tile covers it: the layers behind
        // it (the neck behind the jaw, say) cannot show there. Inside an outline the
        // first-order distance can change up to about twice as fast as the true one (and
        // a wrongly hidden layer shows, unlike a wrongly smooth tile), hence the margin.
        let hidden_below_mm = -(2.0 * half_diagonal_mm + 4.0 * px_mm);
        if let Some(front) = centre_mm.iter().rposition(|&d| d < hidden_below_mm) {
            layers.drain(..front);
            centre_mm.drain(..front);
        }
        let covered = centre_mm.iter().any(|&d| d < 0.0);
        let smooth = layers.iter().zip(&centre_mm).all(|((l, _), d)| {
            let soft = l.marks.iter().all(|m| m.soft_mm >= soft_enough_mm);
            soft && d.abs() > half_diagonal_mm + 2.0 * px_mm
        });
        TileLayers { layers, smooth, covered }
    }

    /// The tile's light every `SAMPLE_PX` px from its top-left pixel, one sample past its
    /// right and bottom edges, row by row, with the number of samples per row.
    fn light_samples(
        &self,
        tile: &TileLayers,
        origin: [usize; 2],
        size: [usize; 2],
    ) -> (usize, Vec<[f32; 3]>) {
        let [col0, row0] = origin;
        let (nx, ny) = (size[0].div_ceil(SAMPLE_PX) + 1, size[1].div_ceil(SAMPLE_PX) + 1);
        let mut grid = Vec::with_capacity(nx * ny);
        for j in 0..ny {
            let row = row0 + j * SAMPLE_PX;
            for i in 0..nx {
                let (px, py) = ((col0 + i * SAMPLE_PX) as f32 + 0.5, row as f32 + 0.5);
                grid.push(self.composite(tile, px, py, self.backdrop(row), 1.0));
            }
        }
        (nx, grid)
    }

    /// Paints the tile of `size` px (columns, rows) at `origin` (column, row) into `pixels`,
    /// the band of rows from the tile's top, `width` px wide.
    fn paint_tile(&self, pixels: &mut [u8], width: usize, origin: [usize; 2], size: [usize; 2]) {
        let ([col0, row0], [cols, rows]) = (origin, size);
        let tile_px = [col0 as f32, row0 as f32, (col0 + cols) as f32, (row0 + rows) as f32];
        let tile = self.tile_layers(tile_px);
        let samples =
            (tile.smooth && tile.covered).then(|| self.light_samples(&tile, origin, size));
        let bare = tile.layers.is_empty() || (tile.smooth && !tile.covered);
        for r in 0..rows {
            let row = row0 + r;
            let py = row as f32 + 0.5;
            let backdrop = self.backdrop(row);
            let line = &mut pixels[(r * width + col0) * 3..(r * width + col0 + cols) * 3];
            for (c, out) in line.chunks_exact_mut(3).enumerate() {
                let col = col0 + c;
                let srgb = if bare {
                    backdrop.map(|k| self.encode.srgb_255(k))
                } else {
                    let colour = match &samples {
                        Some((nx, grid)) => {
                            interpolate(grid, *nx, c, r).map(|k| k * grain_at(col, row))
                        }
                        None => self.composite(
                            &tile,
                            col as f32 + 0.5,
                            py,
                            backdrop,
                            grain_at(col, row),
                        ),
                    };
                    colour.map(|k| self.encode.srgb_255(k))
                };
                // Half-step dither: smooth shading quantised to 8 bits would band visibly.
                let dither = hash_unit(col as u32, row as u32, 2);
                for k in 0..3 {
                    out[k] = (srgb[k] + dither).clamp(0.0, 255.0) as u8;
                }
            }
        }
    }
}

/// Fine skin grain (about ±1.5 %) at pixel (col, row): flat shading reads as plastic.
fn grain_at(col: usize, row: usize) -> f32 {
    1.0 + 0.015 * (2.0 * hash_unit(col as u32, row as u32, 1) - 1.0)
}

/// The light at pixel (c, r) of a tile, bilinear between its `nx`-wide grid of samples.
fn interpolate(grid: &[[f32; 3]], nx: usize, c: usize, r: usize) -> [f32; 3] {
    let (i, j) = (c / SAMPLE_PX, r / SAMPLE_PX);
    let tx = (c % SAMPLE_PX) as f32 / SAMPLE_PX as f32;
    let ty = (r % SAMPLE_PX) as f32 / SAMPLE_PX as f32;
    let at = |i: usize, j: usize| grid[j * nx + i];
    let (a, b, d, e) = (at(i, j), at(i + 1, j), at(i, j + 1), at(i + 1, j + 1));
    [0, 1, 2].map(|k| {
        let top = a[k] + (b[k] - a[k]) * tx;
        let bottom = d[k] + (e[k] - d[k]) * tx;
        top + (bottom - top) * ty
    })
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
    use crate::default_head::SkinType;
    use crate::head::{Camera, HeadModel};

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
