//! Aligning the head model with a photo: a few numbers anyone can read off an image viewer.
//!
//! The user gives the pixel box of the head's outline (`X,Y,W,H`: left, top, width, height) and,
//! for a front or profile view, optionally the glabella point. The box spans the top of the head
//! to the chin and the widest sides (front and back), forehead to back of head (profiles; not the
//! nose), or the outline seen from above (top view). Without a box the model is centred and fills
//! most of the frame, and the [`Alignment`] says it was defaulted.

use std::fmt;
use std::str::FromStr;

use super::view::View;
use super::{HeadModel, HeadSize};

/// Share of the image's width or height the default fit fills.
const DEFAULT_FILL: f64 = 0.86;

/// A rectangle in image pixels: left, top, width, height.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HeadBox {
    /// Left edge, px from the image's left.
    pub x_px: f64,
    /// Top edge, px from the image's top.
    pub y_px: f64,
    /// Width, px.
    pub width_px: f64,
    /// Height, px.
    pub height_px: f64,
}

impl FromStr for HeadBox {
    type Err = AlignError;

    /// Parses `X,Y,W,H` in pixels.
    fn from_str(text: &str) -> Result<Self, AlignError> {
        let numbers = parse_numbers(text, 4, "head box", "X,Y,W,H")?;
        Ok(Self { x_px: numbers[0], y_px: numbers[1], width_px: numbers[2], height_px: numbers[3] })
    }
}

impl fmt::Display for HeadBox {
    /// Formats as `X,Y,W,H`, the form [`FromStr`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{},{},{}", self.x_px, self.y_px, self.width_px, self.height_px)
    }
}

/// Parses `count` comma-separated finite numbers.
fn parse_numbers(
    text: &str,
    count: usize,
    what: &'static str,
    form: &'static str,
) -> Result<Vec<f64>, AlignError> {
    let syntax = || AlignError::Syntax { what, form, text: text.to_owned() };
    let numbers: Vec<f64> = text
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(syntax))
        .collect::<Result<_, _>>()?;
    if numbers.len() == count { Ok(numbers) } else { Err(syntax()) }
}

/// Parses a glabella point `X,Y` in pixels.
pub fn parse_point_px(text: &str) -> Result<[f64; 2], AlignError> {
    let n = parse_numbers(text, 2, "glabella point", "X,Y")?;
    Ok([n[0], n[1]])
}

/// Why an alignment was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AlignError {
    /// Text that should hold numbers does not.
    #[error("{what} `{text}` is not {form} in pixels")]
    Syntax {
        /// What was being read (`head box`, `glabella point`).
        what: &'static str,
        /// The expected form.
        form: &'static str,
        /// The text given.
        text: String,
    },
    /// The head box has no area.
    #[error("head box {head_box} has no area: width and height must be above 0 px")]
    EmptyBox {
        /// The box given.
        head_box: String,
    },
    /// The head box lies entirely outside the photo.
    #[error("head box {head_box} lies outside the {width_px}×{height_px} px photo")]
    BoxOutsidePhoto {
        /// The box given.
        head_box: String,
        /// Photo width, px.
        width_px: u32,
        /// Photo height, px.
        height_px: u32,
    },
    /// The glabella point lies outside the photo or the head box.
    #[error(
        "glabella point {x_px},{y_px} must lie inside the photo and below the top of the head box"
    )]
    GlabellaOutside {
        /// Given x, px.
        x_px: f64,
        /// Given y, px.
        y_px: f64,
    },
    /// A glabella point was given for a view that cannot show it.
    #[error("a glabella point needs the front, left or right view, not {view}")]
    GlabellaNotVisible {
        /// The view given.
        view: View,
    },
    /// A glabella point was given without a head box.
    #[error("a glabella point needs a head box too (X,Y,W,H in px)")]
    GlabellaWithoutBox,
    /// The scene file is not valid JSON for a scene.
    #[error("scene file at {path}: {message}")]
    Scene {
        /// JSON path of the offending field (`.` for the whole file).
        path: String,
        /// What is wrong, with line and column.
        message: String,
    },
}

/// The small JSON scene file: what the user measured on the photo, reusable run after run.
///
/// ```json
/// { "view": "front", "head_px": [412, 180, 1210, 1690], "glabella_px": [1017, 930] }
/// ```
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// The view the photo shows; default: the preset's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<View>,
    /// Head box `[X, Y, W, H]`, px; default: the default fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_px: Option<[f64; 4]>,
    /// Glabella `[X, Y]`, px (front and profile views); default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub glabella_px: Option<[f64; 2]>,
    /// Head measurements; default: [`HeadSize::default`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_mm: Option<HeadSize>,
}

impl Scene {
    /// Parses a scene file's text; errors name the JSON path, line and column.
    pub fn from_json(text: &str) -> Result<Self, AlignError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let scene = serde_path_to_error::deserialize(&mut *de).map_err(|e| AlignError::Scene {
            path: e.path().to_string(),
            message: e.inner().to_string(),
        })?;
        // Without this, anything after the closing brace would be silently ignored.
        de.end()
            .map_err(|e| AlignError::Scene { path: ".".to_string(), message: e.to_string() })?;
        Ok(scene)
    }

    /// The head box, if the scene has one.
    pub fn head_box(&self) -> Option<HeadBox> {
        self.head_px.map(|[x_px, y_px, width_px, height_px]| HeadBox {
            x_px,
            y_px,
            width_px,
            height_px,
        })
    }
}

/// How the head model sits in one image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alignment {
    /// The view the image shows.
    pub view: View,
    /// The head's box in the image, px (see the module docs for what it spans).
    pub head_box: HeadBox,
    /// The glabella in the image, px, if given (front and profile views).
    pub glabella_px: Option<[f64; 2]>,
    /// True when no box was given and the default fit was used.
    pub defaulted: bool,
}

impl Alignment {
    /// Checks what the user gave against an image of `width_px`×`height_px`, or fits the model
    /// by default when `head_box` is `None`.
    pub fn fit(
        view: View,
        head_box: Option<HeadBox>,
        glabella_px: Option<[f64; 2]>,
        model: &HeadModel,
        width_px: u32,
        height_px: u32,
    ) -> Result<Self, AlignError> {
        let Some(b) = head_box else {
            if glabella_px.is_some() {
                return Err(AlignError::GlabellaWithoutBox);
            }
            return Ok(Self::default_fit(view, model, width_px, height_px));
        };
        if !(b.width_px > 0.0 && b.height_px > 0.0) {
            return Err(AlignError::EmptyBox { head_box: b.to_string() });
        }
        let (w, h) = (f64::from(width_px), f64::from(height_px));
        if b.x_px >= w || b.y_px >= h || b.x_px + b.width_px <= 0.0 || b.y_px + b.height_px <= 0.0 {
            return Err(AlignError::BoxOutsidePhoto {
                head_box: b.to_string(),
                width_px,
                height_px,
            });
        }
        if let Some([x_px, y_px]) = glabella_px {
            if !matches!(view, View::Front | View::Left | View::Right) {
                return Err(AlignError::GlabellaNotVisible { view });
            }
            if !(0.0..w).contains(&x_px) || !(0.0..h).contains(&y_px) || y_px <= b.y_px {
                return Err(AlignError::GlabellaOutside { x_px, y_px });
            }
        }
        Ok(Self { view, head_box: b, glabella_px, defaulted: false })
    }

    /// The model centred in the image, filling most of it, with the model's own proportions.
    pub fn default_fit(view: View, model: &HeadModel, width_px: u32, height_px: u32) -> Self {
        let (u0, u1, v0, v1) = view.extent_mm(model);
        let (w, h) = (f64::from(width_px), f64::from(height_px));
        let scale = (DEFAULT_FILL * w / (u1 - u0)).min(DEFAULT_FILL * h / (v1 - v0));
        let (bw, bh) = ((u1 - u0) * scale, (v1 - v0) * scale);
        let head_box =
            HeadBox { x_px: (w - bw) / 2.0, y_px: (h - bh) / 2.0, width_px: bw, height_px: bh };
        Self { view, head_box, glabella_px: None, defaulted: true }
    }

    /// The scene file that reproduces this alignment (with the head size used).
    pub fn to_scene(&self, head: HeadSize) -> Scene {
        let b = self.head_box;
        let round = |v: f64| (v * 10.0).round() / 10.0;
        Scene {
            view: Some(self.view),
            head_px: Some([b.x_px, b.y_px, b.width_px, b.height_px].map(round)),
            glabella_px: self.glabella_px.map(|g| g.map(round)),
            head_mm: Some(head),
        }
    }
}
