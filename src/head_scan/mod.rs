//! The built-in default head as a photographic 3-D scan: the embedded mesh and maps, its
//! landmarks and calibration into the head frame, a software renderer, and the projection of
//! scalp-map points (and so dots) onto its surface.
//!
//! The scan is "Infinite, 3D Head Scan" by Lee Perry-Smith (Infinite-Realities), CC BY 3.0
//! Unported; see `assets/README.md` for the credit line and what is modified.
//!
//! # Frames
//! Everything public is in the head frame of [`crate::HeadModel`] (mm, +x the client's left, +y
//! toward the back, +z up, origin at the centre of the fitted ellipsoid at glabella level).

mod assets;
mod bvh;
mod camera;
mod dots;
mod landmarks;
#[cfg(test)]
mod look;
mod math;
mod mesh;
mod raster;
mod render;
mod scene;
mod shade;
mod surface;
mod tessellate;
mod texture;

pub use camera::ScanPose;
pub use dots::project_scan_dots;
pub use render::{ScanFrame, ScanRenderError, ScanRenderOptions, render_scan};
pub use scene::{HEAD_SCAN_CREDIT, HEAD_SCAN_LICENCE, ScanLandmarks, ScanScene};
pub use surface::ScanSurfacePoint;
