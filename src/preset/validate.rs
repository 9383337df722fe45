//! Range and consistency checks on a parsed preset, each error naming the JSON path, the value and
//! the allowed range. Nothing downstream re-checks: a validated preset builds without panics.
//!
//! Over 400 lines on purpose: every check is a method of the one [`Checker`], which carries the
//! source text that locates errors; zone kinds share its range, point and region checks, so
//! splitting them apart would only move those helpers away from their callers.

use super::error::{Location, PresetError};
use super::locate::position_of;
use super::ranges::{
    self as r, MAX_DESCRIPTION_CHARS, MAX_MASK_PATH_CHARS, MIN_POLYGON_AREA_MM2, Range,
};
mod hairline;

use super::spec::{
    CrownSpec, DiffuseSpec, DotSpec, HairlineZoneSpec, PresetSpec, RegionSpec, ScarSpec, TotalSpec,
    ZoneSpec,
};

/// Most sessions a preset may plan. SMP is usually done in 2–4 sessions (most often 3), 7–30
/// days apart; six is the ceiling the validator allows.
pub const MAX_SESSIONS: usize = r::SESSIONS.1;

/// `text` cut to about `max_chars` characters, keeping its start and end (where serde puts
/// "expected …"), for quoting user text in errors; control characters (a key with `\n` in it)
/// are escaped so the error stays on one line.
pub(crate) fn shortened(text: &str, max_chars: usize) -> String {
    let mut clean = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            clean.extend(c.escape_default());
        } else {
            clean.push(c);
        }
    }
    let text = clean;
    let count = text.chars().count();
    if count <= max_chars {
        return text;
    }
    let head: String = text.chars().take(max_chars * 3 / 4).collect();
    let tail: String = text.chars().skip(count - max_chars / 4).collect();
    format!("{head}… ({count} characters) …{tail}")
}

/// Whether segments `a`–`b` and `c`–`d` cross or touch (collinear overlaps included).
fn segments_meet(a: [f64; 2], b: [f64; 2], c: [f64; 2], d: [f64; 2]) -> bool {
    let cross = |o: [f64; 2], p: [f64; 2], q: [f64; 2]| {
        (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])
    };
    let within = |o: [f64; 2], p: [f64; 2], q: [f64; 2]| {
        q[0] >= o[0].min(p[0])
            && q[0] <= o[0].max(p[0])
            && q[1] >= o[1].min(p[1])
            && q[1] <= o[1].max(p[1])
    };
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    (d1 == 0.0 && within(c, d, a))
        || (d2 == 0.0 && within(c, d, b))
        || (d3 == 0.0 && within(a, b, c))
        || (d4 == 0.0 && within(a, b, d))
}

/// Checks values against the documented ranges; knows the text only to point at lines.
pub(crate) struct Checker<'a> {
    text: &'a str,
    source_name: &'a str,
}

type Check = Result<(), PresetError>;

impl<'a> Checker<'a> {
    pub(crate) fn new(text: &'a str, source_name: &'a str) -> Self {
        Self { text, source_name }
    }

    /// The location of `path`, with line and column if the path is in the text.
    pub(crate) fn location(&self, path: &str) -> Box<Location> {
        let pos = position_of(self.text, path);
        Box::new(Location {
            source_name: self.source_name.to_string(),
            path: path.to_string(),
            line: pos.map(|p| p.0),
            column: pos.map(|p| p.1),
        })
    }

    fn range(&self, path: &str, value: f64, allowed: Range) -> Check {
        let Range { min: lo, max: hi, unit } = allowed;
        if value.is_finite() && (lo..=hi).contains(&value) {
            return Ok(());
        }
        let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
        Err(PresetError::OutOfRange {
            location: self.location(path),
            // `{}` would spell 1e308 out in 309 digits.
            value: if value.abs() >= 1e9 { format!("{value:e}") } else { format!("{value}") },
            allowed: format!("{lo}–{hi}{unit}"),
        })
    }

    fn inconsistent(&self, path: &str, message: String) -> PresetError {
        PresetError::Inconsistent { location: self.location(path), message }
    }

    fn point(&self, path: &str, p: [f64; 2]) -> Check {
        self.range(&format!("{path}[0]"), p[0], r::MAP_X)?;
        self.range(&format!("{path}[1]"), p[1], r::MAP_Y)
    }

    /// A polygon must enclose some area and not cross itself (the fields measure signed
    /// distances to its edges, which are meaningless for a crossing outline).
    fn polygon_shape(&self, path: &str, points: &[[f64; 2]]) -> Check {
        // A corner written twice in a row adds no edge.
        let mut points: Vec<[f64; 2]> = points.to_vec();
        points.dedup();
        while points.len() > 1 && points.first() == points.last() {
            points.pop();
        }
        let n = points.len();
        for i in 0..n {
            for j in i + 1..n {
                // Neighbouring edges share a corner, which is no crossing.
                let adjacent = j == i + 1 || (i == 0 && j == n - 1);
                let (a, b) = (points[i], points[(i + 1) % n]);
                let (c, d) = (points[j], points[(j + 1) % n]);
                if !adjacent && segments_meet(a, b, c, d) {
                    return Err(self.inconsistent(
                        path,
                        format!(
                            "edge {i}–{} crosses edge {j}–{}; the corners must go round the outline once without crossing",
                            (i + 1) % n,
                            (j + 1) % n
                        ),
                    ));
                }
            }
        }
        let twice_area: f64 = (0..n)
            .map(|i| {
                let (p, q) = (points[i], points[(i + 1) % n]);
                p[0] * q[1] - q[0] * p[1]
            })
            .sum();
        let area_mm2 = twice_area.abs() / 2.0;
        if area_mm2 < MIN_POLYGON_AREA_MM2 {
            return Err(self.inconsistent(
                path,
                format!("encloses {area_mm2} mm²; allowed at least {MIN_POLYGON_AREA_MM2} mm²"),
            ));
        }
        Ok(())
    }

    fn name(&self, path: &str, name: &str) -> Check {
        let (min, max) = r::NAME_CHARS;
        let count = name.chars().count();
        if name.trim().is_empty() || count < min || count > max {
            let name = shortened(name, 60);
            return Err(
                self.inconsistent(path, format!("name `{name}` must have {min}–{max} characters"))
            );
        }
        Ok(())
    }

    fn fraction(&self, path: &str, value: f64) -> Check {
        self.range(path, value, r::NATIVE_HAIR_FRACTION)
    }

    fn dot(&self, path: &str, d: &DotSpec) -> Check {
        self.range(
            &format!("{path}.healed_diameter_mm"),
            d.healed_diameter_mm,
            r::HEALED_DIAMETER_MM,
        )?;
        self.range(
            &format!("{path}.diameter_jitter_fraction"),
            d.diameter_jitter_fraction,
            r::DIAMETER_JITTER_FRACTION,
        )?;
        self.range(
            &format!("{path}.fresh_diameter_scale"),
            d.fresh_diameter_scale,
            r::FRESH_DIAMETER_SCALE,
        )?;
        self.range(&format!("{path}.dilution_scale"), d.dilution_scale, r::DILUTION_SCALE)
    }

    fn region(&self, path: &str, r: &RegionSpec, mask_allowed: bool) -> Check {
        match r {
            RegionSpec::Ellipse(e) => {
                let p = format!("{path}.ellipse");
                self.point(&format!("{p}.center_mm"), e.center_mm)?;
                self.range(&format!("{p}.semi_axes_mm[0]"), e.semi_axes_mm[0], r::SEMI_AXIS_MM)?;
                self.range(&format!("{p}.semi_axes_mm[1]"), e.semi_axes_mm[1], r::SEMI_AXIS_MM)?;
                self.range(&format!("{p}.rotation_deg"), e.rotation_deg, r::ROTATION_DEG)
            }
            RegionSpec::Polygon(poly) => {
                let p = format!("{path}.polygon.points_mm");
                if poly.points_mm.len() < r::MIN_POLYGON_POINTS {
                    return Err(self.inconsistent(
                        &p,
                        format!(
                            "{} points; a polygon needs at least {}",
                            poly.points_mm.len(),
                            r::MIN_POLYGON_POINTS
                        ),
                    ));
                }
                for (i, q) in poly.points_mm.iter().enumerate() {
                    self.point(&format!("{p}[{i}]"), *q)?;
                }
                self.polygon_shape(&p, &poly.points_mm)
            }
            RegionSpec::Mask(m) => {
                let p = format!("{path}.mask");
                if !mask_allowed {
                    return Err(self
                        .inconsistent(&p, "a mask image is allowed only in diffuse zones".into()));
                }
                if m.path.chars().count() > MAX_MASK_PATH_CHARS {
                    return Err(self.inconsistent(
                        &format!("{p}.path"),
                        format!(
                            "`{}` is too long: allowed up to {MAX_MASK_PATH_CHARS} characters",
                            shortened(&m.path, 60)
                        ),
                    ));
                }
                if m.path.trim().is_empty() {
                    return Err(
                        self.inconsistent(&format!("{p}.path"), "the mask path is empty".into())
                    );
                }
                self.range(&format!("{p}.origin_mm[0]"), m.origin_mm[0], r::MAP_X)?;
                self.range(&format!("{p}.origin_mm[1]"), m.origin_mm[1], r::MASK_ORIGIN_Y)?;
                self.range(&format!("{p}.mm_per_px"), m.mm_per_px, r::MM_PER_PX)
            }
        }
    }

    fn hairline_zone(&self, p: &str, z: &HairlineZoneSpec) -> Check {
        self.name(&format!("{p}.name"), &z.name)?;
        self.range(&format!("{p}.density_per_cm2"), z.density_per_cm2, r::ZONE_DENSITY_PER_CM2)?;
        self.range(&format!("{p}.front_band_mm"), z.front_band_mm, r::FRONT_BAND_MM)?;
        self.range(&format!("{p}.front_fraction"), z.front_fraction, r::FRONT_FRACTION)?;
        self.range(&format!("{p}.region_depth_mm"), z.region_depth_mm, r::REGION_DEPTH_MM)?;
        self.range(&format!("{p}.back_feather_mm"), z.back_feather_mm, r::BACK_FEATHER_MM)?;
        self.range(&format!("{p}.sentinel_per_cm2"), z.sentinel_per_cm2, r::SENTINEL_PER_CM2)?;
        self.range(&format!("{p}.sentinel_depth_mm"), z.sentinel_depth_mm, r::SENTINEL_DEPTH_MM)?;
        self.range(&format!("{p}.temple_fraction"), z.temple_fraction, r::TEMPLE_FRACTION)?;
        self.range(&format!("{p}.temple_fade_mm"), z.temple_fade_mm, r::TEMPLE_FADE_MM)?;
        self.fraction(&format!("{p}.native_hair_fraction"), z.native_hair_fraction)?;
        if z.front_band_mm > z.region_depth_mm {
            return Err(self.inconsistent(
                &format!("{p}.front_band_mm"),
                format!(
                    "{} mm is deeper than region_depth_mm {}; the band must fit in the region",
                    z.front_band_mm, z.region_depth_mm
                ),
            ));
        }
        self.dot(&format!("{p}.dot"), &z.dot)
    }

    fn crown(&self, p: &str, z: &CrownSpec) -> Check {
        self.name(&format!("{p}.name"), &z.name)?;
        self.range(&format!("{p}.density_per_cm2"), z.density_per_cm2, r::ZONE_DENSITY_PER_CM2)?;
        self.point(&format!("{p}.whorl_mm"), z.whorl_mm)?;
        self.range(&format!("{p}.across_mm"), z.across_mm, r::CROWN_ACROSS_MM)?;
        self.range(&format!("{p}.length_mm"), z.length_mm, r::CROWN_LENGTH_MM)?;
        self.range(&format!("{p}.rotation_deg"), z.rotation_deg, r::ROTATION_DEG)?;
        self.range(&format!("{p}.feather_mm"), z.feather_mm, r::FEATHER_MM)?;
        self.range(
            &format!("{p}.whorl_dip_fraction"),
            z.whorl_dip_fraction,
            r::WHORL_DIP_FRACTION,
        )?;
        self.range(&format!("{p}.whorl_radius_mm"), z.whorl_radius_mm, r::WHORL_RADIUS_MM)?;
        if let Some(w) = z.second_whorl_mm {
            self.point(&format!("{p}.second_whorl_mm"), w)?;
        }
        self.fraction(&format!("{p}.native_hair_fraction"), z.native_hair_fraction)?;
        self.dot(&format!("{p}.dot"), &z.dot)
    }

    fn diffuse(&self, p: &str, z: &DiffuseSpec) -> Check {
        self.name(&format!("{p}.name"), &z.name)?;
        self.range(&format!("{p}.density_per_cm2"), z.density_per_cm2, r::DIFFUSE_DENSITY_PER_CM2)?;
        self.region(&format!("{p}.region"), &z.region, true)?;
        self.range(&format!("{p}.feather_mm"), z.feather_mm, r::FEATHER_MM)?;
        self.range(&format!("{p}.noise_fraction"), z.noise_fraction, r::NOISE_FRACTION)?;
        self.range(
            &format!("{p}.noise_wavelength_mm"),
            z.noise_wavelength_mm,
            r::NOISE_WAVELENGTH_MM,
        )?;
        self.fraction(&format!("{p}.native_hair_fraction"), z.native_hair_fraction)?;
        self.dot(&format!("{p}.dot"), &z.dot)
    }

    fn scar(&self, p: &str, z: &ScarSpec) -> Check {
        self.name(&format!("{p}.name"), &z.name)?;
        self.range(&format!("{p}.density_per_cm2"), z.density_per_cm2, r::ZONE_DENSITY_PER_CM2)?;
        if z.strip.is_none() && z.fue_discs.is_empty() {
            return Err(self.inconsistent(
                p,
                "a scar zone needs a `strip` or at least one of `fue_discs`".into(),
            ));
        }
        if let Some(s) = &z.strip {
            let sp = format!("{p}.strip");
            if s.points_mm.len() < r::MIN_STRIP_POINTS {
                return Err(self.inconsistent(
                    &format!("{sp}.points_mm"),
                    format!("a strip needs at least {} points", r::MIN_STRIP_POINTS),
                ));
            }
            for (i, q) in s.points_mm.iter().enumerate() {
                self.point(&format!("{sp}.points_mm[{i}]"), *q)?;
            }
            self.range(&format!("{sp}.width_mm"), s.width_mm, r::STRIP_WIDTH_MM)?;
        }
        for (i, d) in z.fue_discs.iter().enumerate() {
            self.point(&format!("{p}.fue_discs[{i}].center_mm"), d.center_mm)?;
            self.range(
                &format!("{p}.fue_discs[{i}].diameter_mm"),
                d.diameter_mm,
                r::FUE_DIAMETER_MM,
            )?;
        }
        self.range(&format!("{p}.margin_mm"), z.margin_mm, r::SCAR_MARGIN_MM)?;
        self.fraction(&format!("{p}.native_hair_fraction"), z.native_hair_fraction)?;
        self.dot(&format!("{p}.dot"), &z.dot)
    }

    fn total(&self, p: &str, z: &TotalSpec) -> Check {
        self.name(&format!("{p}.name"), &z.name)?;
        self.range(&format!("{p}.density_per_cm2"), z.density_per_cm2, r::ZONE_DENSITY_PER_CM2)?;
        self.region(&format!("{p}.region"), &z.region, false)?;
        self.range(&format!("{p}.feather_mm"), z.feather_mm, r::FEATHER_MM)?;
        self.range(&format!("{p}.front_offset_mm"), z.front_offset_mm, r::FRONT_OFFSET_MM)?;
        self.range(&format!("{p}.front_ramp_mm"), z.front_ramp_mm, r::FRONT_RAMP_MM)?;
        self.fraction(&format!("{p}.native_hair_fraction"), z.native_hair_fraction)?;
        self.dot(&format!("{p}.dot"), &z.dot)
    }
}

/// Checks every value of `spec` against its documented range.
pub(crate) fn validate(spec: &PresetSpec, c: &Checker<'_>) -> Check {
    c.name("name", &spec.name)?;
    if spec.description.trim().is_empty()
        || spec.description.contains('\n')
        || spec.description.chars().count() > MAX_DESCRIPTION_CHARS
    {
        return Err(c.inconsistent(
            "description",
            format!(
                "{} characters; must be one non-empty line of at most {MAX_DESCRIPTION_CHARS}",
                spec.description.chars().count()
            ),
        ));
    }
    c.range("native_hair_per_cm2", spec.native_hair_per_cm2, r::NATIVE_HAIR_PER_CM2)?;
    c.hairline(&spec.hairline)?;
    let (min, max) = r::SESSIONS;
    if spec.sessions.len() < min || spec.sessions.len() > max {
        return Err(c.inconsistent(
            "sessions",
            format!("{} sessions; allowed {min}–{max}", spec.sessions.len()),
        ));
    }
    let mut previous: Option<(f64, f64)> = None;
    for (i, s) in spec.sessions.iter().enumerate() {
        let p = format!("sessions[{i}]");
        c.range(&format!("{p}.cumulative_percent"), s.cumulative_percent, r::CUMULATIVE_PERCENT)?;
        c.range(&format!("{p}.dilution"), s.dilution, r::DILUTION)?;
        if let Some((cum, dil)) = previous {
            if s.cumulative_percent <= cum {
                return Err(c.inconsistent(
                    &format!("{p}.cumulative_percent"),
                    format!(
                        "{} must be larger than the previous session's {cum}",
                        s.cumulative_percent
                    ),
                ));
            }
            if s.dilution > dil {
                return Err(c.inconsistent(
                    &format!("{p}.dilution"),
                    format!("{}:1 is lighter than the previous session's {dil}:1; session 1 is the lightest", s.dilution),
                ));
            }
        }
        previous = Some((s.cumulative_percent, s.dilution));
    }
    let last = spec.sessions.len() - 1;
    if spec.sessions[last].cumulative_percent != 100.0 {
        return Err(c.inconsistent(
            &format!("sessions[{last}].cumulative_percent"),
            format!(
                "{} must be 100: the last session reaches the target",
                spec.sessions[last].cumulative_percent
            ),
        ));
    }
    let (min, max) = r::ZONES;
    if spec.zones.len() < min || spec.zones.len() > max {
        return Err(
            c.inconsistent("zones", format!("{} zones; allowed {min}–{max}", spec.zones.len()))
        );
    }
    for (i, z) in spec.zones.iter().enumerate() {
        match z {
            ZoneSpec::Hairline(h) => c.hairline_zone(&format!("zones[{i}].hairline"), h)?,
            ZoneSpec::Crown(cr) => c.crown(&format!("zones[{i}].crown"), cr)?,
            ZoneSpec::Diffuse(d) => c.diffuse(&format!("zones[{i}].diffuse"), d)?,
            ZoneSpec::Scar(s) => c.scar(&format!("zones[{i}].scar"), s)?,
            ZoneSpec::Total(t) => c.total(&format!("zones[{i}].total"), t)?,
        }
    }
    Ok(())
}
