//! Serde types of the crown, diffuse, scar and total zones and of the regions they cover (the
//! hairline zone, sessions and dot looks are in `spec.rs`). Units are in the keys; ranges are
//! checked in `validate.rs`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ranges::{self as r, MAP_X, MASK_ORIGIN_Y, SEMI_AXIS_MM};
use super::schema::{chars, in_range, map_point, map_points, pair_in};
use super::spec::DotSpec;

/// The crown zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CrownSpec {
    /// Zone name. Default `crown`.
    #[schemars(transform = chars(r::NAME_CHARS.0, r::NAME_CHARS.1))]
    pub name: String,
    /// Full density, dots/cm². Default 55; allowed 10–120.
    #[schemars(transform = in_range(r::ZONE_DENSITY_PER_CM2))]
    pub density_per_cm2: f64,
    /// Whorl centre `[x, y]`, mm. Default `[-10, 205]` (right of the midline).
    #[schemars(transform = map_point)]
    pub whorl_mm: [f64; 2],
    /// Width across, mm. Default 110; allowed 50–200.
    #[schemars(transform = in_range(r::CROWN_ACROSS_MM))]
    pub across_mm: f64,
    /// Length front to back, mm. Default 130; allowed 50–220.
    #[schemars(transform = in_range(r::CROWN_LENGTH_MM))]
    pub length_mm: f64,
    /// Rotation, degrees. Default 0; allowed −90–90.
    #[schemars(transform = in_range(r::ROTATION_DEG))]
    pub rotation_deg: f64,
    /// Feathered margin, mm. Default 20; allowed 0–60.
    #[schemars(transform = in_range(r::FEATHER_MM))]
    pub feather_mm: f64,
    /// Density drop at the whorl centre, fraction. Default 0.35; allowed 0–0.8.
    #[schemars(transform = in_range(r::WHORL_DIP_FRACTION))]
    pub whorl_dip_fraction: f64,
    /// Radius of the thinner centre, mm. Default 12; allowed 2–40.
    #[schemars(transform = in_range(r::WHORL_RADIUS_MM))]
    pub whorl_radius_mm: f64,
    /// A second whorl `[x, y]`, mm, or null. Default null.
    #[schemars(transform = map_point)]
    pub second_whorl_mm: Option<[f64; 2]>,
    /// Share of native hair left inside the zone. Default 0; allowed 0–1.
    #[schemars(transform = in_range(r::NATIVE_HAIR_FRACTION))]
    pub native_hair_fraction: f64,
    /// Dot look.
    pub dot: DotSpec,
}

impl Default for CrownSpec {
    fn default() -> Self {
        Self {
            name: "crown".into(),
            density_per_cm2: 55.0,
            whorl_mm: [-10.0, 205.0],
            across_mm: 110.0,
            length_mm: 130.0,
            rotation_deg: 0.0,
            feather_mm: 20.0,
            whorl_dip_fraction: 0.35,
            whorl_radius_mm: 12.0,
            second_whorl_mm: None,
            native_hair_fraction: 0.0,
            dot: DotSpec::default(),
        }
    }
}

/// A region on the scalp map, written as `{"ellipse": {...}}`, `{"polygon": {...}}` or
/// `{"mask": {...}}` (mask only in diffuse zones).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegionSpec {
    /// An ellipse.
    Ellipse(EllipseSpec),
    /// A polygon.
    Polygon(PolygonSpec),
    /// A greyscale image: white = full density.
    Mask(MaskSpec),
}

/// An ellipse region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EllipseSpec {
    /// Centre `[x, y]`, mm.
    #[schemars(transform = map_point)]
    pub center_mm: [f64; 2],
    /// Semi-axes `[along x, along y]` before rotation, mm; allowed 5–250.
    #[schemars(transform = pair_in(SEMI_AXIS_MM, SEMI_AXIS_MM))]
    pub semi_axes_mm: [f64; 2],
    /// Rotation, degrees. Default 0; allowed −90–90.
    #[serde(default)]
    #[schemars(transform = in_range(r::ROTATION_DEG))]
    pub rotation_deg: f64,
}

/// A polygon region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolygonSpec {
    /// Corners `[x, y]`, mm, at least 3.
    #[schemars(transform = map_points(r::MIN_POLYGON_POINTS))]
    pub points_mm: Vec<[f64; 2]>,
}

/// A greyscale density mask.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaskSpec {
    /// Image path as the caller resolves it (the library never opens it).
    #[schemars(transform = chars(1, r::MAX_MASK_PATH_CHARS))]
    pub path: String,
    /// Scalp-map position of the image's top-left corner `[x, y]`, mm.
    #[schemars(transform = pair_in(MAP_X, MASK_ORIGIN_Y))]
    pub origin_mm: [f64; 2],
    /// Pixel size on the scalp map, mm; allowed 0.05–10.
    #[schemars(transform = in_range(r::MM_PER_PX))]
    pub mm_per_px: f64,
}

/// The diffuse-thinning zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiffuseSpec {
    /// Zone name. Default `diffuse`.
    #[serde(default = "default_diffuse_name")]
    #[schemars(transform = chars(r::NAME_CHARS.0, r::NAME_CHARS.1))]
    pub name: String,
    /// Added density, dots/cm². Allowed 5–80.
    #[schemars(transform = in_range(r::DIFFUSE_DENSITY_PER_CM2))]
    pub density_per_cm2: f64,
    /// Where.
    pub region: RegionSpec,
    /// Feathered margin past a shape's edge, mm. Default 15; allowed 0–60.
    #[serde(default = "default_feather_15")]
    #[schemars(transform = in_range(r::FEATHER_MM))]
    pub feather_mm: f64,
    /// Noise amplitude, ± fraction. Default 0.08; allowed 0–0.3.
    #[serde(default = "default_noise_fraction")]
    #[schemars(transform = in_range(r::NOISE_FRACTION))]
    pub noise_fraction: f64,
    /// Noise feature size, mm. Default 15; allowed 3–100.
    #[serde(default = "default_feather_15")]
    #[schemars(transform = in_range(r::NOISE_WAVELENGTH_MM))]
    pub noise_wavelength_mm: f64,
    /// Share of native hair left inside the zone. Default 0.5; allowed 0–1.
    #[serde(default = "default_half")]
    #[schemars(transform = in_range(r::NATIVE_HAIR_FRACTION))]
    pub native_hair_fraction: f64,
    /// Dot look.
    #[serde(default)]
    pub dot: DotSpec,
}

fn default_diffuse_name() -> String {
    "diffuse".into()
}
fn default_feather_15() -> f64 {
    15.0
}
fn default_noise_fraction() -> f64 {
    0.08
}
fn default_half() -> f64 {
    0.5
}

/// An FUT strip scar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StripSpec {
    /// The strip's middle line `[x, y]`, mm, at least 2 points.
    #[schemars(transform = map_points(r::MIN_STRIP_POINTS))]
    pub points_mm: Vec<[f64; 2]>,
    /// Scar width, mm; allowed 0.5–30.
    #[schemars(transform = in_range(r::STRIP_WIDTH_MM))]
    pub width_mm: f64,
}

/// A round FUE scar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DiscSpec {
    /// Centre `[x, y]`, mm.
    #[schemars(transform = map_point)]
    pub center_mm: [f64; 2],
    /// Diameter, mm; allowed 0.3–5.
    #[schemars(transform = in_range(r::FUE_DIAMETER_MM))]
    pub diameter_mm: f64,
}

/// The scar zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ScarSpec {
    /// Zone name. Default `scar`.
    #[schemars(transform = chars(r::NAME_CHARS.0, r::NAME_CHARS.1))]
    pub name: String,
    /// Density inside, dots/cm². Default 45; allowed 10–120.
    #[schemars(transform = in_range(r::ZONE_DENSITY_PER_CM2))]
    pub density_per_cm2: f64,
    /// An FUT strip, or null.
    pub strip: Option<StripSpec>,
    /// FUE dot scars.
    pub fue_discs: Vec<DiscSpec>,
    /// Feathered margin past the scar edge, mm. Default 3; allowed 0–15.
    #[schemars(transform = in_range(r::SCAR_MARGIN_MM))]
    pub margin_mm: f64,
    /// Share of native hair left inside the zone. Default 0; allowed 0–1.
    #[schemars(transform = in_range(r::NATIVE_HAIR_FRACTION))]
    pub native_hair_fraction: f64,
    /// Dot look.
    pub dot: DotSpec,
}

impl Default for ScarSpec {
    fn default() -> Self {
        Self {
            name: "scar".into(),
            density_per_cm2: 45.0,
            strip: None,
            fue_discs: Vec::new(),
            margin_mm: 3.0,
            native_hair_fraction: 0.0,
            dot: DotSpec::default(),
        }
    }
}

/// The total (full-shave) zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TotalSpec {
    /// Zone name. Default `total`.
    #[serde(default = "default_total_name")]
    #[schemars(transform = chars(r::NAME_CHARS.0, r::NAME_CHARS.1))]
    pub name: String,
    /// Density, dots/cm². Allowed 10–120.
    #[schemars(transform = in_range(r::ZONE_DENSITY_PER_CM2))]
    pub density_per_cm2: f64,
    /// The bald area (ellipse or polygon).
    pub region: RegionSpec,
    /// Blend into the fringe past the edge, mm. Default 15; allowed 0–60.
    #[serde(default = "default_feather_15")]
    #[schemars(transform = in_range(r::FEATHER_MM))]
    pub feather_mm: f64,
    /// Start behind the hairline (zero on the forehead). Default true.
    #[serde(default = "default_true")]
    pub behind_hairline: bool,
    /// Depth behind the line where it starts rising, mm. Default 8; allowed 0–40.
    #[serde(default = "default_offset")]
    #[schemars(transform = in_range(r::FRONT_OFFSET_MM))]
    pub front_offset_mm: f64,
    /// Depth over which it rises, mm. Default 10; allowed 1–40.
    #[serde(default = "default_ramp")]
    #[schemars(transform = in_range(r::FRONT_RAMP_MM))]
    pub front_ramp_mm: f64,
    /// Share of native hair left inside the zone. Default 0; allowed 0–1.
    #[serde(default)]
    #[schemars(transform = in_range(r::NATIVE_HAIR_FRACTION))]
    pub native_hair_fraction: f64,
    /// Dot look.
    #[serde(default)]
    pub dot: DotSpec,
}

fn default_total_name() -> String {
    "total".into()
}
fn default_true() -> bool {
    true
}
fn default_offset() -> f64 {
    8.0
}
fn default_ramp() -> f64 {
    10.0
}
