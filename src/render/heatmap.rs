//! Density maps: the head coloured by the plan's target density (dots/cm²), for checking a
//! preset at a glance — where the hairline ramps up, how far the crown feathers, where zones
//! meet.
//!
//! Every pixel looks up the scalp-map point under it through the inverse projection
//! ([`crate::Unprojector`]), evaluates the density field there and, where it is above zero,
//! blends the viridis colour of that density over the image; elsewhere the pixel is left
//! untouched, so the head shows through. Rows are independent and run in parallel; each row is
//! solved left to right, so the output does not depend on the thread count.

use image::RgbImage;
use rayon::prelude::*;

use super::overlay::{
    CAPTION_TEXT_SRGB, DensityScale, PixelRect, box_pad_px, draw_density_legend, draw_stage_guides,
    shade_rect, shrink_to_fit, small_print_cap_px, viridis,
};
use super::stage::Stage;
use crate::default_head::map_points_under_pixels;
use crate::field::DensityField;
use crate::geom::MapPoint;
use crate::head::{Alignment, HeadModel, Unprojector};
use crate::plan::Plan;
use crate::text::{draw_text, text_size_px};

/// How a density map is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeatmapOptions {
    /// Density at the top of the colour scale, dots/cm²; `None` takes the field's largest
    /// density, rounded up to a round tick. Default `None`.
    pub max_per_cm2: Option<f32>,
    /// Opacity of the colour over the head, in `[0, 1]`: below 1 the head's shading shows
    /// through. Default `0.7`.
    pub opacity: f32,
    /// Draw the head outline, hairline and zone borders over the colours. Default `false`.
    pub outlines: bool,
}

impl Default for HeatmapOptions {
    fn default() -> Self {
        Self { max_per_cm2: None, opacity: 0.7, outlines: false }
    }
}

/// What a density map shows, for the caller to report.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeatmapSummary {
    /// The colour scale used.
    pub scale: DensityScale,
    /// Pixels coloured (density above zero under them).
    pub pixels_coloured: usize,
}

/// Colours `image` (the photo or default head, aligned by `alignment`) by `field`'s density,
/// adds the outlines if asked, the legend (top right) and a label naming the preset (bottom
/// left).
pub fn render_heatmap<F: DensityField + ?Sized>(
    field: &F,
    plan: &Plan,
    model: &HeadModel,
    alignment: &Alignment,
    image: &mut RgbImage,
    options: &HeatmapOptions,
) -> HeatmapSummary {
    render_heatmap_on(&Stage::photo(model, alignment, None), field, plan, image, options)
}

/// [`render_heatmap`] on any stage: on the default head each pixel's map point comes from the
/// scan's map grid drawn through the render's camera (see `map_buffer` in the scan module).
pub(crate) fn render_heatmap_on<F: DensityField + ?Sized>(
    stage: &Stage<'_>,
    field: &F,
    plan: &Plan,
    image: &mut RgbImage,
    options: &HeatmapOptions,
) -> HeatmapSummary {
    let scale = DensityScale::covering(options.max_per_cm2.unwrap_or(field.max_density_per_cm2()));
    let (width, height) = image.dimensions();
    let width = width as usize;
    let alpha = options.opacity.clamp(0.0, 1.0);
    let tint = |row: &mut [u8], x: usize, density: f32| {
        if density.is_nan() || density <= 0.0 {
            return 0;
        }
        let colour = viridis(scale.position(density));
        for c in 0..3 {
            let v = &mut row[x * 3 + c];
            *v = (f32::from(*v) * (1.0 - alpha) + f32::from(colour[c]) * alpha).round() as u8;
        }
        1
    };
    let coloured: usize = match stage {
        Stage::Model { model, camera, mask, .. } => {
            // Off a photo's scalp mask the photo stays as it is, as under dots.
            let on_scalp = |x: usize, y: usize| mask.is_none_or(|m| m.contains(x as u32, y as u32));
            let unprojector = Unprojector::new(model, camera);
            let grid = NodeGrid::solve(field, &unprojector, width as u32, height);
            image
                .par_chunks_mut(width * 3)
                .enumerate()
                .map(|(y, row)| {
                    (0..width)
                        .filter(|&x| on_scalp(x, y))
                        .map(|x| {
                            tint(row, x, grid.density_at(field, &unprojector, x as u32, y as u32))
                        })
                        .sum::<usize>()
                })
                .sum()
        }
        Stage::Scan { scene, frame } => {
            let map = map_points_under_pixels(scene, frame);
            image
                .par_chunks_mut(width * 3)
                .zip(map.par_chunks(width))
                .map(|(row, points)| {
                    let density =
                        |p: &Option<MapPoint>| p.map_or(0.0, |p| field.density_per_cm2(p));
                    points.iter().enumerate().map(|(x, p)| tint(row, x, density(p))).sum::<usize>()
                })
                .sum()
        }
    };
    if options.outlines {
        draw_stage_guides(image, plan, stage);
    }
    draw_density_legend(image, &scale);
    draw_map_label(image, &plan.preset_name);
    HeatmapSummary { scale, pixels_coloured: coloured }
}

/// Spacing of the grid of exactly solved pixels, px. Between them the map point and the density
/// are interpolated (map points vary smoothly; 4 px is ≈ 0.5 mm on a 2000 px head), except
/// where the head's outline or a zone's border crosses a cell: there every pixel is exact.
const GRID_PX: u32 = 4;

/// A solved grid node: the map point under it and the density there.
#[derive(Clone, Copy)]
struct Node {
    map: Option<MapPoint>,
    density_per_cm2: f32,
}

/// The map point and density under every `GRID_PX`-th pixel centre, both ways.
struct NodeGrid {
    nodes: Vec<Node>,
    columns: usize,
}

impl NodeGrid {
    fn solve<F: DensityField + ?Sized>(
        field: &F,
        unprojector: &Unprojector,
        width_px: u32,
        height_px: u32,
    ) -> Self {
        let columns = (width_px.div_ceil(GRID_PX) + 1) as usize;
        let rows = height_px.div_ceil(GRID_PX) + 1;
        let nodes = (0..rows)
            .into_par_iter()
            .flat_map_iter(|j| {
                let y = f64::from(j * GRID_PX) + 0.5;
                let xs = (0..columns as u32).map(|i| f64::from(i * GRID_PX) + 0.5);
                unprojector.map_points_along(y, xs).into_iter().map(|map| Node {
                    map,
                    density_per_cm2: map.map_or(0.0, |p| field.density_per_cm2(p)),
                })
            })
            .collect();
        Self { nodes, columns }
    }

    /// Density under pixel (`x`, `y`), dots/cm²: interpolated inside a cell whose corners all
    /// lie on the head and in a zone, zero in one whose corners all lie outside every zone,
    /// else solved for this pixel.
    fn density_at<F: DensityField + ?Sized>(
        &self,
        field: &F,
        unprojector: &Unprojector,
        x: u32,
        y: u32,
    ) -> f32 {
        let (i, j) = ((x / GRID_PX) as usize, (y / GRID_PX) as usize);
        let (fx, fy) =
            ((x % GRID_PX) as f32 / GRID_PX as f32, (y % GRID_PX) as f32 / GRID_PX as f32);
        let at = |di: usize, dj: usize| self.nodes[(j + dj) * self.columns + i + di];
        let corners = [at(0, 0), at(1, 0), at(0, 1), at(1, 1)];
        if fx == 0.0 && fy == 0.0 {
            return corners[0].density_per_cm2;
        }
        let weights = [(1.0 - fx) * (1.0 - fy), fx * (1.0 - fy), (1.0 - fx) * fy, fx * fy];
        let on_head = corners.iter().all(|c| c.map.is_some());
        if on_head && corners.iter().all(|c| c.density_per_cm2 > 0.0) {
            return corners.iter().zip(weights).map(|(c, w)| c.density_per_cm2 * w).sum();
        }
        if on_head && corners.iter().all(|c| c.density_per_cm2 <= 0.0) {
            return 0.0;
        }
        let px = [f64::from(x) + 0.5, f64::from(y) + 0.5];
        let map = if on_head {
            // A zone border crosses the cell: interpolate the map point, evaluate exactly.
            let m = |f: fn(&MapPoint) -> f32| {
                corners.iter().zip(weights).map(|(c, w)| c.map.as_ref().map_or(0.0, f) * w).sum()
            };
            Some(MapPoint::new(m(|p| p.x_mm), m(|p| p.y_mm)))
        } else {
            // The head's outline crosses the cell: solve this pixel from a corner on the head.
            match corners.iter().find_map(|c| c.map) {
                Some(near) => unprojector.map_point_near(px, near),
                None => unprojector.map_point(px),
            }
        };
        map.map_or(0.0, |p| field.density_per_cm2(p))
    }
}

/// The bottom-left label, where previews carry theirs: what the colours are, for which preset.
fn draw_map_label(image: &mut RgbImage, preset_name: &str) {
    let text = format!("DENSITY MAP  {preset_name}  target dots/cm², all sessions");
    let cap_px = small_print_cap_px(image.width().min(image.height()));
    // As the simulation label: shrink to fit a narrow image rather than run off its edge.
    let cap_px = shrink_to_fit(&text, cap_px, image.width() as i32 - (2.0 * cap_px) as i32);
    let (w, h) = text_size_px(&text, cap_px);
    let (pad, margin) = (box_pad_px(cap_px), (cap_px * 0.6).round() as i32);
    let rect = PixelRect {
        x: margin,
        y: image.height() as i32 - margin - h as i32 - 2 * pad,
        width: w as i32 + 2 * pad,
        height: h as i32 + 2 * pad,
    };
    shade_rect(image, rect);
    draw_text(image, rect.x + pad, rect.y + pad, &text, cap_px, CAPTION_TEXT_SRGB);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::head::{Camera, HeadSize, View};
    use image::Rgb;

    /// Zero on the client's right (map x < 0); on the left, rising toward the back.
    struct HalfField;

    impl DensityField for HalfField {
        fn density_per_cm2(&self, p: MapPoint) -> f32 {
            if p.x_mm > 0.0 { (p.y_mm / 4.0).clamp(1.0, 80.0) } else { 0.0 }
        }
        fn max_density_per_cm2(&self) -> f32 {
            80.0
        }
    }

    fn plan() -> Plan {
        Plan {
            preset_name: "half".into(),
            seed: 0,
            session_count: 1,
            zones: Vec::new(),
            hairline_mm: Vec::new(),
            extent_mm: crate::geom::SCALP_MAP_MM,
            dots: Vec::new(),
            native_hair: std::sync::Arc::new(crate::field::UniformDensity { density_per_cm2: 0.0 }),
        }
    }

    #[test]
    fn colours_follow_the_density_and_zero_leaves_the_head_untouched() {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let alignment = Alignment::default_fit(View::Top, &model, 400, 400);
        let before = RgbImage::from_pixel(400, 400, Rgb([150, 120, 100]));
        let mut image = before.clone();
        let options = HeatmapOptions::default();
        let summary = render_heatmap(&HalfField, &plan(), &model, &alignment, &mut image, &options);
        assert_eq!(summary.scale.max_per_cm2, 80.0);
        assert!(summary.pixels_coloured > 10_000, "{summary:?}");
        // The top view shows the client's left (map x > 0) on the image's left.
        let camera = Camera::new(&model, &alignment);
        let un = Unprojector::new(&model, &camera);
        for y in (180..360).step_by(7) {
            for x in (0..400).step_by(5) {
                let px = [f64::from(x) + 0.5, f64::from(y) + 0.5];
                let got = image.get_pixel(x, y).0;
                let want = match un.map_point(px).map(|p| HalfField.density_per_cm2(p)) {
                    Some(d) if d > 0.0 => d,
                    _ => {
                        // Unless a border crosses a 4-px cell, untouched means exactly so.
                        let edge = un.map_point([px[0] + 4.0, px[1]]).map(|p| p.x_mm > 0.0)
                            != un.map_point([px[0] - 4.0, px[1]]).map(|p| p.x_mm > 0.0);
                        if !edge {
                            assert_eq!(got, before.get_pixel(x, y).0, "({x},{y})");
                        }
                        continue;
                    }
                };
                let c = viridis(summary.scale.position(want));
                let base = before.get_pixel(x, y).0;
                for i in 0..3 {
                    // 70 % colour over 30 % head (the default opacity).
                    let e = f32::from(base[i]) * 0.3 + f32::from(c[i]) * 0.7;
                    assert!((f32::from(got[i]) - e).abs() <= 3.0, "({x},{y}) {got:?} vs {e}");
                }
            }
        }
    }
}
