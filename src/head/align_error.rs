//! What a user types to align the head (a box, points, angles), the checks on it, and why it
//! may be refused.

use std::fmt;
use std::str::FromStr;

use super::landmark::Landmark;
use super::view::View;

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
        let numbers = parse_numbers(text, 4, "head box", "X,Y,W,H in pixels")?;
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
    let n = parse_numbers(text, 2, "glabella point", "X,Y in pixels")?;
    Ok([n[0], n[1]])
}

/// Largest yaw or pitch a given rotation may have, degrees: beyond a quarter turn the starting
/// view is the wrong one.
pub const MAX_TURN_DEG: f64 = 90.0;

/// Largest roll a given rotation may have, degrees: a full turn either way. The page adds its
/// tilt field (±180) to a fitted roll (±180); a larger number is a typing slip, not a pose.
pub const MAX_ROLL_DEG: f64 = 360.0;

/// Parses a rotation `YAW,PITCH,ROLL` in degrees (see [`Pose`](super::Pose) for the axes);
/// yaw and pitch within ±[`MAX_TURN_DEG`], roll within ±[`MAX_ROLL_DEG`].
pub fn parse_rotation_deg(text: &str) -> Result<[f64; 3], AlignError> {
    let n = parse_numbers(text, 3, "pose", "YAW,PITCH,ROLL in degrees")?;
    check_rotation([n[0], n[1], n[2]])
}

/// `b` if it has area and meets the image.
pub(super) fn check_box(b: HeadBox, width_px: u32, height_px: u32) -> Result<(), AlignError> {
    if !(b.width_px > 0.0 && b.height_px > 0.0) {
        return Err(AlignError::EmptyBox { head_box: b.to_string() });
    }
    let (w, h) = (f64::from(width_px), f64::from(height_px));
    if b.x_px >= w || b.y_px >= h || b.x_px + b.width_px <= 0.0 || b.y_px + b.height_px <= 0.0 {
        return Err(AlignError::BoxOutsidePhoto { head_box: b.to_string(), width_px, height_px });
    }
    Ok(())
}

/// A glabella placed with a box alone: front or profile view, inside the photo, below the
/// box's top.
pub(super) fn check_glabella(
    view: View,
    b: HeadBox,
    [x_px, y_px]: [f64; 2],
    width_px: u32,
    height_px: u32,
) -> Result<(), AlignError> {
    if !matches!(view, View::Front | View::Left | View::Right) {
        return Err(AlignError::GlabellaNotVisible { view });
    }
    let (w, h) = (f64::from(width_px), f64::from(height_px));
    if !(0.0..w).contains(&x_px) || !(0.0..h).contains(&y_px) || y_px <= b.y_px {
        return Err(AlignError::GlabellaOutside { x_px, y_px });
    }
    Ok(())
}

/// `angles` if yaw and pitch lie within ±[`MAX_TURN_DEG`] and roll within ±[`MAX_ROLL_DEG`].
pub(crate) fn check_rotation(angles: [f64; 3]) -> Result<[f64; 3], AlignError> {
    let [yaw_deg, pitch_deg, roll_deg] = angles;
    if yaw_deg.abs() > MAX_TURN_DEG
        || pitch_deg.abs() > MAX_TURN_DEG
        || roll_deg.is_nan()
        || roll_deg.abs() > MAX_ROLL_DEG
    {
        return Err(AlignError::TurnOutOfRange { yaw_deg, pitch_deg, roll_deg });
    }
    Ok(angles)
}

/// Why an alignment was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AlignError {
    /// Text that should hold numbers does not.
    #[error("{what} `{text}` is not {form}")]
    Syntax {
        /// What was being read (`head box`, `glabella point`, `landmark point`, `pose`).
        what: &'static str,
        /// The expected form, with units.
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
    /// A glabella point was given without a head box (or other landmarks).
    #[error("a glabella point needs a head box too (X,Y,W,H in px), or another landmark")]
    GlabellaWithoutBox,
    /// A landmark name that is not one of the known ones.
    #[error("unknown landmark `{name}`: known landmarks are {known}")]
    UnknownLandmark {
        /// The name given.
        name: String,
        /// The known names, comma-separated.
        known: String,
    },
    /// The same landmark was given twice.
    #[error("landmark {landmark} is given twice: give each landmark once")]
    DuplicateLandmark {
        /// The repeated landmark.
        landmark: Landmark,
    },
    /// A landmark lies outside the photo.
    #[error(
        "landmark {landmark} at {x_px},{y_px} lies outside the {width_px}×{height_px} px photo: \
         need 0 ≤ X < {width_px} and 0 ≤ Y < {height_px}"
    )]
    PointOutsidePhoto {
        /// The landmark.
        landmark: Landmark,
        /// Given x, px.
        x_px: f64,
        /// Given y, px.
        y_px: f64,
        /// Photo width, px.
        width_px: u32,
        /// Photo height, px.
        height_px: u32,
    },
    /// A landmark faces away from the camera in the chosen view.
    #[error(
        "landmark {landmark} cannot be seen in the {view} view (it faces away from the camera): \
         leave it out or choose the view the photo shows"
    )]
    LandmarkNotVisible {
        /// The landmark.
        landmark: Landmark,
        /// The view.
        view: View,
    },
    /// Too few landmarks to place the head.
    #[error(
        "{given} landmark point(s) cannot place the head: give at least 2 (3 or more, not in a \
         line, to solve yaw and pitch too), or 1 with a head box"
    )]
    TooFewPoints {
        /// How many were given.
        given: usize,
    },
    /// The landmarks contradict each other: no pose puts the model's landmarks near them.
    #[error(
        "the landmark points contradict each other: the best pose misses them by {rms_px:.1} px \
         RMS, more than the {limit_px:.1} px allowed ({limit_percent} % of the head's length in \
         the photo); check each point's name and position"
    )]
    Contradictory {
        /// RMS distance between the given and the posed landmarks, px.
        rms_px: f64,
        /// The most allowed, px.
        limit_px: f64,
        /// The limit as a share of the head's length in the photo, %.
        limit_percent: f64,
    },
    /// A given rotation turns too far from its view.
    #[error(
        "pose {yaw_deg},{pitch_deg},{roll_deg}: yaw and pitch must each lie within \
         ±{MAX_TURN_DEG}° (turn further by choosing another view), roll within ±{MAX_ROLL_DEG}°"
    )]
    TurnOutOfRange {
        /// Yaw given, degrees.
        yaw_deg: f64,
        /// Pitch given, degrees.
        pitch_deg: f64,
        /// Roll given, degrees.
        roll_deg: f64,
    },
    /// The scene file is not valid JSON for a scene.
    #[error("scene file at {path}: {message}")]
    Scene {
        /// JSON path of the offending field (`.` for the whole file).
        path: String,
        /// What is wrong, with line and column.
        message: String,
    },
}
