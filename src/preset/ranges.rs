//! The allowed range of every ranged preset value, read both by the validator (to refuse a value)
//! and by the JSON Schema (to tell editors), so the two cannot disagree.

use crate::geom::{MAP_HALF_WIDTH_MM, MAP_LENGTH_MM};

/// A closed range of allowed values and the unit errors and the schema print after it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Range {
    pub(crate) min: f64,
    pub(crate) max: f64,
    /// Empty for plain numbers (fractions, scales).
    pub(crate) unit: &'static str,
}

const fn mm(min: f64, max: f64) -> Range {
    Range { min, max, unit: "mm" }
}

const fn plain(min: f64, max: f64) -> Range {
    Range { min, max, unit: "" }
}

const fn dots(min: f64, max: f64) -> Range {
    Range { min, max, unit: "dots/cm²" }
}

/// A point's x on the scalp map.
pub(crate) const MAP_X: Range = mm(-MAP_HALF_WIDTH_MM, MAP_HALF_WIDTH_MM);
/// A point's y on the scalp map.
pub(crate) const MAP_Y: Range = mm(0.0, MAP_LENGTH_MM);
/// A mask image's top-left corner may lie above the map (the image then starts off it).
pub(crate) const MASK_ORIGIN_Y: Range = mm(-MAP_LENGTH_MM, MAP_LENGTH_MM);

/// Characters of a preset or zone name.
pub(crate) const NAME_CHARS: (usize, usize) = (1, 40);
/// Longest description: one line for `presets list`.
pub(crate) const MAX_DESCRIPTION_CHARS: usize = 200;
/// Longest mask image path.
pub(crate) const MAX_MASK_PATH_CHARS: usize = 1024;
/// How many sessions a preset may plan.
pub(crate) const SESSIONS: (usize, usize) = (1, 6);
/// How many zones a preset may have.
pub(crate) const ZONES: (usize, usize) = (1, 32);
/// Fewest corners of a polygon region.
pub(crate) const MIN_POLYGON_POINTS: usize = 3;
/// Fewest points of an FUT strip's middle line.
pub(crate) const MIN_STRIP_POINTS: usize = 2;
/// Smallest polygon region, mm² (a 5 mm square; the smallest ellipse is about 79 mm²).
pub(crate) const MIN_POLYGON_AREA_MM2: f64 = 25.0;
/// Least room between the mid-frontal point and the top of the head, mm.
pub(crate) const MIN_HAIRLINE_BELOW_VERTEX_MM: f64 = 40.0;

/// The client's own hair where it remains.
pub(crate) const NATIVE_HAIR_PER_CM2: Range = Range { min: 0.0, max: 150.0, unit: "hairs/cm²" };

/// `hairline.height_mm`.
pub(crate) const HAIRLINE_HEIGHT_MM: Range = mm(50.0, 150.0);
/// `hairline.vertex_y_mm`.
pub(crate) const VERTEX_Y_MM: Range = mm(120.0, 200.0);
/// `hairline.corner_distance_mm`.
pub(crate) const CORNER_DISTANCE_MM: Range = mm(50.0, 110.0);
/// `hairline.corner_rise_mm`.
pub(crate) const CORNER_RISE_MM: Range = mm(2.0, 30.0);
/// `hairline.temple_peak_distance_mm`.
pub(crate) const TEMPLE_PEAK_DISTANCE_MM: Range = mm(20.0, 80.0);
/// `hairline.recession_radius_mm`.
pub(crate) const RECESSION_RADIUS_MM: Range = mm(2.0, 25.0);
/// How many control points `hairline.points_mm` may have: three make a curve; a traced line
/// rarely needs more than a few dozen.
pub(crate) const MIN_HAIRLINE_POINTS: usize = crate::field::MIN_DESIGN_POINTS;
pub(crate) const MAX_HAIRLINE_POINTS: usize = 200;
/// `hairline.macro_irregularity_mm`.
pub(crate) const MACRO_IRREGULARITY_MM: Range = mm(0.0, 6.0);
/// `hairline.micro_irregularity_mm`.
pub(crate) const MICRO_IRREGULARITY_MM: Range = mm(0.0, 2.0);
/// `hairline.asymmetry_mm`.
pub(crate) const ASYMMETRY_MM: Range = mm(0.0, 10.0);

/// `sessions[i].cumulative_percent`.
pub(crate) const CUMULATIVE_PERCENT: Range = Range { min: 1.0, max: 100.0, unit: "%" };
/// `sessions[i].dilution`, the `N` of `N:1`.
pub(crate) const DILUTION: Range = Range { min: 6.0, max: 30.0, unit: ":1" };

/// `dot.healed_diameter_mm`.
pub(crate) const HEALED_DIAMETER_MM: Range = mm(0.05, 0.5);
/// `dot.diameter_jitter_fraction`.
pub(crate) const DIAMETER_JITTER_FRACTION: Range = plain(0.15, 0.5);
/// `dot.fresh_diameter_scale`.
pub(crate) const FRESH_DIAMETER_SCALE: Range = plain(1.05, 3.0);
/// `dot.dilution_scale`.
pub(crate) const DILUTION_SCALE: Range = plain(0.5, 2.0);

/// `density_per_cm2` of hairline, crown, scar and total zones.
pub(crate) const ZONE_DENSITY_PER_CM2: Range = dots(10.0, 120.0);
/// `density_per_cm2` of a diffuse zone: dots added between existing hair.
pub(crate) const DIFFUSE_DENSITY_PER_CM2: Range = dots(5.0, 80.0);
/// `native_hair_fraction` of every zone.
pub(crate) const NATIVE_HAIR_FRACTION: Range = plain(0.0, 1.0);
/// `feather_mm` of crown, diffuse and total zones.
pub(crate) const FEATHER_MM: Range = mm(0.0, 60.0);
/// `rotation_deg` of a crown or an ellipse.
pub(crate) const ROTATION_DEG: Range = Range { min: -90.0, max: 90.0, unit: "°" };

/// Hairline zone `front_band_mm`.
pub(crate) const FRONT_BAND_MM: Range = mm(2.0, 20.0);
/// Hairline zone `front_fraction`.
pub(crate) const FRONT_FRACTION: Range = plain(0.05, 0.8);
/// Hairline zone `region_depth_mm`.
pub(crate) const REGION_DEPTH_MM: Range = mm(10.0, 60.0);
/// Hairline zone `back_feather_mm`.
pub(crate) const BACK_FEATHER_MM: Range = mm(0.0, 40.0);
/// Hairline zone `sentinel_per_cm2`.
pub(crate) const SENTINEL_PER_CM2: Range = dots(0.0, 20.0);
/// Hairline zone `sentinel_depth_mm`.
pub(crate) const SENTINEL_DEPTH_MM: Range = mm(0.0, 10.0);
/// Hairline zone `temple_fraction`.
pub(crate) const TEMPLE_FRACTION: Range = plain(0.3, 1.0);
/// Hairline zone `temple_fade_mm`.
pub(crate) const TEMPLE_FADE_MM: Range = mm(5.0, 60.0);

/// Crown `across_mm`.
pub(crate) const CROWN_ACROSS_MM: Range = mm(50.0, 200.0);
/// Crown `length_mm`.
pub(crate) const CROWN_LENGTH_MM: Range = mm(50.0, 220.0);
/// Crown `whorl_dip_fraction`.
pub(crate) const WHORL_DIP_FRACTION: Range = plain(0.0, 0.8);
/// Crown `whorl_radius_mm`.
pub(crate) const WHORL_RADIUS_MM: Range = mm(2.0, 40.0);

/// Ellipse `semi_axes_mm`, each.
pub(crate) const SEMI_AXIS_MM: Range = mm(5.0, 250.0);
/// Mask `mm_per_px`.
pub(crate) const MM_PER_PX: Range = mm(0.05, 10.0);

/// Diffuse `noise_fraction`.
pub(crate) const NOISE_FRACTION: Range = plain(0.0, 0.3);
/// Diffuse `noise_wavelength_mm`.
pub(crate) const NOISE_WAVELENGTH_MM: Range = mm(3.0, 100.0);

/// Scar strip `width_mm`.
pub(crate) const STRIP_WIDTH_MM: Range = mm(0.5, 30.0);
/// FUE disc `diameter_mm`.
pub(crate) const FUE_DIAMETER_MM: Range = mm(0.3, 5.0);
/// Scar `margin_mm`.
pub(crate) const SCAR_MARGIN_MM: Range = mm(0.0, 15.0);

/// Total zone `front_offset_mm`.
pub(crate) const FRONT_OFFSET_MM: Range = mm(0.0, 40.0);
/// Total zone `front_ramp_mm`.
pub(crate) const FRONT_RAMP_MM: Range = mm(1.0, 40.0);
