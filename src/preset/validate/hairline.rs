//! Checks of the preset's `hairline`: the construction's ranges and Garg's rules, whether its
//! rounded corners fit, and a designed line's control points.

use super::{Check, Checker};
use crate::field::{
    DesignError, DesignPoint, HairlineCurve, HairlineGeometry, MIN_VERTEX_DISTANCE_MM,
};
use crate::geom::MapPoint;
use crate::preset::error::PresetError;
use crate::preset::ranges as r;
use crate::preset::spec::HairlineSpec;

/// Bisection steps for the largest radius that fits: 2⁻¹² of the asked radius is far below what
/// a printed line shows.
const FIT_STEPS: usize = 12;

impl HairlineSpec {
    /// The control points as the field takes them; `None` for Garg's construction.
    pub(crate) fn design_points(&self) -> Option<Vec<DesignPoint>> {
        self.points_mm.as_ref().map(|points| {
            points
                .iter()
                .map(|p| {
                    let [x, y] = p.xy_mm();
                    DesignPoint { at: MapPoint::new(x as f32, y as f32), corner: p.is_corner() }
                })
                .collect()
        })
    }
}

/// The largest recession radius up to `geometry`'s that the construction holds, mm.
fn largest_fitting_radius_mm(geometry: HairlineGeometry) -> f32 {
    let (mut fits, mut too_big) = (0.0_f32, geometry.recession_radius_mm);
    for _ in 0..FIT_STEPS {
        let r = 0.5 * (fits + too_big);
        let g = HairlineGeometry { recession_radius_mm: r, ..geometry };
        if HairlineCurve::new(g).recession_fits() {
            fits = r;
        } else {
            too_big = r;
        }
    }
    fits
}

impl Checker<'_> {
    pub(super) fn hairline(&self, h: &HairlineSpec) -> Check {
        self.range("hairline.height_mm", h.height_mm, r::HAIRLINE_HEIGHT_MM)?;
        self.range("hairline.vertex_y_mm", h.vertex_y_mm, r::VERTEX_Y_MM)?;
        self.range("hairline.corner_distance_mm", h.corner_distance_mm, r::CORNER_DISTANCE_MM)?;
        self.range("hairline.corner_rise_mm", h.corner_rise_mm, r::CORNER_RISE_MM)?;
        let room = r::MIN_HAIRLINE_BELOW_VERTEX_MM;
        if h.vertex_y_mm - h.height_mm < room {
            return Err(self.inconsistent(
                "hairline.height_mm",
                format!(
                    "{} mm leaves less than {room} mm to the top of the head at vertex_y_mm {}; allowed up to {} mm",
                    h.height_mm,
                    h.vertex_y_mm,
                    h.vertex_y_mm - room
                ),
            ));
        }
        self.range(
            "hairline.temple_peak_distance_mm",
            h.temple_peak_distance_mm,
            r::TEMPLE_PEAK_DISTANCE_MM,
        )?;
        self.range("hairline.recession_radius_mm", h.recession_radius_mm, r::RECESSION_RADIUS_MM)?;
        self.range(
            "hairline.macro_irregularity_mm",
            h.macro_irregularity_mm,
            r::MACRO_IRREGULARITY_MM,
        )?;
        self.range(
            "hairline.micro_irregularity_mm",
            h.micro_irregularity_mm,
            r::MICRO_IRREGULARITY_MM,
        )?;
        self.range("hairline.asymmetry_mm", h.asymmetry_mm, r::ASYMMETRY_MM)?;
        self.point_ranges(h)?;
        // Garg: the corners never sit lower than the centre, whatever the waves do.
        let needed = 2.0 * h.macro_irregularity_mm + 0.5 * h.asymmetry_mm + 1.0;
        if h.corner_rise_mm < needed {
            return Err(self.inconsistent(
                "hairline.corner_rise_mm",
                format!(
                    "{} mm lets a corner fall below the centre with macro_irregularity_mm {} and asymmetry_mm {}; needs at least {needed} mm",
                    h.corner_rise_mm, h.macro_irregularity_mm, h.asymmetry_mm
                ),
            ));
        }
        match h.design_points() {
            Some(points) => {
                let geometry = h.geometry(0);
                match HairlineCurve::through_points(geometry, &points, h.symmetric) {
                    Ok(_) => Ok(()),
                    Err(e) => Err(self.design_error(h, e)),
                }
            }
            None => self.recession_fits(h),
        }
    }

    /// Every control point on the scalp map, before any check that compares points.
    fn point_ranges(&self, h: &HairlineSpec) -> Check {
        let count = h.points_mm.as_ref().map_or(0, Vec::len);
        if count > r::MAX_HAIRLINE_POINTS {
            return Err(self.inconsistent(
                "hairline.points_mm",
                format!("{count} points; allowed at most {}", r::MAX_HAIRLINE_POINTS),
            ));
        }
        for (i, p) in h.points_mm.iter().flatten().enumerate() {
            let [x_path, y_path] = p.coordinate_paths(&format!("hairline.points_mm[{i}]"));
            let [x, y] = p.xy_mm();
            self.range(&x_path, x, r::MAP_X)?;
            self.range(&y_path, y, r::MAP_Y)?;
        }
        Ok(())
    }

    /// Both rounded corners of each side must fit on the line from the corner to the temple peak.
    fn recession_fits(&self, h: &HairlineSpec) -> Check {
        let geometry = h.geometry(0);
        if HairlineCurve::new(geometry).recession_fits() {
            return Ok(());
        }
        let largest = largest_fitting_radius_mm(geometry);
        Err(self.inconsistent(
            "hairline.recession_radius_mm",
            format!(
                "{} mm does not fit this construction (the rounded corner must keep its apex on the frontotemporal point and leave room before the temple peak {} mm below it); allowed up to {:.1} mm here",
                h.recession_radius_mm,
                h.temple_peak_distance_mm,
                (largest * 10.0).floor() / 10.0
            ),
        ))
    }

    /// The error for a designed line the field refused, naming the point.
    pub(crate) fn design_error(&self, h: &HairlineSpec, e: DesignError) -> PresetError {
        let points = h.points_mm.as_deref().unwrap_or_default();
        let at = |i: usize| {
            let [x, y] = points.get(i).map_or([f64::NAN; 2], |p| p.xy_mm());
            (format!("hairline.points_mm[{i}]"), format!("[{x}, {y}]"))
        };
        match e {
            DesignError::TooFew { count } => self.inconsistent(
                "hairline.points_mm",
                format!(
                    "{count} points; a designed hairline needs at least {}",
                    r::MIN_HAIRLINE_POINTS
                ),
            ),
            DesignError::NotOrdered { index } => {
                let (path, p) = at(index);
                let (_, before) = at(index - 1);
                self.inconsistent(
                    &path,
                    format!(
                        "{p} does not continue the run after {before}: x must increase (or decrease) steadily from one temple to the other"
                    ),
                )
            }
            DesignError::NearVertex { index, distance_mm } => {
                let (path, p) = at(index);
                self.inconsistent(
                    &path,
                    format!(
                        "{p} is {distance_mm:.1} mm from the top of the head at [0, {}] (vertex_y_mm); allowed at least {MIN_VERTEX_DISTANCE_MM} mm",
                        h.vertex_y_mm
                    ),
                )
            }
            DesignError::BothSides { index } => {
                let (path, p) = at(index);
                self.inconsistent(
                    &path,
                    format!("{p} is on the other side of the midline from the first point; with symmetric true give one side only"),
                )
            }
            DesignError::DoublesBack { index } => {
                let (path, p) = at(index);
                let (_, next) = at(index + 1);
                self.inconsistent(
                    &path,
                    format!(
                        "the curve from {p} to {next} runs back across itself in x; space the points more evenly or flag a corner"
                    ),
                )
            }
        }
    }
}
