//! The designed frontal hairline as a curve on the scalp map (Garg's construction plus seeded
//! irregularity), and the signed depth of any point behind it.
//!
//! The line is a graph `y = f(x)` from the client's right sideburn (−x) over the right temple peak
//! D, the right frontotemporal corner C, the mid-frontal point B on the midline, to the left side.
//! Map frame: mm, origin at the glabella, +y back over the vertex, +x to the client's left; lower y
//! is toward the face.

use super::noise::{ValueNoise, derive_seed};
use super::shape::segment_distance_mm;
use crate::geom::MapPoint;

/// Garg's construction of a hairline plus its irregularity, all in scalp-map mm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HairlineGeometry {
    /// Mid-frontal point B above the glabella along the midline, mm. Default 80 (Garg: 8 cm).
    pub height_mm: f32,
    /// Distance of the frontotemporal corners C from the midline, mm. Default 75.
    pub corner_x_mm: f32,
    /// How much further back than B the corners sit, mm (> 0: the centre is lower). Default 12.
    pub corner_rise_mm: f32,
    /// Temple peak D's distance from C toward the outer eye corner, mm. Default 50 (Garg: 5 cm).
    pub temple_peak_distance_mm: f32,
    /// Amplitude of the cm-scale waves (concavities) of the line, mm. Default 2.5.
    pub macro_irregularity_mm: f32,
    /// Amplitude of the mm-scale waves of the line, mm. Default 0.7.
    pub micro_irregularity_mm: f32,
    /// The client's left corner sits this much further back than the right one, mm. Default 1.5.
    pub asymmetry_mm: f32,
    /// Seed of the irregularity. Default 0.
    pub seed: u64,
}

impl Default for HairlineGeometry {
    fn default() -> Self {
        Self {
            height_mm: 80.0,
            corner_x_mm: 75.0,
            corner_rise_mm: 12.0,
            temple_peak_distance_mm: 50.0,
            macro_irregularity_mm: 2.5,
            micro_irregularity_mm: 0.7,
            asymmetry_mm: 1.5,
            seed: 0,
        }
    }
}

/// Direction from C to the temple peak D on the map: forward (−y) and outward, 30° off straight.
const TEMPLE_DIR: (f32, f32) = (0.5, -0.866);
/// x of the sideburn end of the curve (beyond the map's ±175 mm so the whole map has a side).
const SIDEBURN_X_MM: f32 = 185.0;
/// How far behind the temple peak the sideburn end sits, mm.
const SIDEBURN_BACK_MM: f32 = 100.0;
/// Spacing of the stored polyline along x, mm.
const STEP_MM: f32 = 2.0;
/// Wavelengths of the macro (cm) and micro (mm) waves, mm.
const MACRO_WAVELENGTH_MM: f32 = 28.0;
const MICRO_WAVELENGTH_MM: f32 = 3.5;

/// The hairline curve with precomputed points; cheap to query.
#[derive(Clone, Debug)]
pub struct HairlineCurve {
    geometry: HairlineGeometry,
    /// Points of the macro shape every `STEP_MM` in x from `-SIDEBURN_X_MM`.
    points: Vec<MapPoint>,
    micro: ValueNoise,
}

impl HairlineCurve {
    /// Builds the curve for `geometry`.
    pub fn new(geometry: HairlineGeometry) -> Self {
        let macro_noise = ValueNoise::new(derive_seed(geometry.seed, 1), MACRO_WAVELENGTH_MM);
        let micro = ValueNoise::new(derive_seed(geometry.seed, 2), MICRO_WAVELENGTH_MM);
        let n = (2.0 * SIDEBURN_X_MM / STEP_MM).round() as usize + 1;
        let points = (0..n)
            .map(|i| {
                let x = -SIDEBURN_X_MM + i as f32 * STEP_MM;
                let y = base_y_mm(&geometry, x)
                    + geometry.macro_irregularity_mm * macro_noise.fractal_1d(x);
                MapPoint::new(x, y)
            })
            .collect();
        Self { geometry, points, micro }
    }

    /// The geometry the curve was built from.
    pub fn geometry(&self) -> &HairlineGeometry {
        &self.geometry
    }

    /// Temple peak D's distance from the midline, mm (same on both sides).
    pub fn temple_peak_x_mm(&self) -> f32 {
        self.geometry.corner_x_mm + TEMPLE_DIR.0 * self.geometry.temple_peak_distance_mm
    }

    fn micro_mm(&self, x_mm: f32) -> f32 {
        self.geometry.micro_irregularity_mm * self.micro.at_1d(x_mm)
    }

    fn macro_y_mm(&self, x_mm: f32) -> f32 {
        let u = ((x_mm + SIDEBURN_X_MM) / STEP_MM).clamp(0.0, (self.points.len() - 1) as f32);
        let i = (u as usize).min(self.points.len() - 2);
        let t = u - i as f32;
        self.points[i].y_mm + (self.points[i + 1].y_mm - self.points[i].y_mm) * t
    }

    /// The line's y at `x_mm`, including the micro waves, mm.
    pub fn front_y_mm(&self, x_mm: f32) -> f32 {
        self.macro_y_mm(x_mm) + self.micro_mm(x_mm)
    }

    /// Signed depth of `p` behind the line, mm: positive behind (hair side), negative in front
    /// (forehead). Exact distance when `|depth| < cap_mm`; otherwise some value beyond `±cap_mm`.
    ///
    /// Along any line of constant x the depth grows with y, so profiles across the line are monotonic.
    pub fn depth_mm(&self, p: MapPoint, cap_mm: f32) -> f32 {
        let gap = p.y_mm - self.macro_y_mm(p.x_mm);
        let micro = self.micro_mm(p.x_mm);
        let reach = gap.abs();
        if reach >= cap_mm {
            return gap - micro;
        }
        let last = self.points.len() - 1;
        let lo = (((p.x_mm - reach + SIDEBURN_X_MM) / STEP_MM).floor().max(0.0) as usize).min(last);
        let hi = (((p.x_mm + reach + SIDEBURN_X_MM) / STEP_MM).ceil().max(0.0) as usize).min(last);
        let mut best = reach;
        for i in lo..hi {
            best = best.min(segment_distance_mm(p, self.points[i], self.points[i + 1]));
        }
        best.copysign(gap) - micro
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

/// The construction before noise: B on the midline, rising to the corners C, forward to the temple
/// peaks D, then back toward the sideburns.
fn base_y_mm(g: &HairlineGeometry, x_mm: f32) -> f32 {
    let side = x_mm.abs();
    // The client's left (+x) corner sits `asymmetry_mm` further back than the right one.
    let rise = g.corner_rise_mm + if x_mm >= 0.0 { 0.5 } else { -0.5 } * g.asymmetry_mm;
    let corner_y = g.height_mm + rise;
    let peak_x = g.corner_x_mm + TEMPLE_DIR.0 * g.temple_peak_distance_mm;
    let peak_y = corner_y + TEMPLE_DIR.1 * g.temple_peak_distance_mm;
    if side <= g.corner_x_mm {
        // A rounded U: flat in the middle, rising toward the corners.
        g.height_mm + rise * (side / g.corner_x_mm).powf(1.8)
    } else if side <= peak_x {
        let t = (side - g.corner_x_mm) / (peak_x - g.corner_x_mm);
        corner_y + (peak_y - corner_y) * t * t * (3.0 - 2.0 * t)
    } else {
        let t = ((side - peak_x) / (SIDEBURN_X_MM - peak_x)).min(1.0);
        peak_y + SIDEBURN_BACK_MM * t * t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_sit_behind_the_centre_and_peaks_in_front() {
        let g = HairlineGeometry {
            macro_irregularity_mm: 0.0,
            micro_irregularity_mm: 0.0,
            ..Default::default()
        };
        let c = HairlineCurve::new(g);
        let centre = c.front_y_mm(0.0);
        assert!((centre - 80.0).abs() < 0.01);
        for x in [-75.0, 75.0] {
            assert!(c.front_y_mm(x) > centre + 5.0, "corner at {x} must be behind the centre");
        }
        let peak = c.temple_peak_x_mm();
        assert!(c.front_y_mm(peak) < c.front_y_mm(75.0) - 30.0);
    }

    #[test]
    fn depth_is_signed_distance_and_monotonic_in_y() {
        let c = HairlineCurve::new(HairlineGeometry::default());
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
}
