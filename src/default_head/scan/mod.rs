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
//! The scan's own axes (+Y up, +Z toward the face, ≈ 5 cm units) never leave `landmarks`.
//!
//! # Pipeline
//! 1. `assets`: the glb and three JPEG maps, compiled in and checked against their SHA-256.
//! 2. `landmarks`: glabella, nasion, vertex, opisthocranion, inion, nose tip and tragi from the
//!    mesh's geometry; the scale (glabella–opisthocranion = 210 mm, 50.1 mm per unit) and the
//!    fitted [`crate::HeadSize`] (209.6 × 157.2 × 88.8 mm) follow.
//! 3. `mesh`, `tessellate`: the mesh in the head frame with tangents, split 9 ways on the
//!    surface its normals describe (159,156 triangles).
//! 4. `render` (with `raster`, `skin_shader`, `lanes`, `shade`, `shadow`, `texture`, `camera`,
//!    `options`, `frame`): 2 × 2-sampled z-buffer, one shading per pixel in linear light (eight
//!    pixels at a time), soft key shadow, the bust
//!    faded into a charcoal backdrop. 2000 × 2000 px in about 0.23 s on 2 cores.
//! 5. `surface`, `dots`: scalp-map points onto the skin (midline heights true to the map within
//!    2 mm), planned dots as screen ellipses, hidden where the depth buffer shows nearer skin.
//!
//! `look` (tests only, ignored) writes the five views with and without dots to
//! `target/scan-look/` for inspection.

mod assets;
mod bvh;
mod camera;
mod detail;
mod dots;
mod frame;
mod grid;
mod hair_shadow;
mod landmarks;
mod lanes;
#[cfg(test)]
mod look;
mod map_buffer;
mod math;
mod mesh;
mod options;
mod raster;
mod render;
mod scene;
mod shade;
mod shadow;
mod skin_shader;
mod surface;
mod tessellate;
mod texture;
mod tone;

pub(crate) use camera::ScanCamera;
pub use camera::ScanPose;
pub use dots::project_scan_dots;
pub(crate) use dots::{facing_map_point, project_scan_stubble, scan_map_point};
pub use frame::ScanFrame;
pub(crate) use hair_shadow::shade_hair;
pub(crate) use map_buffer::map_points_under_pixels;
pub use options::{ScanRenderError, ScanRenderOptions};
pub use render::render_scan;
pub(crate) use render::render_scan_with;
pub use scene::{HEAD_SCAN_CREDIT, HEAD_SCAN_LICENCE, ScanLandmarks, ScanScene};
pub use surface::ScanSurfacePoint;
