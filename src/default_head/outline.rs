//! Where the default head sits in the image: the outline of the head model's cranium as the
//! camera sees it, which the painters of the head, its hair shadow and its stubble all fit to.

use crate::head::{Camera, HeadModel, HeadPoint};

/// The cranium's outline in the image: an axis-aligned ellipse, px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CraniumOutline {
    /// Centre, px.
    pub center_px: [f32; 2],
    /// Horizontal and vertical semi-axes, px.
    pub radii_px: [f32; 2],
}

impl CraniumOutline {
    /// The outline of `model`'s ellipsoid as `camera` sees it: the default head is painted
    /// around exactly the surface the dots are projected onto.
    pub fn of_head(model: &HeadModel, camera: &Camera) -> Self {
        let s = model.semi_axes_mm();
        let center_px = camera.project(HeadPoint::default());
        // Orthographic views look along a head axis, so the outline's semi-axes are the
        // largest image offsets of the ellipsoid's axis ends.
        let ends = [
            HeadPoint { x_mm: s.x as f32, ..HeadPoint::default() },
            HeadPoint { y_mm: s.y as f32, ..HeadPoint::default() },
            HeadPoint { z_mm: s.z as f32, ..HeadPoint::default() },
        ];
        let mut radii_px = [0.0f32; 2];
        for end in ends {
            let p = camera.project(end);
            radii_px[0] = radii_px[0].max((p[0] - center_px[0]).abs());
            radii_px[1] = radii_px[1].max((p[1] - center_px[1]).abs());
        }
        Self { center_px, radii_px }
    }
}
