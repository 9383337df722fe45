//! The built-in default head: a photographic 3-D scan of a shaved head, rendered in software in
//! any pose, recoloured for the skin type, with the client's remaining hair as stubble, to
//! preview dots on without a photo.
//!
//! # Files, bottom-up
//! [`skin`] names the skin types and their tones; [`stubble`] samples the client's shaved hair
//! on the scalp map; [`scan`] is the scan itself (assets, landmarks, calibration, renderer,
//! dots on its surface); [`scene`] puts them together as a preview background with the head
//! model's matching alignment; [`synthetic`] renders it as a photo with its ground truth, for
//! testing the photo pipeline.

mod scan;
mod scene;
mod skin;
mod stubble;
mod synthetic;

pub use scan::{
    HEAD_SCAN_CREDIT, HEAD_SCAN_LICENCE, ScanFrame, ScanLandmarks, ScanPose, ScanRenderError,
    ScanRenderOptions, ScanScene, ScanSurfacePoint, project_scan_dots, render_scan,
};
pub(crate) use scan::{map_points_under_pixels, scan_map_point};
pub use scene::{DefaultSceneOptions, default_head_alignment, default_head_scene, nearest_view};
pub(crate) use scene::{HeadCloseUp, default_head_projector, stage_default_head};
pub use skin::{SKIN_TONES_SRGB, SkinType};
pub use synthetic::{
    LandmarkPx, SyntheticBackground, SyntheticPhoto, SyntheticPhotoOptions, synthetic_photo,
};
