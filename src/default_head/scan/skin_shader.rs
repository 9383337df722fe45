//! The skin's colour at a point of a drawn triangle: maps, normal map, shadow and lights, faded
//! into the backdrop below the chin. Points are shaded [`LANES`] at a time.
//!
//! # Why in lanes
//! Shading one pixel at a time was 36 % of a 2000 px norwood-4 preview's CPU (perf), mostly
//! arithmetic: about twenty divisions and seven square roots per pixel, one float at a time.
//! Here the vertex attributes and the texture and shadow lookups are gathered lane by lane,
//! and the arithmetic between them runs on [`F`] and [`V3L`] arrays, which the compiler
//! turns into 4-wide SSE. Every lane does the operations of the one-point formula in the same
//! order, so the image is byte-identical to shading one pixel at a time (a test checks it
//! against that formula, kept as `shade_one`).

use super::camera::ScanCamera;
use super::detail::SkinDetail;
use super::lanes::{F, LANES, V3L};
use super::math::V3;
use super::options::ScanRenderOptions;
use super::scene::ScanScene;
use super::shade::Lighting;
use super::shadow::ShadowMap;

/// A point to shade: on triangle `triangle` under image point `px`, fading into `background`
/// (linear RGB) below the chin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct ShadeRequest {
    pub triangle: u32,
    pub px: [f32; 2],
    pub background: V3,
}

/// Everything that shading a point of skin reads.
pub(crate) struct SkinShader<'a> {
    scene: &'a ScanScene,
    /// Every vertex projected: image x, y (px) and depth (mm).
    screen: &'a [[f32; 3]],
    lighting: Lighting,
    shadow: ShadowMap,
    /// Per-channel factor on the albedo for the skin type asked for (1 for the scan's own).
    albedo_gain: V3,
    detail: SkinDetail,
    eye: V3,
    exposure: f32,
    fade_bottom_mm: f32,
    fade_top_mm: f32,
}

impl<'a> SkinShader<'a> {
    pub fn new(
        scene: &'a ScanScene,
        options: &ScanRenderOptions,
        camera: &ScanCamera,
        screen: &'a [[f32; 3]],
        albedo_gain: V3,
    ) -> Self {
        let lighting = Lighting::for_camera(camera);
        let aim = V3::from_array(options.pose.aim_mm);
        Self {
            scene,
            screen,
            shadow: ShadowMap::new(&scene.coarse, lighting.key(), options.fade_bottom_mm),
            lighting,
            albedo_gain,
            detail: SkinDetail::for_scale(camera.px_per_mm_at(camera.project(aim)[2])),
            eye: camera.eye,
            exposure: options.exposure,
            fade_bottom_mm: options.fade_bottom_mm,
            fade_top_mm: options.fade_top_mm,
        }
    }

    /// Shades every request into `out` (cleared first), in order.
    pub fn shade(&self, requests: &[ShadeRequest], out: &mut Vec<V3>) {
        out.clear();
        for chunk in requests.chunks(LANES) {
            // A short last chunk repeats its last request in the spare lanes.
            let mut lanes = [chunk[chunk.len() - 1]; LANES];
            lanes[..chunk.len()].copy_from_slice(chunk);
            let colours = self.shade_lanes(&lanes);
            out.extend((0..chunk.len()).map(|i| colours.get(i)));
        }
    }

    /// Linear RGB of [`LANES`] requests.
    fn shade_lanes(&self, requests: &[ShadeRequest; LANES]) -> V3L {
        let mesh = &self.scene.mesh;
        // Gather the corners' attributes, lane by lane.
        let (mut sx, mut sy, mut sz) = ([F::default(); 3], [F::default(); 3], [F::default(); 3]);
        let (mut positions, mut normals, mut tangents) =
            ([V3L::default(); 3], [V3L::default(); 3], [V3L::default(); 3]);
        let (mut us, mut vs) = ([F::default(); 3], [F::default(); 3]);
        let (mut handedness, mut x, mut y) = (F::default(), F::default(), F::default());
        let mut background = V3L::default();
        for (i, request) in requests.iter().enumerate() {
            let tri = mesh.triangles[request.triangle as usize];
            for (c, &vertex) in tri.iter().enumerate() {
                let k = vertex as usize;
                [sx[c].0[i], sy[c].0[i], sz[c].0[i]] = self.screen[k];
                positions[c].set(i, mesh.positions[k]);
                normals[c].set(i, mesh.normals[k]);
                [us[c].0[i], vs[c].0[i]] = mesh.uvs[k];
                let [tx, ty, tz, _] = mesh.tangents[k];
                tangents[c].set(i, V3::new(tx, ty, tz));
            }
            handedness.0[i] = mesh.tangents[tri[0] as usize][3];
            [x.0[i], y.0[i]] = request.px;
            background.set(i, request.background);
        }

        // Perspective-correct barycentrics, as `raster::perspective_barycentrics`.
        let edge =
            |a: usize, b: usize| (sx[b] - sx[a]) * (y - sy[a]) - (sy[b] - sy[a]) * (x - sx[a]);
        let area = (sx[1] - sx[0]) * (sy[2] - sy[0]) - (sy[1] - sy[0]) * (sx[2] - sx[0]);
        // In straight code, not `array::map`, which left closure calls in the kernel.
        let clamped = |e: F| (e / area).max(0.0);
        let l = [clamped(edge(1, 2)), clamped(edge(2, 0)), clamped(edge(0, 1))];
        let l = [l[0] / sz[0], l[1] / sz[1], l[2] / sz[2]];
        let sum = l[0] + l[1] + l[2];
        let normalised = |w: F| F::select_positive(sum, w / sum, F::splat(1.0 / 3.0));
        let b = [normalised(l[0]), normalised(l[1]), normalised(l[2])];

        let blend3 = |a: [V3L; 3]| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        let position = blend3(positions);
        let normal = blend3(normals).normalized();
        let u = us[0] * b[0] + us[1] * b[1] + us[2] * b[2];
        let v = vs[0] * b[0] + vs[1] * b[1] + vs[2] * b[2];
        let tangent = blend3(tangents);
        let tangent = (tangent - normal * normal.dot(tangent)).normalized();
        let bitangent = normal.cross(tangent) * handedness;
        // Shadowed only where the surface turns toward the key: past the terminator the
        // shadow map sees the point's own back, which would cut off the wrap light there.
        let toward_key = ((normal.dot(V3L::splat(self.lighting.key())) + 0.05) / 0.25).clamp01();

        let skin = self.scene.maps.sample_lanes(u, v);
        let mut albedo = skin.albedo.mul_elem(V3L::splat(self.albedo_gain));
        if self.detail.is_visible() {
            albedo = albedo * F(std::array::from_fn(|i| self.detail.albedo_factor(u.0[i], v.0[i])));
        }
        // Shadowed only toward the key (see above).
        let visible = self.shadow.visibility_lanes(position, normal, toward_key);
        let shadowed = F::select_positive(toward_key, 1.0 - visible, F::splat(0.0));

        let tn = skin.normal;
        let shading_normal = (tangent * tn.x + bitangent * tn.y + normal * tn.z).normalized();
        let to_eye = (V3L::splat(self.eye) - position).normalized();
        let lit = self.lighting.shade_lanes(
            albedo,
            shading_normal,
            to_eye,
            skin.specular,
            1.0 - shadowed * toward_key,
        );
        let (bottom, top) = (self.fade_bottom_mm, self.fade_top_mm);
        let fade = ((position.z - bottom) / (top - bottom)).clamp01();
        let fade = fade * fade * (3.0 - 2.0 * fade);
        background + (lit * self.exposure - background) * fade
    }

    /// One request shaded alone: the formula the lanes follow (the renderer's per-pixel
    /// shading before they did), kept to check them against.
    #[cfg(test)]
    fn shade_one(&self, request: &ShadeRequest) -> V3 {
        use super::raster::{blend3, perspective_barycentrics};
        let ShadeRequest { triangle: t, px, background } = *request;
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
        let skin = self.scene.maps.sample(u, v);
        let mut albedo = skin.albedo.mul_elem(self.albedo_gain);
        if self.detail.is_visible() {
            albedo = albedo * self.detail.albedo_factor(u, v);
        }
        let tn = skin.normal;
        let shading_normal = (tangent * tn.x + bitangent * tn.y + normal * tn.z).normalized();
        let toward_key = ((normal.dot(self.lighting.key()) + 0.05) / 0.25).clamp(0.0, 1.0);
        let shadowed =
            if toward_key > 0.0 { 1.0 - self.shadow.visibility(position, normal) } else { 0.0 };
        let lit = self.lighting.shade(
            albedo,
            shading_normal,
            (self.eye - position).normalized(),
            skin.specular,
            1.0 - shadowed * toward_key,
        );
        let fade = ((position.z - self.fade_bottom_mm) / (self.fade_top_mm - self.fade_bottom_mm))
            .clamp(0.0, 1.0);
        let fade = fade * fade * (3.0 - 2.0 * fade);
        background + (lit * self.exposure - background) * fade
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::default_head::SkinType;
    use crate::default_head::scan::camera::ScanPose;
    use crate::default_head::scan::raster::project_vertices;

    fn bits(v: V3) -> [u32; 3] {
        [v.x.to_bits(), v.y.to_bits(), v.z.to_bits()]
    }

    #[test]
    fn lanes_shade_bit_for_bit_as_one_point_at_a_time() {
        let scene = ScanScene::shared();
        // A close-up (skin detail on) and a portrait (off); three-quarter so shadows fall.
        for (size, frame_mm) in [(2000, 330.0), (600, 60.0)] {
            let pose = ScanPose { frame_height_mm: frame_mm, ..ScanPose::three_quarter() };
            let options = ScanRenderOptions { pose, skin: Some(SkinType::V), ..Default::default() };
            let camera = ScanCamera::new(&pose, size, size);
            let screen = project_vertices(&scene.mesh, &camera);
            let shader = SkinShader::new(scene, &options, &camera, &screen, V3::new(0.7, 0.8, 0.9));
            // Points inside, on the edges of and just outside triangles all over the mesh.
            let requests: Vec<ShadeRequest> = (0..scene.mesh.triangles.len() as u32)
                .step_by(37)
                .enumerate()
                .map(|(k, t)| {
                    let c = scene.mesh.triangles[t as usize].map(|i| screen[i as usize]);
                    let w = [[0.2, 0.3, 0.5], [0.0, 0.5, 0.5], [-0.1, 0.6, 0.5], [1.0, 0.0, 0.0]]
                        [k % 4];
                    let at = |a: usize| w[0] * c[0][a] + w[1] * c[1][a] + w[2] * c[2][a];
                    let background = V3::new(0.01, 0.02, k as f32 * 1e-6);
                    ShadeRequest { triangle: t, px: [at(0), at(1)], background }
                })
                .collect();
            let mut lanes = Vec::new();
            shader.shade(&requests, &mut lanes);
            assert_eq!(lanes.len(), requests.len());
            for (request, &colour) in requests.iter().zip(&lanes) {
                assert_eq!(bits(colour), bits(shader.shade_one(request)), "{request:?}");
            }
        }
    }
}
