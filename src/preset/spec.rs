//! The preset file as serde types: what a practitioner writes in `presets/*.json`.
//!
//! Every unit is in the key (`_mm`, `_per_cm2`, `_percent`, `_deg`); every key but `name`,
//! `description`, `sessions` and `zones` has a default. Unknown keys are refused
//! (`deny_unknown_fields`), so a typo never silently falls back to a default. Values are `f64` so a
//! saved preset prints `0.3`, not `0.30000001`. Ranges are checked in `validate.rs` and listed in
//! `presets/README.md`.

use serde::{Deserialize, Serialize};

/// A whole preset file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PresetSpec {
    /// Short name, e.g. `norwood-4`.
    pub name: String,
    /// One line for `presets list`.
    pub description: String,
    /// Seed of the layout's irregularity (hairline waves, gaps, noise); separate from the seed the
    /// dots are sampled with, so a designed hairline keeps its shape. Default 1.
    #[serde(default = "default_pattern_seed")]
    pub pattern_seed: u64,
    /// Density of the client's own hair where it remains, hairs/cm². Default 70.
    #[serde(default = "default_native_hair")]
    pub native_hair_per_cm2: f64,
    /// The designed hairline (also where the client's forehead ends). Defaults: Garg's construction.
    #[serde(default)]
    pub hairline: HairlineSpec,
    /// Sessions in order, session 1 first.
    pub sessions: Vec<SessionSpec>,
    /// Treatment zones; a dot's `zone` indexes this list.
    pub zones: Vec<ZoneSpec>,
}

fn default_pattern_seed() -> u64 {
    1
}

fn default_native_hair() -> f64 {
    70.0
}

/// Garg's hairline construction on the scalp map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HairlineSpec {
    /// Mid-frontal point above the glabella, mm. Default 80; allowed 50–150.
    pub height_mm: f64,
    /// Frontotemporal corners' distance from the midline, mm. Default 75; allowed 40–110.
    pub corner_x_mm: f64,
    /// How far behind the mid-frontal point the corners sit, mm. Default 12; allowed 2–60.
    pub corner_rise_mm: f64,
    /// Temple peak's distance from the corner, mm. Default 50; allowed 20–80.
    pub temple_peak_distance_mm: f64,
    /// Amplitude of cm-scale waves, mm. Default 2.5; allowed 0–6.
    pub macro_irregularity_mm: f64,
    /// Amplitude of mm-scale waves, mm. Default 0.7; allowed 0–2.
    pub micro_irregularity_mm: f64,
    /// How much further back the client's left corner sits than the right, mm. Default 1.5;
    /// allowed 0–10.
    pub asymmetry_mm: f64,
}

impl Default for HairlineSpec {
    fn default() -> Self {
        Self {
            height_mm: 80.0,
            corner_x_mm: 75.0,
            corner_rise_mm: 12.0,
            temple_peak_distance_mm: 50.0,
            macro_irregularity_mm: 2.5,
            micro_irregularity_mm: 0.7,
            asymmetry_mm: 1.5,
        }
    }
}

/// One session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionSpec {
    /// Cumulative share of the target density reached after this session, percent; increasing,
    /// the last one 100. Usual: 30, 70, 100.
    pub cumulative_percent: f64,
    /// Pigment dilution `N` of `N:1` (parts water per part pigment); allowed 6–30; session 1 is the
    /// lightest (largest N), later sessions equal or darker.
    pub dilution: f64,
}

/// How a zone's dots look.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DotSpec {
    /// Mean healed diameter, mm. Default 0.15; allowed 0.05–0.5.
    pub healed_diameter_mm: f64,
    /// Size jitter, ± fraction. Default 0.2; allowed 0.15–0.5.
    pub diameter_jitter_fraction: f64,
    /// Fresh diameter as a multiple of healed. Default 1.6; allowed 1.05–3.
    pub fresh_diameter_scale: f64,
    /// Multiplies the session dilution. Default 1; allowed 0.5–2.
    pub dilution_scale: f64,
}

impl Default for DotSpec {
    fn default() -> Self {
        Self {
            healed_diameter_mm: 0.15,
            diameter_jitter_fraction: 0.2,
            fresh_diameter_scale: 1.6,
            dilution_scale: 1.0,
        }
    }
}

/// A treatment zone, written as `{"<kind>": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HairlineZoneSpec {
    /// Zone name. Default `hairline`.
    pub name: String,
    /// Full density, dots/cm². Default 60; allowed 10–120.
    pub density_per_cm2: f64,
    /// Soft front band, mm. Default 8; allowed 2–20.
    pub front_band_mm: f64,
    /// Density at the very front as a fraction of full. Default 0.15; allowed 0.05–0.8.
    pub front_fraction: f64,
    /// Region depth behind the line, mm. Default 25; allowed 10–60.
    pub region_depth_mm: f64,
    /// Fade-out behind the region, mm. Default 10; allowed 0–40.
    pub back_feather_mm: f64,
    /// Sentinel dots ahead of the line, dots/cm² (0 = none). Default 4; allowed 0–20.
    pub sentinel_per_cm2: f64,
    /// How far ahead sentinels may sit, mm. Default 3; allowed 0–10.
    pub sentinel_depth_mm: f64,
    /// Density at the temple peaks, fraction of full. Default 0.85; allowed 0.3–1.
    pub temple_fraction: f64,
    /// Fade beyond the temple peaks, mm. Default 20; allowed 5–60.
    pub temple_fade_mm: f64,
    /// `soft`, `broken` or `defined`. Default `soft`.
    pub style: HairlineStyleSpec,
    /// Share of native hair left inside the zone. Default 0; allowed 0–1.
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

/// The crown zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrownSpec {
    /// Zone name. Default `crown`.
    pub name: String,
    /// Full density, dots/cm². Default 55; allowed 10–120.
    pub density_per_cm2: f64,
    /// Whorl centre `[x, y]`, mm. Default `[-10, 205]` (right of the midline).
    pub whorl_mm: [f64; 2],
    /// Width across, mm. Default 110; allowed 50–200.
    pub across_mm: f64,
    /// Length front to back, mm. Default 130; allowed 50–220.
    pub length_mm: f64,
    /// Rotation, degrees. Default 0; allowed −90–90.
    pub rotation_deg: f64,
    /// Feathered margin, mm. Default 20; allowed 0–60.
    pub feather_mm: f64,
    /// Density drop at the whorl centre, fraction. Default 0.35; allowed 0–0.8.
    pub whorl_dip_fraction: f64,
    /// Radius of the thinner centre, mm. Default 12; allowed 2–40.
    pub whorl_radius_mm: f64,
    /// A second whorl `[x, y]`, mm, or null. Default null.
    pub second_whorl_mm: Option<[f64; 2]>,
    /// Share of native hair left inside the zone. Default 0; allowed 0–1.
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EllipseSpec {
    /// Centre `[x, y]`, mm.
    pub center_mm: [f64; 2],
    /// Semi-axes `[along x, along y]` before rotation, mm; allowed 5–250.
    pub semi_axes_mm: [f64; 2],
    /// Rotation, degrees. Default 0; allowed −90–90.
    #[serde(default)]
    pub rotation_deg: f64,
}

/// A polygon region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolygonSpec {
    /// Corners `[x, y]`, mm, at least 3.
    pub points_mm: Vec<[f64; 2]>,
}

/// A greyscale density mask.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaskSpec {
    /// Image path as the caller resolves it (the library never opens it).
    pub path: String,
    /// Scalp-map position of the image's top-left corner `[x, y]`, mm.
    pub origin_mm: [f64; 2],
    /// Pixel size on the scalp map, mm; allowed 0.05–10.
    pub mm_per_px: f64,
}

/// The diffuse-thinning zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffuseSpec {
    /// Zone name. Default `diffuse`.
    #[serde(default = "default_diffuse_name")]
    pub name: String,
    /// Added density, dots/cm². Allowed 5–80.
    pub density_per_cm2: f64,
    /// Where.
    pub region: RegionSpec,
    /// Feathered margin past a shape's edge, mm. Default 15; allowed 0–60.
    #[serde(default = "default_feather_15")]
    pub feather_mm: f64,
    /// Noise amplitude, ± fraction. Default 0.08; allowed 0–0.3.
    #[serde(default = "default_noise_fraction")]
    pub noise_fraction: f64,
    /// Noise feature size, mm. Default 15; allowed 3–100.
    #[serde(default = "default_feather_15")]
    pub noise_wavelength_mm: f64,
    /// Share of native hair left inside the zone. Default 0.5; allowed 0–1.
    #[serde(default = "default_half")]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StripSpec {
    /// The strip's middle line `[x, y]`, mm, at least 2 points.
    pub points_mm: Vec<[f64; 2]>,
    /// Scar width, mm; allowed 0.5–30.
    pub width_mm: f64,
}

/// A round FUE scar.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscSpec {
    /// Centre `[x, y]`, mm.
    pub center_mm: [f64; 2],
    /// Diameter, mm; allowed 0.3–5.
    pub diameter_mm: f64,
}

/// The scar zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScarSpec {
    /// Zone name. Default `scar`.
    pub name: String,
    /// Density inside, dots/cm². Default 45; allowed 10–120.
    pub density_per_cm2: f64,
    /// An FUT strip, or null.
    pub strip: Option<StripSpec>,
    /// FUE dot scars.
    pub fue_discs: Vec<DiscSpec>,
    /// Feathered margin past the scar edge, mm. Default 3; allowed 0–15.
    pub margin_mm: f64,
    /// Share of native hair left inside the zone. Default 0; allowed 0–1.
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TotalSpec {
    /// Zone name. Default `total`.
    #[serde(default = "default_total_name")]
    pub name: String,
    /// Density, dots/cm². Allowed 10–120.
    pub density_per_cm2: f64,
    /// The bald area (ellipse or polygon).
    pub region: RegionSpec,
    /// Blend into the fringe past the edge, mm. Default 15; allowed 0–60.
    #[serde(default = "default_feather_15")]
    pub feather_mm: f64,
    /// Start behind the hairline (zero on the forehead). Default true.
    #[serde(default = "default_true")]
    pub behind_hairline: bool,
    /// Depth behind the line where it starts rising, mm. Default 8; allowed 0–40.
    #[serde(default = "default_offset")]
    pub front_offset_mm: f64,
    /// Depth over which it rises, mm. Default 10; allowed 1–40.
    #[serde(default = "default_ramp")]
    pub front_ramp_mm: f64,
    /// Share of native hair left inside the zone. Default 0; allowed 0–1.
    #[serde(default)]
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
