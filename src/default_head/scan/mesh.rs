//! The scan's triangle mesh in the head frame (mm), with per-vertex normals, texture
//! coordinates and tangents for the normal map.

use super::assets::RawMesh;
use super::landmarks::{Calibration, to_head_axes};
use super::math::V3;

/// The mesh in the head frame, mm: +x the subject's left, +y back, +z up, origin at the centre
/// of the fitted ellipsoid at glabella level.
#[derive(Clone, Debug)]
pub(crate) struct ScanMesh {
    pub positions: Vec<V3>,
    /// Outward unit normals (interpolated, smooth).
    pub normals: Vec<V3>,
    /// glTF texture coordinates `(u, v)`, v *up* the image: texture row = (1 − v)·height.
    pub uvs: Vec<[f32; 2]>,
    /// Unit tangent along +u and the sign of the bitangent (+v) relative to `normal × tangent`.
    pub tangents: Vec<[f32; 4]>,
    /// Counter-clockwise seen from outside (glTF's front faces).
    pub triangles: Vec<[u32; 3]>,
}

impl ScanMesh {
    /// The decoded mesh moved into the head frame with `calibration`, tangents built.
    pub fn new(raw: &RawMesh, calibration: &Calibration) -> Self {
        let positions =
            raw.positions.iter().map(|&p| calibration.head_from_units(to_head_axes(p))).collect();
        // A rotation carries normals like positions; no translation or scale for directions.
        let normals = raw.normals.iter().map(|&n| to_head_axes(n).normalized()).collect();
        let mut mesh = Self {
            positions,
            normals,
            uvs: raw.uvs.clone(),
            tangents: Vec::new(),
            triangles: raw.triangles.clone(),
        };
        mesh.tangents = mesh.build_tangents();
        mesh
    }

    /// Per-vertex tangents from the texture coordinates (each triangle's ∂p/∂u and ∂p/∂v summed
    /// at its corners, then made orthogonal to the normal).
    ///
    /// The bitangent follows the glTF v, which runs *up* the image: the normal map's green
    /// channel points up the image, so a bitangent built from the flipped row coordinate would
    /// light every bump from the wrong side.
    fn build_tangents(&self) -> Vec<[f32; 4]> {
        let n = self.positions.len();
        let (mut tan, mut bit) = (vec![V3::default(); n], vec![V3::default(); n]);
        for &[a, b, c] in &self.triangles {
            let [pa, pb, pc] = [a, b, c].map(|i| self.positions[i as usize]);
            let [ta, tb, tc] = [a, b, c].map(|i| self.uvs[i as usize]);
            let (e1, e2) = (pb - pa, pc - pa);
            let (du1, dv1, du2, dv2) = (tb[0] - ta[0], tb[1] - ta[1], tc[0] - ta[0], tc[1] - ta[1]);
            let det = du1 * dv2 - du2 * dv1;
            if det.abs() < 1e-12 {
                continue;
            }
            let r = 1.0 / det;
            let dp_du = (e1 * dv2 - e2 * dv1) * r;
            let dp_dv = (e2 * du1 - e1 * du2) * r;
            for i in [a, b, c] {
                tan[i as usize] += dp_du;
                bit[i as usize] += dp_dv;
            }
        }
        (0..n)
            .map(|i| {
                let normal = self.normals[i];
                let mut t = (tan[i] - normal * normal.dot(tan[i])).normalized();
                if t.length() < 0.5 {
                    // No usable UV gradient: any tangent orthogonal to the normal will do.
                    t = any_perpendicular(normal);
                }
                let w = if normal.cross(t).dot(bit[i]) < 0.0 { -1.0 } else { 1.0 };
                [t.x, t.y, t.z, w]
            })
            .collect()
    }
}

/// A unit vector at right angles to unit `n`.
pub(crate) fn any_perpendicular(n: V3) -> V3 {
    let helper = if n.x.abs() < 0.9 { V3::new(1.0, 0.0, 0.0) } else { V3::new(0.0, 1.0, 0.0) };
    helper.cross(n).normalized()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::default_head::scan::assets::decode_mesh;
    use crate::default_head::scan::landmarks::calibrate;

    pub(crate) fn scan_mesh() -> ScanMesh {
        let raw = decode_mesh();
        let units: Vec<V3> = raw.positions.iter().map(|&p| to_head_axes(p)).collect();
        ScanMesh::new(&raw, &calibrate(&units, &raw.triangles))
    }

    #[test]
    fn triangles_wind_counter_clockwise_seen_from_outside() {
        let mesh = scan_mesh();
        let agree = mesh
            .triangles
            .iter()
            .filter(|&&[a, b, c]| {
                let [pa, pb, pc] = [a, b, c].map(|i| mesh.positions[i as usize]);
                let face = (pb - pa).cross(pc - pa);
                face.dot(
                    mesh.normals[a as usize] + mesh.normals[b as usize] + mesh.normals[c as usize],
                ) > 0.0
            })
            .count();
        // Measured: all but a handful of sliver triangles agree with their vertex normals.
        assert!(
            agree as f32 > 0.999 * mesh.triangles.len() as f32,
            "{agree} of {}",
            mesh.triangles.len()
        );
    }

    #[test]
    fn tangents_are_unit_and_orthogonal_to_normals() {
        let mesh = scan_mesh();
        for (t, n) in mesh.tangents.iter().zip(&mesh.normals) {
            let tv = V3::new(t[0], t[1], t[2]);
            assert!(
                (tv.length() - 1.0).abs() < 1e-3 && tv.dot(*n).abs() < 1e-3 && t[3].abs() == 1.0
            );
        }
    }

    #[test]
    fn the_bitangent_follows_v_up_the_face() {
        // On the forehead +v (up the image) runs up the head: the bitangent must point up.
        let mesh = scan_mesh();
        let (i, _) = mesh
            .positions
            .iter()
            .enumerate()
            .find(|(_, p)| p.x.abs() < 10.0 && p.y < -80.0 && p.z > 20.0 && p.z < 40.0)
            .expect("a forehead vertex");
        let t = mesh.tangents[i];
        let bitangent = mesh.normals[i].cross(V3::new(t[0], t[1], t[2])) * t[3];
        assert!(bitangent.z > 0.7, "bitangent {bitangent:?} on the forehead");
        assert!(t[0] > 0.7, "tangent (+u) runs toward the subject's left: {t:?}");
    }
}
