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
//! # Determinism
//! Rows are split into bands, one rayon task each; a pixel depends only on its own samples,
//! which depend on the triangles in mesh order: the image is byte-identical on any thread
//! count.

use image::RgbImage;
use rayon::prelude::*;

use super::camera::ScanCamera;
use super::detail::SkinDetail;
use super::frame::ScanFrame;
use super::math::V3;
use super::options::{ScanRenderError, ScanRenderOptions};
use super::raster::{
    NO_TRIANGLE, SS, Samples, bin_triangles, blend3, perspective_barycentrics, project_vertices,
};
use super::scene::ScanScene;
use super::shade::Lighting;
use super::shadow::ShadowMap;
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
        .for_each(|(k, ((pixels, depth), tris))| painter.band(k * b, pixels, depth, tris));
    ScanFrame { camera, width, height, depth_mm }
}

/// Everything a band needs to shade its pixels.
struct Painter<'a> {
    scene: &'a ScanScene,
    options: &'a ScanRenderOptions,
    camera: &'a ScanCamera,
    screen: &'a [[f32; 3]],
    lighting: Lighting,
    shadow: ShadowMap,
    background_linear: V3,
    /// Per-channel factor on the albedo for the skin type asked for (1 for the scan's own).
    albedo_gain: V3,
    detail: SkinDetail,
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
        let lighting = Lighting::for_camera(camera);
        let albedo_gain = options.skin.map_or(V3::new(1.0, 1.0, 1.0), |skin| {
            let [r, g, b] = skin.skin_srgb().map(to_linear);
            let mean = scene.maps.scalp_mean;
            V3::new(r / mean.x, g / mean.y, b / mean.z)
        });
        let aim = V3::from_array(options.pose.aim_mm);
        let detail = SkinDetail::for_scale(camera.px_per_mm_at(camera.project(aim)[2]));
        Self {
            albedo_gain,
            detail,
            scene,
            options,
            camera,
            screen,
            shadow: ShadowMap::new(&scene.coarse, lighting.key(), options.fade_bottom_mm),
            lighting,
            background_linear: V3::new(r, g, b),
            size: [width as f32, height as f32],
            tone: ToneCurve::get(),
        }
    }

    fn band(&self, y0: usize, pixels: &mut [u8], depth: &mut [f32], tris: &[u32]) {
        let width = self.size[0] as usize;
        let rows = depth.len() / width;
        let mut samples = Samples::new(width, rows, y0);
        let tri_screen =
            |t: u32| self.scene.mesh.triangles[t as usize].map(|i| self.screen[i as usize]);
        for &t in tris {
            samples.draw(t, tri_screen(t));
        }
        for row in 0..rows {
            for x in 0..width {
                let (colour, nearest) = self.resolve(&samples, x, row);
                depth[row * width + x] = nearest;
                let out = &mut pixels[(row * width + x) * 3..][..3];
                out.copy_from_slice(&self.tone(colour));
            }
        }
    }

    /// The pixel's linear colour from its four samples, and its nearest depth (mm).
    fn resolve(&self, s: &Samples, x: usize, row: usize) -> (V3, f32) {
        let at = |i: usize| (row * SS + i / SS) * s.width + x * SS + i % SS;
        let ids: [usize; SS * SS] = std::array::from_fn(at);
        let inv_front = ids.iter().map(|&k| s.inv_depth[k]).fold(0.0, f32::max);
        let px = [x as f32 + 0.5, (s.y0_px + row) as f32 + 0.5];
        let background = self.background(px);
        if inv_front <= 0.0 {
            return (background, f32::INFINITY);
        }
        let front_mm = 1.0 / inv_front;
        let first = s.triangle[ids[0]];
        if ids.iter().all(|&k| s.triangle[k] == first) {
            // Inside one triangle (most pixels): one shading, no grouping.
            return (self.shade(first, px, background), front_mm);
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
        let mut sum = self.shade(front, px, background) * n_front as f32;
        if n_back > 0 {
            sum += self.shade(back, px, background) * n_back as f32;
        }
        let n_bg = (SS * SS - n_front - n_back) as f32;
        (sum * (1.0 / (SS * SS) as f32) + background * (n_bg / (SS * SS) as f32), front_mm)
    }

    /// Shades triangle `t` at image point `px`, faded into `background` below the chin.
    fn shade(&self, t: u32, px: [f32; 2], background: V3) -> V3 {
        let mesh = &self.scene.mesh;
        let tri = mesh.triangles[t as usize];
        let b = perspective_barycentrics(tri.map(|i| self.screen[i as usize]), px[0], px[1]);
        let position = blend3(tri.map(|i| mesh.positions[i as usize]), b);
        let normal = blend3(tri.map(|i| mesh.normals[i as usize]), b).normalized();
        let uv = tri.map(|i| mesh.uvs[i as usize]);
        let (u, v) = (
            uv[0][0] * b[0] + uv[1][0] * b[1] + uv[2][0] * b[2],
            uv[0][1] * b[0] + uv[1][1] * b[1] + uv[2][1] * b[2],
        );
        let tan = tri.map(|i| mesh.tangents[i as usize]);
        let tangent = blend3(tan.map(|q| V3::new(q[0], q[1], q[2])), b);
        let tangent = (tangent - normal * normal.dot(tangent)).normalized();
        let bitangent = normal.cross(tangent) * tan[0][3];
        let skin = self.scene.maps.skin.sample(u, v);
        let mut albedo = skin.albedo.mul_elem(self.albedo_gain);
        if self.detail.is_visible() {
            albedo = albedo * self.detail.albedo_factor(u, v);
        }
        let tn = skin.normal;
        let shading_normal = (tangent * tn.x + bitangent * tn.y + normal * tn.z).normalized();
        // Shadowed only where the surface turns toward the key: past the terminator the
        // shadow map sees the point's own back, which would cut off the wrap light there.
        let toward_key = ((normal.dot(self.lighting.key()) + 0.05) / 0.25).clamp(0.0, 1.0);
        let shadowed =
            if toward_key > 0.0 { 1.0 - self.shadow.visibility(position, normal) } else { 0.0 };
        let lit = self.lighting.shade(
            albedo,
            shading_normal,
            self.camera.eye_direction(position),
            skin.specular,
            1.0 - shadowed * toward_key,
        );
        let o = self.options;
        let fade =
            ((position.z - o.fade_bottom_mm) / (o.fade_top_mm - o.fade_bottom_mm)).clamp(0.0, 1.0);
        let fade = fade * fade * (3.0 - 2.0 * fade);
        background + (lit * o.exposure - background) * fade
    }

    /// The backdrop: charcoal, lighter behind the head, darker toward the corners.
    fn background(&self, px: [f32; 2]) -> V3 {
        let (dx, dy) = (px[0] / self.size[0] - 0.5, px[1] / self.size[1] - 0.42);
        let r2 = (dx * dx + dy * dy) * 2.0;
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
