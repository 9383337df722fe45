//! The grey-blue shadow of the client's shaved hair on the scan.
//!
//! A buzz cut reads at arm's length less as stubs than as a cool shadow: dark shafts show
//! through the skin and the stubs merge, and in a 400 px preview the stubs alone are
//! sub-pixel and vanish. The stubs give the texture up close; this gives the tone. The hair
//! density (hairs/cm²) is taken at the map grid's nodes (4 mm apart, which softens zone borders
//! over a few millimetres as real hair does), drawn through the render's camera and depth
//! buffer, and darkens each pixel in linear light, red more than blue.

use image::RgbImage;

use super::frame::ScanFrame;
use super::grid::MapGrid;
use super::map_buffer::{draw_grid_bands, grid_band_rows};
use super::scene::ScanScene;
use crate::MapPoint;
use crate::color::SrgbLut;

/// Darkening per hair per mm² of skin (a Beer–Lambert coefficient): 70 hairs/cm² face-on
/// darken the skin by about 12 %, a buzz cut's shadow on fair skin.
const DARKNESS_PER_HAIR_MM2: f32 = 0.18;
/// How much less each channel darkens: shafts seen through skin cast a cool grey.
const CHANNEL_SHARE: [f32; 3] = [1.0, 0.96, 0.86];

/// Darkens `image` (the render `frame` drew) by the shadow of `hairs_per_cm2`'s hair.
pub(crate) fn shade_hair(
    scene: &ScanScene,
    frame: &ScanFrame,
    image: &mut RgbImage,
    hairs_per_cm2: impl Fn(MapPoint) -> f32,
) {
    let (columns, rows) = MapGrid::size();
    let mut per_mm2: Vec<f32> = (0..rows)
        .flat_map(|j| (0..columns).map(move |i| (i, j)))
        .map(|(i, j)| hairs_per_cm2(MapGrid::node_mm(i, j)).max(0.0) / 100.0)
        .collect();
    // Nodes are 4 mm apart: a zone border between two showed as stair steps; two 3 × 3 box
    // passes spread it over about a centimetre, as the edge of real hair loss.
    for _ in 0..2 {
        per_mm2 = box_blur(&per_mm2, columns, rows);
    }
    let lut = SrgbLut::get();
    let band_bytes = image.width() as usize * 3 * grid_band_rows(image.height());
    let targets = image.chunks_mut(band_bytes).collect();
    let attribute = |(i, j): (usize, usize), _| {
        [1.0 - (-DARKNESS_PER_HAIR_MM2 * per_mm2[j * columns + i]).exp()]
    };
    // Darkened band by band as the grid is drawn: no frame-sized shadow buffer.
    draw_grid_bands(scene, frame, attribute, targets, |rows: &mut [u8], shadow| {
        for (x, s) in shadow.iter().enumerate() {
            let Some([d]) = *s else { continue };
            if d <= 0.0 {
                continue;
            }
            let px = &mut rows[x * 3..x * 3 + 3];
            for c in 0..3 {
                px[c] = lut.darken(px[c], 1.0 - d * CHANNEL_SHARE[c]);
            }
        }
    });
}

/// A 3 × 3 box blur of a `columns × rows` grid (edges use the cells that exist).
fn box_blur(v: &[f32], columns: usize, rows: usize) -> Vec<f32> {
    let mut out = vec![0.0; v.len()];
    for j in 0..rows {
        for i in 0..columns {
            let (mut sum, mut n) = (0.0, 0.0);
            for dj in j.saturating_sub(1)..=(j + 1).min(rows - 1) {
                for di in i.saturating_sub(1)..=(i + 1).min(columns - 1) {
                    sum += v[dj * columns + di];
                    n += 1.0;
                }
            }
            out[j * columns + i] = sum / n;
        }
    }
    out
}
