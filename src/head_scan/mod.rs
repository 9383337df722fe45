//! The built-in default head as a photographic 3-D scan: the embedded mesh and maps, its
//! landmarks and calibration into the head frame, a software renderer, and the projection of
//! scalp-map points (and so dots) onto its surface.
//!
//! The scan is "Infinite, 3D Head Scan" by Lee Perry-Smith (Infinite-Realities), CC BY 3.0
//! Unported; see `assets/README.md` for the credit line and what is modified.

mod assets;
mod bvh;
mod math;

mod landmarks;
mod mesh;
mod tessellate;
