//! The built-in default head: a procedurally shaded head to preview dots on without a photo.
//!
//! The head model projects its cranium (the scalp-bearing ellipsoid) into the image; this module
//! is handed that outline as an ellipse in pixels and paints a head around it: the cranium with
//! a calm, neutral face (closed eyes, brows, nose, lips, chin), ears, jaw and neck as the view
//! shows them ([`face`] holds the anatomy, [`shape`] the shapes), lit by one
//! soft light (Lambert with a soft ambient term, a faint sheen as on a shaved scalp, and a warm
//! subsurface tint toward the shadow side) over a plain neutral background. All shading
//! happens in linear light; the face's relief is lit by the same light as the head.
//!
//! Frame: image pixels, origin top-left, +x right, +y down, +z toward the viewer. The views are
//! the head model's: in the top view the forehead points up; in the left view (the client's
//! left profile) the face points left, in the right view right. The chin lies one vault height
//! below the cranium's centre, as the head model's head box assumes.
//!
//! # Files, bottom-up
//! [`skin`] and [`options`] say what to paint, [`outline`] where; [`shape`] and [`mark`] are the
//! shapes and strokes, [`face`] the anatomy built from them, [`light`] the shading; [`paint`]
//! paints a head, [`hair_shadow`] and [`stubble`] the client's shaved hair on it, and [`scene`]
//! puts all of it together as a preview background.

mod face;
mod hair_shadow;
mod light;
mod mark;
mod options;
mod outline;
mod paint;
mod scan;
mod scene;
mod shape;
mod skin;
mod stubble;

pub use options::DefaultHeadOptions;
pub use outline::CraniumOutline;
pub use paint::draw_default_head;
pub use scan::{
    HEAD_SCAN_CREDIT, HEAD_SCAN_LICENCE, ScanFrame, ScanLandmarks, ScanPose, ScanRenderError,
    ScanRenderOptions, ScanScene, ScanSurfacePoint, project_scan_dots, render_scan,
};
pub(crate) use scene::paint_scene;
pub use scene::{DefaultSceneOptions, default_head_scene};
pub use skin::{SKIN_TONES_SRGB, SkinType};
