//! The scan renderer: rasterise, shade once per pixel in linear light, blend the silhouette
//! from 2 × 2 samples, and fade the bust into a dark studio background.
//!
//! # Anti-aliasing
//! Each pixel has four depth samples (see `raster`). Samples within [`SAME_SURFACE_MM`] of the
//! nearest one belong to the front surface, which is shaded once at the pixel centre; samples
//! on a surface behind (an ear's edge over the cheek) are shaded once more; samples that hit
//! nothing show the background. The pixel is their coverage-weighted mean, so silhouettes are
//! anti-aliased while interior pixels cost one shading.
//!
//! # Order of work
//! A row is first resolved into what covers each pixel, which lists the points to shade; the
//! shader then takes those eight at a time (see `skin_shader`); last each pixel is composed
//! from its shadings and tone-mapped.
//!
//! # Determinism
//! Rows are split into bands, one rayon task each; a pixel depends only on its own samples,
//! which depend on the triangles in mesh order: the image is byte-identical on any thread
//! count.

use image::RgbImage;
use rayon::prelude::*;

use super::camera::ScanCamera;
use super::frame::ScanFrame;
use super::math::V3;
use super::options::{ScanRenderError, ScanRenderOptions};
use super::raster::{NO_TRIANGLE, SS, Samples, bin_triangles, project_vertices};
use super::scene::ScanScene;
use super::skin_shader::{ShadeRequest, SkinShader};
use super::tone::ToneCurve;

/// Samples farther than this behind a pixel's nearest sample belong to another surface, mm.
const SAME_SURFACE_MM: f32 = 4.0;

/// Renders the scan into `image` (its size sets the resolution) and returns its camera and
/// depth buffer.
///
/// # Errors
/// [`ScanRenderError`] if an option is out of range.
pub fn render_scan(
    scene: &ScanScene,
    options: &ScanRenderOptions,
    image: &mut RgbImage,
) -> Result<ScanFrame, ScanRenderError> {
    options.validate()?;
    let (width, height) = image.dimensions();
    Ok(render_scan_with(scene, options, ScanCamera::new(&options.pose, width, height), image))
}

/// [`render_scan`] through a given camera (a close-up's), options already validated.
pub(crate) fn render_scan_with(
    scene: &ScanScene,
    options: &ScanRenderOptions,
    camera: ScanCamera,
    image: &mut RgbImage,
) -> ScanFrame {
    let (width, height) = image.dimensions();
    let screen = project_vertices(&scene.mesh, &camera);
    let band = options.band_height_px.min(height.max(1));
    let bins = bin_triangles(&scene.mesh, &screen, &camera, height, band, options.fade_bottom_mm);
    let mut depth_mm = vec![f32::INFINITY; (width * height) as usize];
    let painter = Painter::new(scene, options, &camera, &screen, width, height);
    let (w, b) = (width as usize, band as usize);
    image
        .par_chunks_mut(w * b * 3)
        .zip(depth_mm.par_chunks_mut(w * b))
        .zip(bins.par_iter())
        .enumerate()
        .for_each_init(
            || Scratch::new(w, b),
            |scratch, (k, ((pixels, depth), tris))| {
                painter.band(k * b, pixels, depth, tris, scratch);
            },
        );
    ScanFrame { camera, width, height, depth_mm }
}

/// What covers a pixel, found from its samples before anything is shaded.
#[derive(Clone, Copy, Debug)]
enum Coverage {
    /// No sample hits the scan: the backdrop's colour.
    Backdrop(V3),
    /// Every sample on one triangle: the shading of request `.0` of the row.
    Surface(u32),
    /// A silhouette or an overlap: `n_front` samples show request `front`, `n_back` the
    /// request after it, the rest the backdrop `background`.
    Mixed { front: u32, n_front: u8, n_back: u8, background: V3 },
}

/// A band's working buffers, reused from band to band on a thread.
struct Scratch {
    samples: Samples,
    coverage: Vec<Coverage>,
    requests: Vec<ShadeRequest>,
    shaded: Vec<V3>,
}

impl Scratch {
    fn new(width: usize, band_rows: usize) -> Self {
        Self {
            samples: Samples::new(width, band_rows, 0),
            coverage: Vec::with_capacity(width),
            // A pixel asks for at most two shadings.
            requests: Vec::with_capacity(2 * width),
            shaded: Vec::with_capacity(2 * width),
        }
    }
}

/// Everything a band needs to shade its pixels.
struct Painter<'a> {
    scene: &'a ScanScene,
    options: &'a ScanRenderOptions,
    screen: &'a [[f32; 3]],
    shader: SkinShader<'a>,
    background_linear: V3,
    /// Per column, the squared horizontal offset of its centre from the backdrop's centre.
    dx2: Vec<f32>,
    size: [f32; 2],
    tone: &'static ToneCurve,
}

impl<'a> Painter<'a> {
    fn new(
        scene: &'a ScanScene,
        options: &'a ScanRenderOptions,
        camera: &'a ScanCamera,
        screen: &'a [[f32; 3]],
        width: u32,
        height: u32,
    ) -> Self {
        let to_linear = |c: u8| {
            let c = f32::from(c) / 255.0;
            if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        let [r, g, b] = options.background_srgb.map(to_linear);
        let albedo_gain = options.skin.map_or(V3::new(1.0, 1.0, 1.0), |skin| {
            let [r, g, b] = skin.skin_srgb().map(to_linear);
            let mean = scene.maps.scalp_mean;
            V3::new(r / mean.x, g / mean.y, b / mean.z)
        });
        Self {
            scene,
            options,
            screen,
            shader: SkinShader::new(scene, options, camera, screen, albedo_gain),
            background_linear: V3::new(r, g, b),
            dx2: (0..width)
                .map(|x| {
                    let dx = (x as f32 + 0.5) / width as f32 - 0.5;
                    dx * dx
                })
                .collect(),
            size: [width as f32, height as f32],
            tone: ToneCurve::get(),
        }
    }

    /// Draws and shades one band of rows: per row, first what covers each pixel (and so which
    /// points need shading), then all those points in lanes, then each pixel's colour.
    fn band(
        &self,
        y0: usize,
        pixels: &mut [u8],
        depth: &mut [f32],
        tris: &[u32],
        scratch: &mut Scratch,
    ) {
        let width = self.size[0] as usize;
        let rows = depth.len() / width;
        let Scratch { samples, coverage, requests, shaded } = scratch;
        samples.reset(rows, y0);
        let tri_screen =
            |t: u32| self.scene.mesh.triangles[t as usize].map(|i| self.screen[i as usize]);
        for &t in tris {
            samples.draw(t, tri_screen(t));
        }
        for row in 0..rows {
            coverage.clear();
            requests.clear();
            let dy = (y0 + row) as f32 + 0.5;
            let dy = dy / self.size[1] - 0.42;
            let dy2 = dy * dy;
            for x in 0..width {
                let (covered, nearest) = self.coverage(samples, x, row, dy2, requests);
                depth[row * width + x] = nearest;
                coverage.push(covered);
            }
            self.shader.shade(requests, shaded);
            for (x, covered) in coverage.iter().enumerate() {
                let colour = match *covered {
                    Coverage::Backdrop(background) => background,
                    Coverage::Surface(k) => shaded[k as usize],
                    Coverage::Mixed { front, n_front, n_back, background } => {
                        let mut sum = shaded[front as usize] * f32::from(n_front);
                        if n_back > 0 {
                            sum += shaded[front as usize + 1] * f32::from(n_back);
                        }
                        let n_bg = (SS * SS - usize::from(n_front) - usize::from(n_back)) as f32;
                        sum * (1.0 / (SS * SS) as f32) + background * (n_bg / (SS * SS) as f32)
                    }
                };
                let out = &mut pixels[(row * width + x) * 3..][..3];
                out.copy_from_slice(&self.tone(colour));
            }
        }
    }

    /// What covers the pixel, from its four samples, with the shadings it needs appended to
    /// `requests`; and its nearest depth (mm).
    fn coverage(
        &self,
        s: &Samples,
        x: usize,
        row: usize,
        dy2: f32,
        requests: &mut Vec<ShadeRequest>,
    ) -> (Coverage, f32) {
        let at = |i: usize| (row * SS + i / SS) * s.width + x * SS + i % SS;
        let ids: [usize; SS * SS] = std::array::from_fn(at);
        let inv_front = ids.iter().map(|&k| s.inv_depth[k]).fold(0.0, f32::max);
        let px = [x as f32 + 0.5, (s.y0_px + row) as f32 + 0.5];
        let background = self.background(self.dx2[x], dy2);
        if inv_front <= 0.0 {
            return (Coverage::Backdrop(background), f32::INFINITY);
        }
        let front_mm = 1.0 / inv_front;
        let index = requests.len() as u32;
        let first = s.triangle[ids[0]];
        if ids.iter().all(|&k| s.triangle[k] == first) {
            // Inside one triangle (most pixels): one shading, no grouping.
            requests.push(ShadeRequest { triangle: first, px, background });
            return (Coverage::Surface(index), front_mm);
        }
        // Same surface: not more than SAME_SURFACE_MM behind the front, compared as 1/depth.
        let inv_limit = 1.0 / (front_mm + SAME_SURFACE_MM);
        let (mut front, mut back, mut back_inv, mut n_front, mut n_back) =
            (NO_TRIANGLE, NO_TRIANGLE, 0.0, 0, 0);
        for &k in &ids {
            let (t, inv) = (s.triangle[k], s.inv_depth[k]);
            if t == NO_TRIANGLE {
                continue;
            }
            if inv >= inv_limit {
                n_front += 1;
                if inv == inv_front && front == NO_TRIANGLE {
                    front = t;
                }
            } else {
                n_back += 1;
                if inv > back_inv {
                    (back, back_inv) = (t, inv);
                }
            }
        }
        requests.push(ShadeRequest { triangle: front, px, background });
        if n_back > 0 {
            requests.push(ShadeRequest { triangle: back, px, background });
        }
        (Coverage::Mixed { front: index, n_front, n_back, background }, front_mm)
    }

    /// The backdrop: charcoal, lighter behind the head, darker toward the corners; `dx2` and
    /// `dy2` are the squared offsets from its centre in image widths and heights (per column
    /// and per row: two divisions a pixel less).
    fn background(&self, dx2: f32, dy2: f32) -> V3 {
        let r2 = (dx2 + dy2) * 2.0;
        self.background_linear * (1.0 - self.options.vignette * r2.min(1.0))
    }

    /// Tone maps a linear colour (see [`ToneCurve`]) to sRGB, channel by channel in straight
    /// code: through `array::map` the three lookups were not fully inlined.
    fn tone(&self, c: V3) -> [u8; 3] {
        [self.tone.encode(c.x), self.tone.encode(c.y), self.tone.encode(c.z)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::View;
    use crate::default_head::scan::camera::ScanPose;
    use crate::head::HeadPoint;
    use std::sync::LazyLock;

    static SCENE: LazyLock<ScanScene> = LazyLock::new(ScanScene::load);

    fn render_on(threads: usize, options: &ScanRenderOptions) -> (RgbImage, ScanFrame) {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let mut image = RgbImage::new(360, 300);
        let frame = pool.install(|| render_scan(&SCENE, options, &mut image)).unwrap();
        (image, frame)
    }

    #[test]
    fn byte_identical_on_one_and_three_threads() {
        let options = ScanRenderOptions {
            pose: ScanPose::three_quarter(),
            band_height_px: 7,
            ..Default::default()
        };
        let (a, fa) = render_on(1, &options);
        let (b, fb) = render_on(3, &options);
        assert!(a == b, "images differ between 1 and 3 threads");
        assert!(fa.depth_mm.iter().zip(&fb.depth_mm).all(|(x, y)| x.to_bits() == y.to_bits()));
    }

    #[test]
    fn depth_buffer_holds_the_skin_and_nothing_on_the_background() {
        let options = ScanRenderOptions::of_view(View::Front);
        let (image, frame) = render_on(2, &options);
        assert_eq!(frame.depth_mm(0, 0), f32::INFINITY);
        // The glabella, straight ahead of the camera, is ~1200 mm away less its distance in front
        // of the aim point.
        let g = SCENE.landmarks_v3().glabella;
        let [x, y, depth] = frame.project(HeadPoint { x_mm: g.x, y_mm: g.y, z_mm: g.z });
        let buffer = frame.depth_mm(x as u32, y as u32);
        assert!((buffer - depth).abs() < 2.0, "glabella at {depth} mm, buffer {buffer} mm");
        // Skin is lighter than the charcoal backdrop there.
        assert!(image.get_pixel(x as u32, y as u32).0[0] > 120);
    }

    #[test]
    fn the_silhouette_is_anti_aliased() {
        // Along a row through the cranium, the step from backdrop to skin passes through
        // in-between values rather than jumping in one pixel.
        let (image, frame) = render_on(2, &ScanRenderOptions::of_view(View::Front));
        let row = 100;
        let first = (0..image.width())
            .find(|&x| frame.depth_mm(x, row).is_finite())
            .expect("head in the row");
        let [bg, edge, inside] =
            [first - 2, first, first + 3].map(|x| image.get_pixel(x, row).0[0]);
        assert!(bg < edge && edge < inside, "backdrop {bg}, edge {edge}, skin {inside}");
    }

    #[test]
    fn out_of_range_options_are_refused() {
        let bad = ScanRenderOptions { vignette: 1.5, ..Default::default() };
        assert_eq!(bad.validate().unwrap_err().field, "vignette");
        let bad = ScanRenderOptions { fade_top_mm: -200.0, ..Default::default() };
        assert!(bad.validate().is_err());
        assert!(ScanRenderOptions::of_view(View::Top).validate().is_ok());
    }
}
