//! The designed frontal hairline as a curve on the scalp map (Garg's construction with rounded
//! corners, or a curve through the practitioner's own control points, plus seeded irregularity
//! either way), and the signed depth of any point behind it.
//!
//! The head model wraps the map onto the head azimuthally about the top of the head, at map
//! `(0, vertex_y_mm)`: a point's distance from there is how far down the head it sits. So Garg's
//! rules about heights ("the corners never sit lower than the mid-frontal point") are rules about
//! distance from the vertex, and the construction is done in polar coordinates about it:
//! B on the midline at `height_mm`; the corners C `corner_distance_mm` around the head from B and
//! `corner_rise_mm` closer to the vertex; the temple peaks D `temple_peak_distance_mm` further down
//! from C; then back to the sideburns. On the map the line is still a graph `y = f(x)` from the
//! client's right sideburn (−x) to the left (+x); lower y is toward the face.

use super::graph_line::GraphLine;
use super::hairline_construction::{SIDEBURN_X_MM, garg_corner_and_peak, profile_at, side_shape};
use super::hairline_design::{DesignError, DesignPoint, designed_line};
use super::noise::ValueNoise;
use crate::geom::MapPoint;
use crate::seed::{derive_seed, stream};

/// Garg's construction of a hairline plus its irregularity, all in scalp-map mm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HairlineGeometry {
    /// Mid-frontal point B above the glabella along the midline, mm. Default 80 (Garg: 8 cm).
    pub height_mm: f32,
    /// Map y of the top of the head, the centre of the head model's wrap, mm. Default 175 (the
    /// default head's arc from the glabella to its top).
    pub vertex_y_mm: f32,
    /// Distance from B to each frontotemporal corner C around the head, mm. Default 80 (Garg).
    pub corner_distance_mm: f32,
    /// How much higher on the head (closer to the vertex) the corners sit than B, mm (> 0: the
    /// centre is lower). Default 14.
    pub corner_rise_mm: f32,
    /// Temple peak D's distance below C toward the outer eye corner, mm. Default 50 (Garg: 5 cm).
    pub temple_peak_distance_mm: f32,
    /// Radius of the arcs that round the recession's apex C and the temple peak D, mm. Default
    /// 10: the recession reads as a rounded U about 2 cm across, not a V-notch.
    pub recession_radius_mm: f32,
    /// Amplitude of the cm-scale waves (concavities) of the line, mm. Default 2.5.
    pub macro_irregularity_mm: f32,
    /// Amplitude of the mm-scale waves of the line, mm. Default 0.7.
    pub micro_irregularity_mm: f32,
    /// Left–right difference, mm: the client's left corner sits this much higher and twice this
    /// much further round the head than the right one. Default 1.5.
    pub asymmetry_mm: f32,
    /// Seed of the irregularity. Default 0.
    pub seed: u64,
}

/// Spacing of the stored polyline along x, mm.
const STEP_MM: f32 = 2.0;
/// Wavelengths of the macro (cm) and micro (mm) waves, mm.
const MACRO_WAVELENGTH_MM: f32 = 28.0;
const MICRO_WAVELENGTH_MM: f32 = 3.5;

/// The hairline curve with precomputed points; cheap to query.
#[derive(Clone, Debug)]
pub struct HairlineCurve {
    geometry: HairlineGeometry,
    /// The macro shape through points every `STEP_MM` in x from `-SIDEBURN_X_MM`.
    line: GraphLine,
    micro: ValueNoise,
    corner_x_mm: f32,
    peak_x_mm: f32,
    /// Radius the construction's corners were rounded with (0 for a designed line), mm.
    rounded_mm: f32,
    /// The construction's rounded recession apices, client's right then left; none for a
    /// designed line.
    apices_mm: Option<[MapPoint; 2]>,
    /// Whether both rounded corners held the geometry's radius with their apices on Garg's C.
    recession_fits: bool,
}

/// x of the stored polyline's points, from the client's right sideburn to the left one.
fn grid_xs() -> Vec<f32> {
    let n = (2.0 * SIDEBURN_X_MM / STEP_MM).round() as usize;
    (0..=n).map(|i| -SIDEBURN_X_MM + i as f32 * STEP_MM).collect()
}

impl HairlineCurve {
    /// Builds the curve of Garg's construction for `geometry`.
    pub fn new(geometry: HairlineGeometry) -> Self {
        // No mirror symmetry: the client's left (+x) corner sits `asymmetry_mm` higher and
        // `2 × asymmetry_mm` further round the head than the right one.
        let (rise, dist, a) =
            (geometry.corner_rise_mm, geometry.corner_distance_mm, geometry.asymmetry_mm);
        let left = side_shape(&geometry, rise + 0.5 * a, dist + a);
        let right = side_shape(&geometry, rise - 0.5 * a, dist - a);
        let xs = grid_xs();
        let half: Vec<f32> = xs.iter().filter(|x| **x >= 0.0).copied().collect();
        let (left_y, right_y) = (profile_at(&left.points, &half), profile_at(&right.points, &half));
        let n_half = half.len() - 1;
        let base: Vec<f32> = (0..xs.len())
            .map(|i| if i >= n_half { left_y[i - n_half] } else { right_y[n_half - i] })
            .collect();
        let (corner, peak) = garg_corner_and_peak(&geometry, rise, dist);
        let mut curve = Self::from_base(geometry, &xs, &base, corner.x_mm, peak.x_mm);
        curve.rounded_mm = left.radius_mm.min(right.radius_mm);
        curve.recession_fits =
            left.settled && right.settled && curve.rounded_mm >= geometry.recession_radius_mm;
        let right_apex = MapPoint::new(-right.apex.x_mm, right.apex.y_mm);
        curve.apices_mm = Some([right_apex, left.apex]);
        curve
    }

    /// Builds the curve through a practitioner's control `points` (see [`DesignPoint`]); the
    /// construction's keys of `geometry` are unused, its irregularity and seed apply on top.
    /// With `symmetric`, the points give one side, mirrored to the other, then
    /// `geometry.asymmetry_mm` applies as in the construction.
    pub fn through_points(
        geometry: HairlineGeometry,
        points: &[DesignPoint],
        symmetric: bool,
    ) -> Result<Self, DesignError> {
        let reach = SIDEBURN_X_MM + 4.0;
        let line =
            designed_line(points, symmetric, geometry.vertex_y_mm, geometry.asymmetry_mm, reach)?;
        let xs = grid_xs();
        let base = profile_at(&line.points, &xs);
        // The temple fade runs from the recession's apex to the run's end; keep them apart.
        let corner_x = line.apex_x_mm.min(0.9 * line.end_x_mm);
        Ok(Self::from_base(geometry, &xs, &base, corner_x, line.end_x_mm))
    }

    /// The curve with macro shape `base` (y at each of `xs`) plus the geometry's waves.
    fn from_base(
        geometry: HairlineGeometry,
        xs: &[f32],
        base: &[f32],
        corner_x_mm: f32,
        peak_x_mm: f32,
    ) -> Self {
        let macro_noise = ValueNoise::new(
            derive_seed(geometry.seed, stream::HAIRLINE_MACRO_WAVES),
            MACRO_WAVELENGTH_MM,
        );
        let micro = ValueNoise::new(
            derive_seed(geometry.seed, stream::HAIRLINE_MICRO_WAVES),
            MICRO_WAVELENGTH_MM,
        );
        let points = xs
            .iter()
            .zip(base)
            .map(|(&x, &y)| {
                MapPoint::new(x, y + geometry.macro_irregularity_mm * macro_noise.fractal_1d(x))
            })
            .collect();
        let line = GraphLine::new(points, -SIDEBURN_X_MM, STEP_MM);
        Self {
            geometry,
            line,
            micro,
            corner_x_mm,
            peak_x_mm,
            rounded_mm: 0.0,
            apices_mm: None,
            recession_fits: true,
        }
    }

    /// The geometry the curve was built from.
    pub fn geometry(&self) -> &HairlineGeometry {
        &self.geometry
    }

    /// The radius the construction's corners were actually rounded with, mm: the geometry's
    /// `recession_radius_mm` unless the corner between C and D was too short to hold it; 0 for
    /// a designed line.
    pub fn rounded_radius_mm(&self) -> f32 {
        self.rounded_mm
    }

    /// Whether the construction's corners hold `recession_radius_mm` with the rounded apex on
    /// Garg's corner (a radius too large for a short or steep recession does not); always true
    /// for a designed line.
    pub fn recession_fits(&self) -> bool {
        self.recession_fits
    }

    /// The construction's rounded recession apices before the waves (each the point of its
    /// rounded corner closest to the vertex), client's right then left; `None` for a designed
    /// line. They sit on Garg's corners C, with the asymmetry.
    pub fn recession_apices_mm(&self) -> Option<[MapPoint; 2]> {
        self.apices_mm
    }

    /// The frontotemporal corners' distance from the midline on the map, mm (before asymmetry);
    /// for a designed line, the |x| of its point closest to the vertex.
    pub fn corner_x_mm(&self) -> f32 {
        self.corner_x_mm
    }

    /// The temple peaks' distance from the midline on the map, mm (before asymmetry); for a
    /// designed line, the larger |x| of its run's two ends.
    pub fn temple_peak_x_mm(&self) -> f32 {
        self.peak_x_mm
    }

    /// Distance of a map point from the top of the head the map is wrapped about, mm: larger is
    /// lower on the head.
    pub fn distance_from_vertex_mm(&self, p: MapPoint) -> f32 {
        p.distance_mm(MapPoint::new(0.0, self.geometry.vertex_y_mm))
    }

    fn micro_mm(&self, x_mm: f32) -> f32 {
        self.geometry.micro_irregularity_mm * self.micro.at_1d(x_mm)
    }

    fn macro_y_mm(&self, x_mm: f32) -> f32 {
        self.line.y_at(x_mm).1
    }

    /// The line's y at `x_mm`, including the micro waves, mm.
    pub fn front_y_mm(&self, x_mm: f32) -> f32 {
        self.macro_y_mm(x_mm) + self.micro_mm(x_mm)
    }

    /// Signed depth of `p` behind the line, mm: positive behind (hair side), negative in front
    /// (forehead). Exact (the distance from the line, less its micro waves) wherever that distance
    /// is below `cap_mm`, steep temples included; elsewhere some value beyond `±cap_mm`.
    ///
    /// Along any line of constant x the depth grows with y, so profiles across the line are monotonic.
    pub fn depth_mm(&self, p: MapPoint, cap_mm: f32) -> f32 {
        let (gap, distance) = self.line.gap_and_distance_mm(p, cap_mm);
        match distance {
            Some(d) => d.copysign(gap) - self.micro_mm(p.x_mm),
            // Beyond the cap, where |gap| ≥ distance ≥ cap_mm: pushed out by the largest micro
            // wave, so depth still grows with y, without evaluating the wave.
            None => gap + self.geometry.micro_irregularity_mm.abs().copysign(gap),
        }
    }

    /// The line as points every `step_mm` in x over `[-half_width_mm, half_width_mm]`, increasing x
    /// (from the client's right to the client's left), micro waves included.
    pub fn polyline_mm(&self, half_width_mm: f32, step_mm: f32) -> Vec<MapPoint> {
        let n = (2.0 * half_width_mm / step_mm).ceil() as usize;
        (0..=n)
            .map(|i| {
                let x = (-half_width_mm + i as f32 * step_mm).min(half_width_mm);
                MapPoint::new(x, self.front_y_mm(x))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_sit_behind_the_centre_and_peaks_in_front() {
        // A small radius keeps the temple peak near Garg's sharp D, so its 5 cm can be read off.
        let g = HairlineGeometry {
            macro_irregularity_mm: 0.0,
            micro_irregularity_mm: 0.0,
            recession_radius_mm: 2.0,
            ..crate::preset::HairlineSpec::default().geometry(0)
        };
        let c = HairlineCurve::new(g);
        let centre = c.front_y_mm(0.0);
        assert!((centre - 80.0).abs() < 0.01);
        let b = MapPoint::new(0.0, centre);
        for x in [-c.corner_x_mm(), c.corner_x_mm()] {
            let corner = MapPoint::new(x, c.front_y_mm(x));
            let higher = c.distance_from_vertex_mm(b) - c.distance_from_vertex_mm(corner);
            assert!(higher > 5.0, "corner at {x} must sit higher on the head than B ({higher} mm)");
            assert!(corner.y_mm > centre + 20.0, "on the map the corners lie well behind B");
        }
        let peak = MapPoint::new(c.temple_peak_x_mm(), c.front_y_mm(c.temple_peak_x_mm()));
        let corner = MapPoint::new(c.corner_x_mm(), c.front_y_mm(c.corner_x_mm()));
        let drop = c.distance_from_vertex_mm(peak) - c.distance_from_vertex_mm(corner);
        assert!((drop - 50.0).abs() < 3.0, "temple peak 5 cm below the corner: {drop}");
    }

    #[test]
    fn depth_is_signed_distance_and_monotonic_in_y() {
        let c = HairlineCurve::new(crate::preset::HairlineSpec::default().geometry(0));
        let y0 = c.front_y_mm(10.0);
        assert!(c.depth_mm(MapPoint::new(10.0, y0 + 5.0), 50.0) > 3.0);
        assert!(c.depth_mm(MapPoint::new(10.0, y0 - 5.0), 50.0) < -3.0);
        for x in [-120.0, -60.0, 0.0, 33.0, 90.0] {
            let mut prev = f32::NEG_INFINITY;
            for i in 0..200 {
                let d = c.depth_mm(MapPoint::new(x, 20.0 + i as f32 * 0.5), 40.0);
                assert!(d >= prev - 1e-4, "depth must grow with y at x={x}");
                prev = d;
            }
        }
    }

    #[test]
    fn depth_is_exact_within_the_cap_even_where_the_line_is_steep() {
        use crate::field::shape::segment_distance_sq_mm2;
        // The temple recession runs nearly along y, where a point can lie far above or below the
        // line at its own x yet close to it sideways; a shortcut on the vertical gap alone cut the
        // fields behind the temples off in a step.
        let c = HairlineCurve::new(crate::preset::HairlineSpec::default().geometry(3));
        let brute = |p: MapPoint| {
            c.line
                .points()
                .windows(2)
                .map(|w| segment_distance_sq_mm2(p, w[0], w[1]))
                .fold(f32::INFINITY, f32::min)
                .sqrt()
        };
        let mut checked = 0;
        for cap in [7.0f32, 19.0, 36.0] {
            for j in 0..160 {
                for i in 0..170 {
                    let p = MapPoint::new(-170.0 + 2.0 * i as f32 + 0.3, 40.0 + j as f32 + 0.7);
                    let exact = brute(p);
                    // Undo the micro waves: what is left is the signed distance from the points.
                    let distance = (c.depth_mm(p, cap) + c.micro_mm(p.x_mm)).abs();
                    if exact < cap - 1e-3 {
                        assert!((distance - exact).abs() < 1e-3, "at {p:?}: {distance} vs {exact}");
                        checked += 1;
                    } else {
                        assert!(distance >= cap - 1e-3, "at {p:?}: {distance} within cap {cap}");
                    }
                }
            }
        }
        assert!(checked > 10_000);
    }
}
