//! The loaded scan: mesh in the head frame (tessellated for drawing, coarse for ray casts), the
//! maps, the calibration and the fitted head size. Built once; everything else reads it.

use super::assets::{self, ALBEDO_JPG, LICENCE_TXT, NORMAL_JPG, SPEC_JPG};
use std::sync::OnceLock;

use image::RgbImage;
use rayon::prelude::*;

use super::bvh::Bvh;
use super::grid::MapGrid;
use super::landmarks::Landmarks;
use super::landmarks::{self, Calibration, to_head_axes};
use super::math::V3;
use super::mesh::ScanMesh;
use super::surface::LazyProjection;
use super::surface::to_head_point;
use super::tessellate::tessellate;
use super::texture::Maps;
use crate::HeadSize;
use crate::head::HeadPoint;

/// Splits per triangle edge in the drawn mesh: 3 (nine triangles each). In a 2000 px portrait
/// (6.7 px per mm) the cranium's 95th-percentile edge of 20 mm spans 130 px untessellated, and
/// an earlier prototype's silhouette visibly kinked every 60–90 px; split in three, edges span
/// under 45 px and the rounded silhouette shows no kinks in the looks.
const TESSELLATION: u32 = 3;

/// The credit line the licence (CC BY 3.0) asks for wherever the default head is shown.
pub const HEAD_SCAN_CREDIT: &str = "\"Infinite, 3D Head Scan\" by Lee Perry-Smith (Infinite-Realities), \
licensed under CC BY 3.0 Unported (https://creativecommons.org/licenses/by/3.0/). Based on a work at \
www.triplegangers.com. glTF conversion from the three.js examples. Modified: re-centred and rescaled to \
millimetres, subdivided, textures attached, relit and recoloured for skin types.";

/// The scan's licence text (CC BY 3.0 Unported) as distributed with it, to ship or show.
pub const HEAD_SCAN_LICENCE: &str = LICENCE_TXT;

/// The built-in head scan, ready to render and to place dots on.
#[derive(Clone, Debug)]
pub struct ScanScene {
    /// Phong-tessellated mesh that is drawn.
    pub(crate) mesh: ScanMesh,
    /// The scan's own triangles, for ray casts (the tessellated surface lies within 0.2 mm of
    /// them on the cranium, where dots go).
    pub(crate) coarse: ScanMesh,
    pub(crate) bvh: Bvh,
    pub(crate) maps: Maps,
    pub(crate) calibration: Calibration,
    /// The map → skin projection, built on the first [`ScanScene::surface_point`].
    pub(crate) projection: LazyProjection,
    /// The map laid on the skin every 4 mm, built on first use.
    pub(crate) grid: OnceLock<MapGrid>,
}

/// The one scan every default-head preview draws, loaded on first use.
static SHARED: OnceLock<ScanScene> = OnceLock::new();

impl ScanScene {
    /// Decodes the embedded scan, finds its landmarks, calibrates and tessellates it (75–90 ms
    /// on this machine's 2 cores, criterion bench `head_scan/load`).
    pub fn load() -> Self {
        // The maps do not depend on the mesh: decode them (each on its own) while the mesh is
        // calibrated and tessellated.
        let ((mesh, coarse, calibration, bvh), maps) = rayon::join(
            || {
                let raw = assets::decode_mesh();
                let units: Vec<V3> = raw.positions.iter().map(|&p| to_head_axes(p)).collect();
                let calibration = landmarks::calibrate(&units, &raw.triangles);
                let coarse = ScanMesh::new(&raw, &calibration);
                let (mesh, bvh) = rayon::join(
                    || tessellate(&coarse, TESSELLATION),
                    || Bvh::new(&coarse.positions, &coarse.triangles),
                );
                (mesh, coarse, calibration, bvh)
            },
            || {
                let images: Vec<RgbImage> = [ALBEDO_JPG, NORMAL_JPG, SPEC_JPG]
                    .into_par_iter()
                    .map(assets::decode_jpeg)
                    .collect();
                Maps::new(&images[0], &images[1], &images[2])
            },
        );
        let scene = Self {
            mesh,
            coarse,
            bvh,
            maps,
            calibration,
            projection: LazyProjection::new(),
            grid: OnceLock::new(),
        };
        // Built here, before the scene is shared, and not on first use: building it runs on the
        // rayon pool, and a pool worker that met it half-built inside a parallel loop (the map
        // grid's) would wait on it while the builder waited for that worker. With one thread
        // that hung `--threads 1` close-ups.
        scene.projection();
        scene
    }

    /// The scan loaded once per process and shared (the first call loads it; a caller that
    /// knows it will need the head can call this early, on another thread, to overlap the load
    /// with other work).
    pub fn shared() -> &'static ScanScene {
        SHARED.get_or_init(Self::load)
    }

    /// Builds now what previews otherwise build on first use (the map → skin tables and the
    /// map laid on the skin), so a caller can do it on another thread while it plans.
    pub fn prepare(&self) {
        self.grid();
    }

    /// The map laid on the skin every 4 mm.
    pub(crate) fn grid(&self) -> &MapGrid {
        self.grid.get_or_init(|| MapGrid::build(self))
    }

    /// The ellipsoid head model's measurements fitted to the scan's cranium: glabella to the
    /// back of the head at glabella level, widest breadth above the ears, vault height above
    /// the glabella.
    pub fn head_size(&self) -> HeadSize {
        self.calibration.size
    }

    /// The head-frame point (mm) of a point given in the original scan's coordinates (+X the
    /// subject's left, +Y up, +Z toward the face, scan units): turned to head axes, moved to
    /// the fitted ellipsoid's centre at glabella level, and scaled by
    /// [`ScanScene::mm_per_scan_unit`].
    pub fn head_point_from_scan(&self, scan_xyz: [f32; 3]) -> HeadPoint {
        to_head_point(self.calibration.head_from_units(to_head_axes(scan_xyz)))
    }

    /// Millimetres per unit of the original scan.
    pub fn mm_per_scan_unit(&self) -> f32 {
        self.calibration.mm_per_unit
    }

    /// The landmarks found on the scan (see the landmark rules in the module's `landmarks.rs`),
    /// head frame, mm.
    pub fn landmarks(&self) -> ScanLandmarks {
        let l = &self.calibration.landmarks;
        let p = to_head_point;
        ScanLandmarks {
            glabella: p(l.glabella),
            nasion: p(l.nasion),
            vertex: p(l.vertex),
            opisthocranion: p(l.opisthocranion),
            inion: p(l.inion),
            nose_tip: p(l.nose_tip),
            tragus_left: p(l.tragus_left),
            tragus_right: p(l.tragus_right),
        }
    }

    /// The landmarks as the module computes with them.
    pub(crate) fn landmarks_v3(&self) -> &Landmarks {
        &self.calibration.landmarks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_to_head_transform_puts_the_face_forward_and_the_vertex_up() {
        let scene = ScanScene::load();
        let l = scene.landmarks();
        // The nose tip is the scan's most forward vertex, at scan z = 2.5904 (+Z is the face).
        let raw = assets::decode_mesh();
        let nose = raw.positions.iter().copied().max_by(|a, b| a[2].total_cmp(&b[2])).unwrap();
        assert_eq!(scene.head_point_from_scan(nose), l.nose_tip);
        // One scan unit up is mm_per_scan_unit up in the head frame.
        let up = scene.head_point_from_scan([nose[0], nose[1] + 1.0, nose[2]]);
        assert!((up.z_mm - l.nose_tip.z_mm - scene.mm_per_scan_unit()).abs() < 1e-3);
        assert!(l.nose_tip.y_mm < -100.0 && l.vertex.z_mm > 80.0, "{l:?}");
    }
}

/// Landmarks of the scan, head frame, mm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScanLandmarks {
    /// Most forward point between the brows; the scalp map's origin.
    pub glabella: HeadPoint,
    /// Deepest point of the nose's root, below the glabella.
    pub nasion: HeadPoint,
    /// Highest point of the head.
    pub vertex: HeadPoint,
    /// Back-midline point farthest from the glabella (the head length's far end).
    pub opisthocranion: HeadPoint,
    /// Back-midline point at the tragi's height (approximating the occipital protuberance).
    pub inion: HeadPoint,
    /// Most forward point of the nose.
    pub nose_tip: HeadPoint,
    /// Front edge of the left ear (the client's left, +x).
    pub tragus_left: HeadPoint,
    /// Front edge of the right ear.
    pub tragus_right: HeadPoint,
}
