//! What the page asks for, as JSON bodies, turned into library options. Every field has the
//! command line's default; unknown fields and out-of-range values are refused with one line
//! naming the field, the value and what is allowed.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::http::Failure;
use super::landmarks::PointsPx;
use crate::head::{
    MAX_ROLL_DEG, MAX_TURN_DEG, Pose, ScenePose, TracedHairline, check_traced_count,
};
use crate::render::ScanPose;
use crate::spec::{MAX_SESSIONS, builtin_names, builtin_preset};
use crate::{
    HeadModel, HeatmapOptions, Look, PageSize, Preset, PreviewOptions, Rendering, SessionSelection,
    SkinType, StencilFormat, StencilOptions, StripOptions, View, ZoneKind, ZoomTarget,
};

/// Largest JSON body, bytes: a preset with long polygons stays far below.
pub const MAX_JSON_BYTES: u64 = 4 << 20;

/// Which preset: a built-in name, or a whole preset as JSON text (from the page's editor).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetChoice {
    /// A built-in preset's name.
    #[serde(default)]
    pub preset: Option<String>,
    /// A preset file's text.
    #[serde(default)]
    pub preset_json: Option<String>,
    /// Seed of the dots. Default 0, as on the command line.
    #[serde(default)]
    pub seed: u64,
    /// The hairline traced on the photo, scalp map mm (as a preview's `X-Hairline-Mm` answer
    /// gives it), replacing the preset's as `--set hairline.points_mm=…` does. Default: the
    /// preset's.
    #[serde(default)]
    pub hairline_mm: Option<Vec<[f64; 2]>>,
}

/// A preview request (`POST /api/preview`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewBody {
    /// A built-in preset's name.
    #[serde(default)]
    pub preset: Option<String>,
    /// A preset file's text.
    #[serde(default)]
    pub preset_json: Option<String>,
    /// Seed of the dots. Default 0, as on the command line.
    #[serde(default)]
    pub seed: u64,
    /// The side of the head; default the preset's (front for a hairline, else top).
    #[serde(default)]
    pub view: Option<View>,
    /// Show the head after this session; default every session.
    #[serde(default)]
    pub session: Option<u8>,
    /// `fresh`, `healed` (default) or `aged`.
    #[serde(default)]
    pub look: LookName,
    /// Years for the aged look and the strip. Default 3.
    #[serde(default = "default_years")]
    pub years: f64,
    /// Fitzpatrick skin type of the default head, `I`–`VI`. Default `III`.
    #[serde(default = "default_skin")]
    pub skin: String,
    /// `single` (default), `compare`, `strip` or `heatmap`.
    #[serde(default)]
    pub rendering: RenderingName,
    /// Draw the outline, hairline and zone borders. Default false.
    #[serde(default)]
    pub guides: bool,
    /// Default head image width, px (64–4000). Default 1600.
    #[serde(default = "default_width")]
    pub width_px: u32,
    /// Default head image height, px (64–4000). Default 1200.
    #[serde(default = "default_height")]
    pub height_px: u32,
    /// The head model's whole pose on the photo, replacing the automatic fit's (photo only);
    /// rounded to 0.01 px, 10⁻⁶ px/mm and 0.001° so that the scene file saved from it reads
    /// back as exactly the same numbers.
    #[serde(default)]
    pub pose: Option<ScenePose>,
    /// Landmarks clicked on the photo, by name, image px (rounded to 0.1 px, as a scene file
    /// saves them): the head placed as `--point NAME=X,Y` places it, instead of `pose` (photo
    /// only). Default: none.
    #[serde(default)]
    pub points_px: Option<PointsPx>,
    /// The hairline traced on the photo, image px, temple to temple (3–200 points, rounded to
    /// 0.01 px), replacing the preset's as `--hairline-px` does (photo only). Default: none.
    #[serde(default)]
    pub hairline_px: Option<Vec<[f64; 2]>>,
    /// The built-in head turned from the view, degrees `[yaw, pitch]`, as `--pose YAW,PITCH,0`
    /// turns it without `--photo`: yaw turns the face toward the image's right, pitch tips the
    /// top of the head toward the camera; each within ±90° (built-in head only). Default: the
    /// view's own pose.
    #[serde(default)]
    pub head_turn_deg: Option<[f64; 2]>,
    /// A close-up, as `--zoom` frames it: `hairline` (its middle 7 cm) or `crown`, drawn at a
    /// higher scale with a scale bar. Default: none.
    #[serde(default)]
    pub zoom: Option<String>,
}

/// A request for the head model's outline in a pose (`POST /api/outline`): what the page draws
/// while the head is bowed or turned.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutlineBody {
    /// The view the pose starts from. Default front.
    #[serde(default)]
    pub view: Option<View>,
    /// The whole pose, as in a preview request.
    pub pose: ScenePose,
}

/// A request for the hairline's control points on the photo (`POST /api/hairline`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HairlineBody {
    /// A built-in preset's name.
    #[serde(default)]
    pub preset: Option<String>,
    /// A preset file's text.
    #[serde(default)]
    pub preset_json: Option<String>,
    /// The side of the head the photo shows. Default front.
    #[serde(default)]
    pub view: Option<View>,
    /// The head model's whole pose, as in a preview request. Default: a reopened scene's, else
    /// the automatic fit's.
    #[serde(default)]
    pub pose: Option<ScenePose>,
    /// Landmarks clicked on the photo, as in a preview request, instead of `pose`.
    #[serde(default)]
    pub points_px: Option<PointsPx>,
    /// The traced points to make symmetric, image px; without them, the preset's hairline is
    /// placed on the photo.
    #[serde(default)]
    pub hairline_px: Option<Vec<[f64; 2]>>,
    /// Control points to place the preset's hairline with, 3–40. Default 9.
    #[serde(default = "default_point_count")]
    pub point_count: usize,
}

/// The look's name.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LookName {
    /// Right after a session.
    Fresh,
    /// Healed.
    #[default]
    Healed,
    /// Years on.
    Aged,
}

/// What is drawn.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RenderingName {
    /// One preview.
    #[default]
    Single,
    /// Before and after.
    Compare,
    /// Every session, healed and aged.
    Strip,
    /// The target density as colour.
    Heatmap,
}

/// A stencil request (`POST /api/stencil`): the command line's `smpsim stencil` flags.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StencilBody {
    /// A built-in preset's name.
    #[serde(default)]
    pub preset: Option<String>,
    /// A preset file's text.
    #[serde(default)]
    pub preset_json: Option<String>,
    /// Seed of the dots. Default 0, as on the command line.
    #[serde(default)]
    pub seed: u64,
    /// Print resolution. Default 600, as on the command line.
    #[serde(default = "default_dpi")]
    pub dpi: u32,
    /// `a4` (default), `letter` or `none` (one sheet the size of the plan).
    #[serde(default = "default_paper")]
    pub paper: String,
    /// Only this session's dots; default every session.
    #[serde(default)]
    pub session: Option<u8>,
    /// `png` (default) or `svg`.
    #[serde(default = "default_format")]
    pub format: String,
    /// The page to send, from 1. Default 1.
    #[serde(default = "default_page")]
    pub page: usize,
    /// The hairline traced on the photo, scalp map mm, as in [`PresetChoice`]. Default: the
    /// preset's.
    #[serde(default)]
    pub hairline_mm: Option<Vec<[f64; 2]>>,
}

fn default_years() -> f64 {
    3.0
}
fn default_skin() -> String {
    "III".into()
}
fn default_width() -> u32 {
    1600
}
fn default_height() -> u32 {
    1200
}
fn default_dpi() -> u32 {
    StencilOptions::default().dpi
}
fn default_paper() -> String {
    "a4".into()
}
fn default_format() -> String {
    "png".into()
}
fn default_page() -> usize {
    1
}
fn default_point_count() -> usize {
    9
}

/// Parses a JSON body; errors name the request, the field's path and what is wrong.
pub fn parse_body<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, Failure> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." { String::new() } else { format!(" {path}:") };
        Failure::bad(format!("{what}:{at} {}", e.inner()))
    })
}

impl PresetChoice {
    /// The preset, as `smpsim preview --preset` loads it (fitted to `model`, as the command line
    /// does; the default head leaves it as it is).
    pub fn load(&self, model: &HeadModel) -> Result<Preset, Failure> {
        let bad = |e: crate::PresetError| Failure::bad(e.to_string());
        let preset = match (&self.preset, &self.preset_json) {
            (Some(name), None) => {
                let text = builtin_preset(name).ok_or_else(|| {
                    let names: Vec<_> = builtin_names().collect();
                    Failure::bad(format!(
                        "preset: {name:?} is not a built-in preset; built-ins: {}",
                        names.join(", ")
                    ))
                })?;
                Preset::parse(text, name).map_err(bad)?
            }
            (None, Some(text)) => Preset::parse(text, "preset_json").map_err(bad)?,
            _ => {
                return Err(Failure::bad(
                    "preset: give either preset (a built-in name) or preset_json",
                ));
            }
        };
        if let Some(path) = preset.mask_paths().first() {
            return Err(Failure::bad(format!(
                "preset_json: zone mask image {path:?}: presets with mask images work on the \
                 command line only (the page cannot read files)"
            )));
        }
        let preset = preset.fitted_to_head(model).map_err(bad)?;
        match &self.hairline_mm {
            // As `--set hairline.points_mm=…` after the head's fit, as the command line does.
            Some(points) => {
                let line = TracedHairline { points_mm: points.clone() };
                preset
                    .with_override_from(
                        TracedHairline::PRESET_PATH,
                        &line.points_json(),
                        "hairline_mm",
                    )
                    .map_err(bad)
            }
            None => Ok(preset),
        }
    }

    /// The key under which the plan is cached: equal keys give equal plans.
    pub fn plan_key(&self) -> String {
        let source = self.preset.as_deref().map_or_else(
            || format!("json:{}", self.preset_json.as_deref().unwrap_or_default()),
            |name| format!("builtin:{name}"),
        );
        let hairline = self.hairline_mm.as_ref().map(|h| TracedHairline { points_mm: h.clone() });
        let hairline = hairline.map(|h| h.points_json()).unwrap_or_default();
        format!("{source}\nseed:{}\nhairline:{hairline}", self.seed)
    }
}

impl PreviewBody {
    /// The preset and seed asked for (with the preset's own hairline).
    pub fn choice(&self) -> PresetChoice {
        PresetChoice {
            preset: self.preset.clone(),
            preset_json: self.preset_json.clone(),
            seed: self.seed,
            hairline_mm: None,
        }
    }

    /// The traced hairline, rounded to 0.01 px; refused unless 3–200 points.
    pub fn hairline_px(&self) -> Result<Option<Vec<[f64; 2]>>, Failure> {
        self.hairline_px.as_deref().map(traced_px).transpose()
    }

    /// The skin type; refused unless `I`–`VI`.
    pub fn skin_type(&self) -> Result<SkinType, Failure> {
        SkinType::from_roman(&self.skin).ok_or_else(|| {
            Failure::bad(format!(
                "skin: {:?} is not a skin type; allowed I, II, III, IV, V, VI",
                self.skin
            ))
        })
    }

    /// The close-up asked for; refused unless `hairline` or `crown`.
    pub fn zoom_target(&self) -> Result<Option<ZoomTarget>, Failure> {
        self.zoom
            .as_deref()
            .map(|zoom| match zoom {
                "hairline" => Ok(ZoomTarget::Zone(ZoneKind::Hairline)),
                "crown" => Ok(ZoomTarget::Zone(ZoneKind::Crown)),
                other => Err(Failure::bad(format!("zoom: {other:?}: allowed hairline, crown"))),
            })
            .transpose()
    }

    /// The built-in head's pose in `view` turned by `head_turn_deg`, checked as `smpsim preview
    /// --pose` checks it without a photo: each angle within ±90°, and the view's elevation plus
    /// the pitch within the scan camera's range.
    pub fn default_head_pose(&self, view: View) -> Result<Option<ScanPose>, Failure> {
        let Some([yaw, pitch]) = self.head_turn_deg else { return Ok(None) };
        if !(yaw.is_finite() && pitch.is_finite())
            || yaw.abs() > MAX_TURN_DEG
            || pitch.abs() > MAX_TURN_DEG
        {
            return Err(Failure::bad(format!(
                "head_turn_deg: [{yaw}, {pitch}]: yaw and pitch must each lie within \
                 ±{MAX_TURN_DEG}° (turn further by choosing another view)"
            )));
        }
        let base = ScanPose::of_view(view).pitch_deg;
        let (lo, hi) = (ScanPose::PITCH_RANGE_DEG[0] - base, ScanPose::PITCH_RANGE_DEG[1] - base);
        if !(f64::from(lo)..=f64::from(hi)).contains(&pitch) {
            return Err(Failure::bad(format!(
                "head_turn_deg: pitch {pitch}: seen from the {view} the built-in head's pitch \
                 must lie within {lo} to {hi}"
            )));
        }
        Ok(Some(ScanPose::turned(view, yaw as f32, pitch as f32)))
    }

    /// The default head's image size, px; refused outside 64–4000.
    pub fn size_px(&self) -> Result<[u32; 2], Failure> {
        for (field, value) in [("width_px", self.width_px), ("height_px", self.height_px)] {
            if !(64..=4000).contains(&value) {
                return Err(Failure::bad(format!("{field}: {value}: allowed 64–4000")));
            }
        }
        Ok([self.width_px, self.height_px])
    }

    /// What is drawn, as the command line's `--session`, `--look`, `--years`, `--guides`,
    /// `--compare`, `--strip` and `--heatmap` make it.
    pub fn rendering(&self) -> Result<Rendering, Failure> {
        let range = Look::AGED_YEARS_RANGE;
        let in_range = self.years.is_finite()
            && (f64::from(*range.start())..=f64::from(*range.end())).contains(&self.years);
        if !in_range {
            return Err(Failure::bad(format!(
                "years: {}: allowed {} to {}",
                self.years,
                range.start(),
                range.end()
            )));
        }
        if let Some(s) = self.session.filter(|s| !(1..=MAX_SESSIONS as u8).contains(s)) {
            return Err(Failure::bad(format!("session: {s}: allowed 1–{MAX_SESSIONS}")));
        }
        let years = self.years as f32;
        let look = match self.look {
            LookName::Fresh => Look::Fresh,
            LookName::Healed => Look::Healed,
            LookName::Aged => Look::Aged { years },
        };
        let preview = PreviewOptions {
            session: self.session,
            look,
            guides: self.guides,
            ..PreviewOptions::default()
        };
        Ok(match self.rendering {
            RenderingName::Single => Rendering::Single(preview),
            RenderingName::Compare => Rendering::Compare(preview),
            RenderingName::Strip => Rendering::Strip(StripOptions {
                years,
                guides: self.guides,
                ..StripOptions::default()
            }),
            RenderingName::Heatmap => Rendering::Heatmap(HeatmapOptions {
                outlines: self.guides,
                ..HeatmapOptions::default()
            }),
        })
    }
}

impl StencilBody {
    /// The preset, seed and traced hairline asked for.
    pub fn choice(&self) -> PresetChoice {
        PresetChoice {
            preset: self.preset.clone(),
            preset_json: self.preset_json.clone(),
            seed: self.seed,
            hairline_mm: self.hairline_mm.clone(),
        }
    }

    /// The stencil options, as `smpsim stencil` makes them from the same flags.
    pub fn options(&self) -> Result<StencilOptions, Failure> {
        let page = match self.paper.as_str() {
            "a4" => PageSize::A4,
            "letter" => PageSize::Letter,
            "none" => PageSize::None,
            other => {
                return Err(Failure::bad(format!("paper: {other:?}: allowed a4, letter, none")));
            }
        };
        let format = match self.format.as_str() {
            "png" => StencilFormat::Png,
            "svg" => StencilFormat::Svg,
            other => return Err(Failure::bad(format!("format: {other:?}: allowed png, svg"))),
        };
        // The command line goes to 2400 dpi; a page held in memory for the browser stops at
        // 1200 (an A4 page is then 140 MP of grey, drawn row by row but sent whole).
        if !(72..=1200).contains(&self.dpi) {
            return Err(Failure::bad(format!("dpi: {}: allowed 72–1200", self.dpi)));
        }
        let sessions = self.session.map_or(SessionSelection::All, SessionSelection::Only);
        Ok(StencilOptions { dpi: self.dpi, sessions, page, format, ..StencilOptions::default() })
    }
}

impl HairlineBody {
    /// The preset asked for (the seed does not move the hairline).
    pub fn choice(&self) -> PresetChoice {
        PresetChoice {
            preset: self.preset.clone(),
            preset_json: self.preset_json.clone(),
            ..PresetChoice::default()
        }
    }

    /// How many control points to place; refused outside 3–40.
    pub fn point_count(&self) -> Result<usize, Failure> {
        if (3..=40).contains(&self.point_count) {
            Ok(self.point_count)
        } else {
            Err(Failure::bad(format!("point_count: {}: allowed 3–40", self.point_count)))
        }
    }
}

/// Traced points from the page, rounded to 0.01 px (so a saved scene reads back as the same
/// numbers); refused unless 3–200 finite points.
pub fn traced_px(points: &[[f64; 2]]) -> Result<Vec<[f64; 2]>, Failure> {
    check_traced_count(points.len()).map_err(|e| Failure::bad(format!("hairline_px: {e}")))?;
    Ok(points.iter().map(|p| p.map(|v| round_to(v, 100.0))).collect())
}

/// A whole pose from the page in `view`, rounded to 0.01 px, 10⁻⁶ px/mm and 0.001°: short
/// decimals that a scene file writes and reads back exactly, so the command line given the
/// saved scene places the head on the very same pixels.
pub fn page_pose(pose: &ScenePose, view: View) -> Result<Pose, Failure> {
    let whole = pose
        .whole(view)
        .ok_or_else(|| Failure::bad("pose: give scale_px_per_mm and origin_px with the angles"))?;
    let finite = [whole.yaw_deg, whole.pitch_deg, whole.roll_deg]
        .into_iter()
        .chain(whole.scale_px_per_mm)
        .chain(whole.origin_px)
        .all(f64::is_finite);
    for (field, value) in [("yaw_deg", whole.yaw_deg), ("pitch_deg", whole.pitch_deg)] {
        if value.abs() > MAX_TURN_DEG {
            return Err(Failure::bad(format!(
                "pose: {field}: {value}: allowed −{MAX_TURN_DEG}° to {MAX_TURN_DEG}° (turn further \
                 by choosing another view)"
            )));
        }
    }
    if whole.roll_deg.abs() > MAX_ROLL_DEG {
        return Err(Failure::bad(format!(
            "pose: roll_deg: {}: allowed −{MAX_ROLL_DEG}° to {MAX_ROLL_DEG}°",
            whole.roll_deg
        )));
    }
    let scale_px_per_mm = whole.scale_px_per_mm.map(|s| round_to(s, 1e6));
    if !finite || scale_px_per_mm.iter().any(|&s| s <= 0.0) {
        return Err(Failure::bad(format!(
            "pose: {:?}, {:?} px/mm, origin {:?} px: angles, scales and origin must be finite \
             numbers, the scales at least 0.000001 px/mm",
            [whole.yaw_deg, whole.pitch_deg, whole.roll_deg],
            whole.scale_px_per_mm,
            whole.origin_px
        )));
    }
    Ok(Pose {
        yaw_deg: round_to(whole.yaw_deg, 1000.0),
        pitch_deg: round_to(whole.pitch_deg, 1000.0),
        roll_deg: round_to(whole.roll_deg, 1000.0),
        scale_px_per_mm,
        origin_px: whole.origin_px.map(|o| round_to(o, 100.0)),
        ..whole
    })
}

/// `value` to the nearest `1 / per`: an integer count divided once, so the result is the
/// number a short decimal parses to.
fn round_to(value: f64, per: f64) -> f64 {
    (value * per).round() / per
}
