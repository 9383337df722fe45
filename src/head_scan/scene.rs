//! The loaded scan: mesh in the head frame (tessellated for drawing, coarse for ray casts), the
//! maps, the calibration and the fitted head size. Built once; everything else reads it.

use super::assets::{self, ALBEDO_JPG, NORMAL_JPG, SPEC_JPG};
use super::bvh::Bvh;
use super::landmarks::{self, Calibration, Landmarks, to_head_axes};
use super::math::V3;
use super::mesh::ScanMesh;
use super::surface::LazyProjection;
use super::tessellate::tessellate;
use super::texture::Maps;
use crate::HeadSize;

/// Splits per triangle edge in the drawn mesh: 3 (nine triangles each) keeps the cranium's
/// longest edges under 25 px in a 2000 px portrait, where the untessellated silhouette kinked
/// every 60–90 px.
const TESSELLATION: u32 = 3;

/// The credit line the licence (CC BY 3.0) asks for wherever the default head is shown.
pub const HEAD_SCAN_CREDIT: &str = "\"Infinite, 3D Head Scan\" by Lee Perry-Smith (Infinite-Realities), \
licensed under CC BY 3.0 Unported (https://creativecommons.org/licenses/by/3.0/). Based on a work at \
www.triplegangers.com. glTF conversion from the three.js examples. Modified: re-centred and rescaled to \
millimetres, subdivided, textures attached and relit.";

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
}

impl ScanScene {
    /// Decodes the embedded scan, finds its landmarks, calibrates and tessellates it (about
    /// 60 ms on this machine's 2 cores; see the module tests).
    pub fn load() -> Self {
        let raw = assets::decode_mesh();
        let units: Vec<V3> = raw.positions.iter().map(|&p| to_head_axes(p)).collect();
        let calibration = landmarks::calibrate(&units, &raw.triangles);
        let coarse = ScanMesh::new(&raw, &calibration);
        let (mesh, images) = rayon::join(
            || tessellate(&coarse, TESSELLATION),
            || [ALBEDO_JPG, NORMAL_JPG, SPEC_JPG].map(assets::decode_jpeg),
        );
        let bvh = Bvh::new(&coarse.positions, &coarse.triangles);
        let maps = Maps::new(&images[0], &images[1], &images[2]);
        Self { mesh, coarse, bvh, maps, calibration, projection: LazyProjection::new() }
    }

    /// The ellipsoid head model's measurements fitted to the scan's cranium: glabella to the
    /// back of the head at glabella level, widest breadth above the ears, vault height above
    /// the glabella.
    pub fn head_size(&self) -> HeadSize {
        self.calibration.size
    }

    /// Millimetres per unit of the original scan.
    pub fn mm_per_scan_unit(&self) -> f32 {
        self.calibration.mm_per_unit
    }

    pub(crate) fn landmarks(&self) -> &Landmarks {
        &self.calibration.landmarks
    }
}
