//! The preset file as serde types: what a practitioner writes in `presets/*.json`.
//!
//! Every unit is in the key (`_mm`, `_per_cm2`, `_percent`, `_deg`); every key but `name`,
//! `description`, `sessions` and `zones` has a default. Unknown keys are refused
//! (`deny_unknown_fields`), so a typo never silently falls back to a default. Values are `f64` so a
//! saved preset prints `0.3`, not `0.30000001`. Ranges are checked in `validate.rs` and listed in
//! `presets/README.md`.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use super::ranges as r;
use super::schema::{chars, in_range, items, map_point};
pub use super::zone_spec::{
    CrownSpec, DiffuseSpec, DiscSpec, EllipseSpec, MaskSpec, PolygonSpec, RegionSpec, ScarSpec,
    StripSpec, TotalSpec,
};

/// A whole preset file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PresetSpec {
    /// The JSON Schema editors check the file against, e.g. `./preset.schema.json`; ignored.
    #[serde(rename = "$schema", default, skip_serializing)]
    pub schema: SchemaRef,
    /// Short name, e.g. `norwood-4`.
    #[schemars(transform = chars(r::NAME_CHARS.0, r::NAME_CHARS.1))]
    pub name: String,
    /// One line for `presets list`.
    #[schemars(transform = chars(1, r::MAX_DESCRIPTION_CHARS))]
    pub description: String,
    /// Seed of the layout's irregularity (hairline waves, gaps, noise); separate from the seed the
    /// dots are sampled with, so a designed hairline keeps its shape. Default 1.
    #[serde(default = "default_pattern_seed")]
    pub pattern_seed: u64,
    /// Density of the client's own hair where it remains, hairs/cm². Default 70.
    #[serde(default = "default_native_hair")]
    #[schemars(transform = in_range(r::NATIVE_HAIR_PER_CM2))]
    pub native_hair_per_cm2: f64,
    /// The designed hairline (also where the client's forehead ends). Defaults: Garg's construction.
    #[serde(default)]
    pub hairline: HairlineSpec,
    /// Sessions in order, session 1 first.
    #[schemars(transform = items(r::SESSIONS.0, r::SESSIONS.1))]
    pub sessions: Vec<SessionSpec>,
    /// Treatment zones; a dot's `zone` indexes this list.
    #[schemars(transform = items(r::ZONES.0, r::ZONES.1))]
    pub zones: Vec<ZoneSpec>,
}

/// The value of a preset's `$schema` key: read so that editors may name the schema, then
/// forgotten, so it never changes what a preset means nor what `presets show` prints.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SchemaRef;

impl<'de> Deserialize<'de> for SchemaRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|_| SchemaRef)
    }
}

impl JsonSchema for SchemaRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SchemaRef".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string"})
    }
}

fn default_pattern_seed() -> u64 {
    1
}

fn default_native_hair() -> f64 {
    70.0
}

/// A control point of a designed hairline: `[x_mm, y_mm]` for a point the line passes smoothly,
/// or `{"x_mm": …, "y_mm": …, "corner": true}` for one where it may turn sharply.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum HairlinePointSpec {
    /// `[x_mm, y_mm]` on the scalp map; the line passes smoothly.
    #[schemars(transform = map_point)]
    Smooth([f64; 2]),
    /// A point written out, with its corner flag.
    Marked(MarkedPointSpec),
}

/// A control point written as an object.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkedPointSpec {
    /// Across the scalp map, mm (+x toward the client's left); allowed −175–175.
    #[schemars(transform = in_range(r::MAP_X))]
    pub x_mm: f64,
    /// Along the scalp map from the glabella, mm; allowed 0–350.
    #[schemars(transform = in_range(r::MAP_Y))]
    pub y_mm: f64,
    /// The line may turn sharply here (a deliberate corner). Default false.
    #[serde(default)]
    pub corner: bool,
}

impl HairlinePointSpec {
    /// `[x_mm, y_mm]`.
    pub fn xy_mm(&self) -> [f64; 2] {
        match self {
            Self::Smooth(p) => *p,
            Self::Marked(m) => [m.x_mm, m.y_mm],
        }
    }

    /// Whether the line may turn sharply here.
    pub fn is_corner(&self) -> bool {
        matches!(self, Self::Marked(m) if m.corner)
    }

    /// The JSON paths of this point's x and y, inside `path` (the point's own path).
    pub(crate) fn coordinate_paths(&self, path: &str) -> [String; 2] {
        match self {
            Self::Smooth(_) => [format!("{path}[0]"), format!("{path}[1]")],
            Self::Marked(_) => [format!("{path}.x_mm"), format!("{path}.y_mm")],
        }
    }
}

/// Garg's hairline construction on the scalp map, or a line through the practitioner's points.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct HairlineSpec {
    /// Mid-frontal point above the glabella, mm. Default 80; allowed 50–150.
    #[schemars(transform = in_range(r::HAIRLINE_HEIGHT_MM))]
    pub height_mm: f64,
    /// Map y of the top of the head (the centre of the head model's wrap), mm. Default 175;
    /// allowed 120–200. Heights on the head are distances from it.
    #[schemars(transform = in_range(r::VERTEX_Y_MM))]
    pub vertex_y_mm: f64,
    /// Distance from the mid-frontal point to each frontotemporal corner around the head, mm.
    /// Default 80 (Garg: 8 cm); allowed 50–110.
    #[schemars(transform = in_range(r::CORNER_DISTANCE_MM))]
    pub corner_distance_mm: f64,
    /// How much higher on the head (closer to the top) the corners sit than the mid-frontal
    /// point, mm. Default 14; allowed 2–30.
    #[schemars(transform = in_range(r::CORNER_RISE_MM))]
    pub corner_rise_mm: f64,
    /// Temple peak's distance from the corner, mm. Default 50; allowed 20–80.
    #[schemars(transform = in_range(r::TEMPLE_PEAK_DISTANCE_MM))]
    pub temple_peak_distance_mm: f64,
    /// Radius of the rounded recession apex (and of the rounded temple peak), mm: a mature
    /// hairline keeps its recession as a smooth curve, never a V. Default 10; allowed 2–25.
    #[schemars(transform = in_range(r::RECESSION_RADIUS_MM))]
    pub recession_radius_mm: f64,
    /// The practitioner's own line: at least 3 scalp-map points, x steadily increasing or
    /// decreasing (e.g. left temple peak, mid-frontal point, right temple peak), each at least
    /// 40 mm from the top of the head; a smooth curve runs through them. Replaces the
    /// construction (whose keys are then unused); omitted by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(transform = items(r::MIN_HAIRLINE_POINTS, r::MAX_HAIRLINE_POINTS))]
    pub points_mm: Option<Vec<HairlinePointSpec>>,
    /// With `points_mm` on one side of the midline only: mirror them to the other side, then
    /// apply `asymmetry_mm`. Default false.
    pub symmetric: bool,
    /// Amplitude of cm-scale waves, mm. Default 2.5; allowed 0–6.
    #[schemars(transform = in_range(r::MACRO_IRREGULARITY_MM))]
    pub macro_irregularity_mm: f64,
    /// Amplitude of mm-scale waves, mm. Default 0.7; allowed 0–2.
    #[schemars(transform = in_range(r::MICRO_IRREGULARITY_MM))]
    pub micro_irregularity_mm: f64,
    /// Left–right difference: the client's left corner sits this much higher and twice this much
    /// further round the head than the right one, mm. Default 1.5;
    /// allowed 0–10.
    #[schemars(transform = in_range(r::ASYMMETRY_MM))]
    pub asymmetry_mm: f64,
}

impl Default for HairlineSpec {
    fn default() -> Self {
        Self {
            height_mm: 80.0,
            vertex_y_mm: 175.0,
            corner_distance_mm: 80.0,
            corner_rise_mm: 14.0,
            temple_peak_distance_mm: 50.0,
            recession_radius_mm: 10.0,
            points_mm: None,
            symmetric: false,
            macro_irregularity_mm: 2.5,
            micro_irregularity_mm: 0.7,
            asymmetry_mm: 1.5,
        }
    }
}

/// One session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionSpec {
    /// Cumulative share of the target density reached after this session, percent; increasing,
    /// the last one 100. Usual: 30, 70, 100.
    #[schemars(transform = in_range(r::CUMULATIVE_PERCENT))]
    pub cumulative_percent: f64,
    /// Pigment dilution `N` of `N:1` (parts water per part pigment); allowed 6–30; session 1 is the
    /// lightest (largest N), later sessions equal or darker.
    #[schemars(transform = in_range(r::DILUTION))]
    pub dilution: f64,
}

/// How a zone's dots look.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DotSpec {
    /// Mean healed diameter, mm. Default 0.15; allowed 0.05–0.5.
    #[schemars(transform = in_range(r::HEALED_DIAMETER_MM))]
    pub healed_diameter_mm: f64,
    /// Size jitter, ± fraction. Default 0.2; allowed 0.15–0.5.
    #[schemars(transform = in_range(r::DIAMETER_JITTER_FRACTION))]
    pub diameter_jitter_fraction: f64,
    /// Fresh diameter as a multiple of healed. Default 1.6; allowed 1.05–3.
    #[schemars(transform = in_range(r::FRESH_DIAMETER_SCALE))]
    pub fresh_diameter_scale: f64,
    /// Multiplies the session dilution. Default 1; allowed 0.5–2.
    #[schemars(transform = in_range(r::DILUTION_SCALE))]
    pub dilution_scale: f64,
}

impl Default for DotSpec {
    fn default() -> Self {
        use crate::dots::style_defaults as d;
        Self {
            healed_diameter_mm: d::HEALED_DIAMETER_MM,
            diameter_jitter_fraction: d::DIAMETER_JITTER_FRACTION,
            fresh_diameter_scale: d::FRESH_DIAMETER_SCALE,
            dilution_scale: d::DILUTION_SCALE,
        }
    }
}

/// A treatment zone, written as `{"<kind>": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ZoneSpec {
    /// The frontal hairline.
    Hairline(HairlineZoneSpec),
    /// The crown.
    Crown(CrownSpec),
    /// Dots added in diffuse thinning.
    Diffuse(DiffuseSpec),
    /// Scar camouflage.
    Scar(ScarSpec),
    /// A whole bald area.
    Total(TotalSpec),
}

/// Front style of a hairline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HairlineStyleSpec {
    /// Wide, sparse start (default).
    #[default]
    Soft,
    /// Soft with irregular gaps.
    Broken,
    /// Narrow band, denser start, no sentinels.
    Defined,
}

/// The hairline zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct HairlineZoneSpec {
    /// Zone name. Default `hairline`.
    #[schemars(transform = chars(r::NAME_CHARS.0, r::NAME_CHARS.1))]
    pub name: String,
    /// Full density, dots/cm². Default 60; allowed 10–120.
    #[schemars(transform = in_range(r::ZONE_DENSITY_PER_CM2))]
    pub density_per_cm2: f64,
    /// Soft front band, mm. Default 8; allowed 2–20.
    #[schemars(transform = in_range(r::FRONT_BAND_MM))]
    pub front_band_mm: f64,
    /// Density at the very front as a fraction of full. Default 0.15; allowed 0.05–0.8.
    #[schemars(transform = in_range(r::FRONT_FRACTION))]
    pub front_fraction: f64,
    /// Region depth behind the line, mm. Default 25; allowed 10–60.
    #[schemars(transform = in_range(r::REGION_DEPTH_MM))]
    pub region_depth_mm: f64,
    /// Fade-out behind the region, mm. Default 10; allowed 0–40.
    #[schemars(transform = in_range(r::BACK_FEATHER_MM))]
    pub back_feather_mm: f64,
    /// Sentinel dots ahead of the line, dots/cm² (0 = none). Default 4; allowed 0–20.
    #[schemars(transform = in_range(r::SENTINEL_PER_CM2))]
    pub sentinel_per_cm2: f64,
    /// How far ahead sentinels may sit, mm. Default 3; allowed 0–10.
    #[schemars(transform = in_range(r::SENTINEL_DEPTH_MM))]
    pub sentinel_depth_mm: f64,
    /// Density at the temple peaks, fraction of full. Default 0.85; allowed 0.3–1.
    #[schemars(transform = in_range(r::TEMPLE_FRACTION))]
    pub temple_fraction: f64,
    /// Fade beyond the temple peaks, mm. Default 20; allowed 5–60.
    #[schemars(transform = in_range(r::TEMPLE_FADE_MM))]
    pub temple_fade_mm: f64,
    /// `soft`, `broken` or `defined`. Default `soft`.
    pub style: HairlineStyleSpec,
    /// Share of native hair left inside the zone. Default 0; allowed 0–1.
    #[schemars(transform = in_range(r::NATIVE_HAIR_FRACTION))]
    pub native_hair_fraction: f64,
    /// Dot look.
    pub dot: DotSpec,
}

impl Default for HairlineZoneSpec {
    fn default() -> Self {
        Self {
            name: "hairline".into(),
            density_per_cm2: 60.0,
            front_band_mm: 8.0,
            front_fraction: 0.15,
            region_depth_mm: 25.0,
            back_feather_mm: 10.0,
            sentinel_per_cm2: 4.0,
            sentinel_depth_mm: 3.0,
            temple_fraction: 0.85,
            temple_fade_mm: 20.0,
            style: HairlineStyleSpec::Soft,
            native_hair_fraction: 0.0,
            dot: DotSpec { healed_diameter_mm: 0.13, ..DotSpec::default() },
        }
    }
}
