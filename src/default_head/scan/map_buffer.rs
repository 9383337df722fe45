//! The scalp-map point under every pixel of a scan render, for density maps: the 4 mm map grid
//! (see `grid`) is drawn as triangles whose vertices carry their map coordinates, through the
//! render's camera, and kept only where it lies on the skin the render shows (its depth within
//! a few mm of the render's depth buffer), so nothing behind an ear or on the far side of the
//! head gets a map point.

use rayon::prelude::*;

use super::dots::VISIBLE_TOLERANCE_MM;
use super::frame::ScanFrame;
use super::grid::MapGrid;
use super::scene::ScanScene;
use crate::MapPoint;

/// Map point under each pixel of `frame` (row by row), or `None` off the scalp map.
///
/// Triangles are drawn in grid order and a pixel keeps the nearest one (the first on a tie),
/// so the buffer does not depend on threads.
pub(crate) fn map_points_under_pixels(
    scene: &ScanScene,
    frame: &ScanFrame,
) -> Vec<Option<MapPoint>> {
    let values = draw_grid(scene, frame, |_, m| [m.x_mm, m.y_mm]);
    values.into_iter().map(|v| v.map(|[x, y]| MapPoint::new(x, y))).collect()
}

/// `attribute` (a value per grid node, from its index `(i, j)` and map point) interpolated under each pixel of
/// `frame` where the scalp map lies in view, else `None`; see [`map_points_under_pixels`].
pub(crate) fn draw_grid<const N: usize>(
    scene: &ScanScene,
    frame: &ScanFrame,
    attribute: impl Fn((usize, usize), MapPoint) -> [f32; N],
) -> Vec<Option<[f32; N]>> {
    let (width, height) = frame.size_px();
    let mut out = vec![None; (width * height) as usize];
    let band_px = width as usize * grid_band_rows(height);
    if band_px == 0 {
        return out;
    }
    let targets = out.chunks_mut(band_px).collect();
    draw_grid_bands(scene, frame, attribute, targets, |target, values| {
        target.copy_from_slice(values);
    });
    out
}

/// Image rows per band of [`draw_grid_bands`] in a frame `height_px` tall.
pub(crate) fn grid_band_rows(height_px: u32) -> usize {
    BAND_ROWS.min(height_px as usize).max(1)
}

/// [`draw_grid`] band by band on the rayon pool, with no frame-sized buffer: each band of
/// [`grid_band_rows`] rows (top to bottom, one `targets` item each) is drawn into scratch rows
/// reused on its thread and handed to `consume` with its target.
///
/// Two frame-sized buffers (48 MB at 2000²) were filled on one thread before the bands began:
/// 23 ms of a preview's hair shadow.
pub(crate) fn draw_grid_bands<const N: usize, T: Send>(
    scene: &ScanScene,
    frame: &ScanFrame,
    attribute: impl Fn((usize, usize), MapPoint) -> [f32; N],
    targets: Vec<T>,
    consume: impl Fn(T, &[Option<[f32; N]>]) + Sync,
) {
    let (width, height) = frame.size_px();
    let grid = scene.grid();
    let (columns, rows) = MapGrid::size();
    if width == 0 || height == 0 {
        return;
    }
    let camera = &frame.camera;
    let nodes: Vec<Option<([f32; 3], [f32; N])>> = (0..rows)
        .flat_map(|j| (0..columns).map(move |i| (i, j)))
        .map(|(i, j)| {
            let (p, normal) = grid.node(i, j)?;
            // Nodes facing away cannot be seen; their cells are left out whole or in part.
            (normal.dot(camera.eye_direction(p)) > -0.2)
                .then(|| (camera.project(p), attribute((i, j), MapGrid::node_mm(i, j))))
        })
        .collect();
    let mut triangles = Vec::new();
    for j in 0..rows - 1 {
        for i in 0..columns - 1 {
            let at = |di: usize, dj: usize| nodes[(j + dj) * columns + i + di];
            let (Some(a), Some(b), Some(c), Some(d)) = (at(0, 0), at(1, 0), at(0, 1), at(1, 1))
            else {
                continue;
            };
            triangles.extend([[a, b, d], [a, d, c]]);
        }
    }
    // Each band draws the triangles that reach it, in grid order, so a pixel sees the same
    // triangles in the same order on any thread count: the buffer is byte-identical.
    let band_rows = grid_band_rows(height);
    let mut bins = vec![Vec::new(); (height as usize).div_ceil(band_rows)];
    for (index, tri) in triangles.iter().enumerate() {
        if let Some((first, last)) = row_span(tri.map(|t| t.0), height) {
            for bin in &mut bins[first / band_rows..=last / band_rows] {
                bin.push(index);
            }
        }
    }
    assert_eq!(targets.len(), bins.len(), "one target per band of grid_band_rows rows");
    let w = width as usize;
    targets.into_par_iter().zip(bins.par_iter()).enumerate().for_each_init(
        || (Vec::new(), Vec::new()),
        |(out, depth), (band, (target, bin))| {
            let y0 = band * band_rows;
            let len = w * band_rows.min(height as usize - y0);
            out.clear();
            out.resize(len, None);
            depth.clear();
            depth.resize(len, f32::INFINITY);
            let mut band = Band { y0, out: &mut out[..], depth: &mut depth[..] };
            for &index in bin {
                draw(triangles[index], frame, &mut band);
            }
            consume(target, band.out);
        },
    );
}

/// Image rows per parallel band of [`draw_grid`]: a grid cell (4 mm) spans about 27 rows of a
/// 2000 px front view, so most triangles touch one or two bands, and 63 bands share out well
/// over a few threads (not tuned further).
const BAND_ROWS: usize = 32;

/// The rows `y0..y0 + out.len() / width` of the buffers being drawn.
struct Band<'a, const N: usize> {
    y0: usize,
    out: &'a mut [Option<[f32; N]>],
    depth: &'a mut [f32],
}

/// First and last image row whose pixel centres a triangle's bounding box covers, if any.
fn row_span(v: [[f32; 3]; 3], height: u32) -> Option<(usize, usize)> {
    let lo = v[0][1].min(v[1][1]).min(v[2][1]);
    let hi = v[0][1].max(v[1][1]).max(v[2][1]);
    let first = (lo - 0.5).ceil().max(0.0) as u32;
    let last = ((hi - 0.5).floor().min(height as f32 - 1.0)).max(-1.0) as i64;
    (last >= i64::from(first)).then_some((first as usize, last as usize))
}

/// Draws the part of one triangle of `(screen x, y, depth; attribute)` vertices that lies in
/// `band`.
fn draw<const N: usize>(tri: [([f32; 3], [f32; N]); 3], frame: &ScanFrame, band: &mut Band<N>) {
    let (width, height) = frame.size_px();
    let v = tri.map(|t| t.0);
    let edge = |a: [f32; 3], b: [f32; 3], x: f32, y: f32| {
        (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])
    };
    let area = edge(v[0], v[1], v[2][0], v[2][1]);
    if area.abs() < 1e-6 {
        return;
    }
    let Some((first, last)) = row_span(v, height) else { return };
    let rows = band.depth.len() / width as usize;
    let (y0, y1) = (first.max(band.y0), last.min(band.y0 + rows - 1));
    let lo = v[0][0].min(v[1][0]).min(v[2][0]);
    let hi = v[0][0].max(v[1][0]).max(v[2][0]);
    let x0 = (lo - 0.5).ceil().max(0.0) as u32;
    let x1 = ((hi - 0.5).floor().min(width as f32 - 1.0)).max(-1.0) as i64;
    for y in y0..=y1 {
        let py = y as f32 + 0.5;
        let (from, to) = inside_columns(v, area, py);
        for x in i64::from(x0).max(from)..=x1.min(to) {
            let px = x as f32 + 0.5;
            let w = [edge(v[1], v[2], px, py), edge(v[2], v[0], px, py), edge(v[0], v[1], px, py)]
                .map(|e| e / area);
            if w.iter().any(|&c| c < 0.0) {
                continue;
            }
            // Perspective-correct weights from the vertices' depths.
            let p = [w[0] / v[0][2], w[1] / v[1][2], w[2] / v[2][2]];
            let sum = p[0] + p[1] + p[2];
            let z = 1.0 / sum;
            let k = y * width as usize + x as usize;
            let local = k - band.y0 * width as usize;
            if z > frame.depth_mm[k] + VISIBLE_TOLERANCE_MM || z >= band.depth[local] {
                continue;
            }
            band.depth[local] = z;
            band.out[local] = Some(std::array::from_fn(|c| {
                (tri[0].1[c] * p[0] + tri[1].1[c] * p[1] + tri[2].1[c] * p[2]) / sum
            }));
        }
    }
}

/// Columns of row centre `py` that can lie inside the triangle `v` of signed area `area`, with
/// two columns to spare on each side: [`draw`] tests exactly only these, not the whole bounding
/// box, of which the edge tests and divisions cost three times the inside's (hair shadow 100 ms
/// of CPU at 2000²).
///
/// Each edge function `e(px) = c − dy·(px − a_x)` has the area's sign on one side of
/// `a_x + c / dy`. Edges within 0.05 px of horizontal are left out (their crossing is
/// ill-conditioned and they bound few columns).
fn inside_columns(v: [[f32; 3]; 3], area: f32, py: f32) -> (i64, i64) {
    const SPARE_PX: f32 = 2.0;
    let (mut lo, mut hi) = (f32::MIN, f32::MAX);
    for (a, b) in [(v[1], v[2]), (v[2], v[0]), (v[0], v[1])] {
        let dy = b[1] - a[1];
        if dy.abs() < 0.05 {
            continue;
        }
        // Pixel column of the crossing: its centre is at column + 0.5.
        let crossing = a[0] + (b[0] - a[0]) * (py - a[1]) / dy - 0.5;
        if (dy > 0.0) == (area > 0.0) {
            hi = hi.min(crossing + SPARE_PX);
        } else {
            lo = lo.max(crossing - SPARE_PX);
        }
    }
    (lo.max(-1.0e9).ceil() as i64, hi.min(1.0e9).floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::View;
    use crate::default_head::scan::options::ScanRenderOptions;
    use crate::default_head::scan::render::render_scan;
    use image::RgbImage;

    #[test]
    fn the_glabella_pixel_holds_the_map_origin_and_the_backdrop_none() {
        let scene = ScanScene::shared();
        let mut image = RgbImage::new(400, 400);
        let frame =
            render_scan(scene, &ScanRenderOptions::of_view(View::Front), &mut image).unwrap();
        let buffer = map_points_under_pixels(scene, &frame);
        let [x, y, _] = frame.project(scene.landmarks().glabella);
        let m = buffer[y as usize * 400 + x as usize].expect("the glabella is on the map");
        assert!(m.x_mm.abs() < 2.0 && m.y_mm.abs() < 3.0, "{m:?}");
        assert!(buffer[0].is_none());
    }

    #[test]
    fn the_buffer_is_the_same_on_one_and_three_threads() {
        let scene = ScanScene::shared();
        let options = ScanRenderOptions::of_view(View::Left);
        let buffers = [1, 3].map(|threads| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                let mut image = RgbImage::new(300, 250);
                let frame = render_scan(scene, &options, &mut image).unwrap();
                map_points_under_pixels(scene, &frame)
            })
        });
        let bits = |b: &[Option<MapPoint>]| -> Vec<Option<[u32; 2]>> {
            b.iter().map(|m| m.map(|m| [m.x_mm.to_bits(), m.y_mm.to_bits()])).collect()
        };
        assert!(buffers[0].iter().filter(|m| m.is_some()).count() > 10_000);
        assert!(
            bits(&buffers[0]) == bits(&buffers[1]),
            "map points differ between 1 and 3 threads"
        );
    }
}
