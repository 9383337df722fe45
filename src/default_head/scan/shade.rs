//! Skin lighting in linear light: a soft key, a fill and a rim light placed relative to the
//! camera like a studio portrait, sky/ground ambient, a wrap term tinted red for light that
//! scatters under the skin, and a specular sheen scaled by the scan's specular map.

use super::camera::ScanCamera;
use super::lanes::{F, V3L};
use super::math::V3;

/// Light directions (unit, toward the light, head frame) and strengths for one camera.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lighting {
    key: V3,
    fill: V3,
    rim: V3,
}

/// Key light, linear RGB: slightly warm, as a tungsten-balanced softbox.
const KEY_RGB: V3 = V3::new(1.42, 1.36, 1.27);
/// Fill from the other side, about two stops under the key, slightly cool.
const FILL_RGB: V3 = V3::new(0.30, 0.32, 0.35);
/// Rim from behind: separates the dark side of the head from the dark background.
const RIM_RGB: V3 = V3::new(0.55, 0.55, 0.58);
/// Ambient from above and below (a studio's walls and floor), linear RGB.
const SKY_RGB: V3 = V3::new(0.12, 0.12, 0.13);
const GROUND_RGB: V3 = V3::new(0.06, 0.05, 0.05);
/// Wrap of the diffuse term past the terminator (0 = Lambert): skin lets light round the
/// shadow edge by a few mm; 0.35 softened the terminator without flattening the face.
const WRAP: f32 = 0.35;
/// Colour of the wrapped light: red scatters farthest under skin, so the shadow edge warms.
const SCATTER_RGB: V3 = V3::new(1.0, 0.42, 0.28);
/// Specular: tight lobe exponent (36), broad sheen exponent (8), and their strengths at full
/// map value. The exponents are fixed by the squaring in `specular`.
const SPEC_EXPONENT: f32 = 36.0;
const SHEEN_EXPONENT: f32 = 8.0;
const SPEC_STRENGTH: f32 = 0.34;
const SHEEN_STRENGTH: f32 = 0.05;
/// Skin reflectance at normal incidence (refractive index ≈ 1.4).
const F0: f32 = 0.028;

impl Lighting {
    /// Lights placed for `camera`: key high on the image's left, fill low on the right, rim
    /// behind and above on the right.
    pub fn for_camera(camera: &ScanCamera) -> Self {
        Self {
            key: camera.camera_dir(-0.75, 0.5, 0.85),
            fill: camera.camera_dir(0.9, -0.05, 0.6),
            rim: camera.camera_dir(0.75, 0.55, -0.9),
        }
    }

    /// Direction toward the key light (unit, head frame), for its shadow map.
    pub fn key(&self) -> V3 {
        self.key
    }

    /// Outgoing linear RGB of a skin point: `albedo` (linear), shading normal `n` (unit, from
    /// the normal map), direction `to_eye` (unit), specular map value `spec` and the fraction
    /// `key_visible` of the key light that reaches the point (its shadow).
    ///
    /// The renderer shades in lanes ([`Lighting::shade_lanes`]); this one-point form is the
    /// reference they are tested against.
    #[cfg(test)]
    pub fn shade(&self, albedo: V3, n: V3, to_eye: V3, spec: f32, key_visible: f32) -> V3 {
        let diffuse_of = |l: V3, rgb: V3| {
            let nl = n.dot(l);
            let lambert = nl.max(0.0);
            let wrapped = ((nl + WRAP) / (1.0 + WRAP)).max(0.0);
            // Plain Lambert plus the extra that wrap adds, tinted by what scatters farthest.
            (V3::new(lambert, lambert, lambert) + SCATTER_RGB * (wrapped - lambert)).mul_elem(rgb)
        };
        let hemi = 0.5 + 0.5 * n.z;
        let ambient = GROUND_RGB + (SKY_RGB - GROUND_RGB) * hemi;
        let key = KEY_RGB * key_visible;
        let light = diffuse_of(self.key, key) + diffuse_of(self.fill, FILL_RGB) + ambient;
        let mut out = albedo.mul_elem(light);
        for (l, rgb, share) in [(self.key, key, 1.0), (self.rim, RIM_RGB, 1.6)] {
            out += rgb * (share * self.specular(n, to_eye, l, spec));
        }
        // The rim light only grazes: it shows as diffuse only where the surface turns away.
        out += albedo.mul_elem(RIM_RGB) * n.dot(self.rim).max(0.0) * (1.0 - n.dot(to_eye).max(0.0));
        out
    }

    /// [`Lighting::shade`] for [`super::lanes::LANES`] points at once, lane by lane the same
    /// operations in the same order (so the same bits), without branches.
    pub fn shade_lanes(&self, albedo: V3L, n: V3L, to_eye: V3L, spec: F, key_visible: F) -> V3L {
        let diffuse_of = |l: V3, rgb: V3L| {
            let nl = n.dot(V3L::splat(l));
            let lambert = nl.max(0.0);
            let wrapped = ((nl + WRAP) / (1.0 + WRAP)).max(0.0);
            (V3L::new(lambert, lambert, lambert) + V3L::splat(SCATTER_RGB) * (wrapped - lambert))
                .mul_elem(rgb)
        };
        let hemi = 0.5 + 0.5 * n.z;
        let ambient = V3L::splat(GROUND_RGB) + V3L::splat(SKY_RGB - GROUND_RGB) * hemi;
        let key = V3L::splat(KEY_RGB) * key_visible;
        let light =
            diffuse_of(self.key, key) + diffuse_of(self.fill, V3L::splat(FILL_RGB)) + ambient;
        let mut out = albedo.mul_elem(light);
        out += key * (1.0 * self.specular_lanes(n, to_eye, self.key, spec));
        out += V3L::splat(RIM_RGB) * (1.6 * self.specular_lanes(n, to_eye, self.rim, spec));
        out += albedo.mul_elem(V3L::splat(RIM_RGB))
            * n.dot(V3L::splat(self.rim)).max(0.0)
            * (1.0 - n.dot(to_eye).max(0.0));
        out
    }

    /// [`Lighting::specular`] lane by lane.
    fn specular_lanes(&self, n: V3L, v: V3L, l: V3, spec: F) -> F {
        let l = V3L::splat(l);
        let nl = n.dot(l);
        let h = (l + v).normalized();
        let nh = n.dot(h).max(0.0);
        let fresnel = F0 + (1.0 - F0) * (1.0 - v.dot(h).max(0.0)).map(|x| x.powi(5));
        let nh2 = nh * nh;
        let nh4 = nh2 * nh2;
        let nh8 = nh4 * nh4;
        let nh32 = nh8 * nh8 * nh8 * nh8;
        let lobe = SPEC_STRENGTH * (SPEC_EXPONENT + 8.0) / 8.0 * nh32 * nh4
            + SHEEN_STRENGTH * (SHEEN_EXPONENT + 8.0) / 8.0 * nh8;
        let s = spec * lobe * nl * fresnel / F0 * 0.1;
        // The light behind the surface gives 0, as the early return does.
        F::select_not_positive(nl, F::splat(0.0), s)
    }

    /// Normalised Blinn–Phong with Schlick's Fresnel, scaled by the specular map.
    #[cfg(test)]
    fn specular(&self, n: V3, v: V3, l: V3, spec: f32) -> f32 {
        let nl = n.dot(l);
        if nl <= 0.0 {
            return 0.0;
        }
        let h = (l + v).normalized();
        let nh = n.dot(h).max(0.0);
        let fresnel = F0 + (1.0 - F0) * (1.0 - v.dot(h).max(0.0)).powi(5);
        // nh^8 and nh^36 by squaring, much cheaper than two `powf` per light per pixel.
        let nh2 = nh * nh;
        let nh4 = nh2 * nh2;
        let nh8 = nh4 * nh4;
        let nh32 = nh8 * nh8 * nh8 * nh8;
        let lobe = SPEC_STRENGTH * (SPEC_EXPONENT + 8.0) / 8.0 * nh32 * nh4
            + SHEEN_STRENGTH * (SHEEN_EXPONENT + 8.0) / 8.0 * nh8;
        spec * lobe * nl * fresnel / F0 * 0.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::default_head::scan::camera::ScanPose;

    fn lighting() -> (Lighting, V3) {
        let cam = ScanCamera::new(&ScanPose::default(), 100, 100);
        (Lighting::for_camera(&cam), cam.camera_dir(0.0, 0.0, 1.0))
    }

    #[test]
    fn the_key_side_is_brighter_and_the_shadow_edge_warms() {
        let (l, to_eye) = lighting();
        let grey = V3::new(0.5, 0.5, 0.5);
        let key_side = l.shade(grey, l.key, to_eye, 0.0, 1.0);
        let away = l.shade(grey, -l.key, to_eye, 0.0, 1.0);
        // Measured 2.9×: fill and ambient light the far side about a stop and a half under.
        assert!(key_side.y > 2.5 * away.y, "{key_side:?} vs {away:?}");
        // Just past the terminator wrap light arrives, redder than green.
        let across = (to_eye - l.key * to_eye.dot(l.key)).normalized();
        let terminator = (across + l.key * -0.15).normalized();
        let edge = l.shade(grey, terminator, to_eye, 0.0, 1.0);
        assert!(edge.x > edge.y * 1.05, "terminator not warm: {edge:?}");
    }

    #[test]
    fn the_specular_map_adds_highlights() {
        let (l, to_eye) = lighting();
        let n = (l.key + to_eye).normalized();
        let grey = V3::new(0.4, 0.3, 0.25);
        let (dull, shiny) =
            (l.shade(grey, n, to_eye, 0.0, 1.0), l.shade(grey, n, to_eye, 1.0, 1.0));
        assert!(shiny.y > dull.y + 0.05, "{dull:?} vs {shiny:?}");
    }
}
