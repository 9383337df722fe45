//! The hairline zone: a soft front band ramping from sparse to full, a full region behind it,
//! fading temples, optional sentinel dots ahead of the line, and a feathered back edge.

use std::sync::Arc;

use super::DensityField;
use super::hairline_curve::HairlineCurve;
use super::noise::ValueNoise;
use crate::geom::{MapPoint, MapRect};
use crate::math::smoothstep;
use crate::seed::{derive_seed, stream};

/// Share of the sentinel reach where they sit at their full density before thinning out.
const SENTINEL_PLATEAU: f32 = 0.35;
/// Wavelength of the sentinels' reach along the line per mm of sentinel depth: long enough that
/// the reach changes by less than a quarter mm per mm, so their thinning never reverses.
const SENTINEL_WAVELENGTH_PER_DEPTH: f32 = 4.0;

/// How the front of the hairline reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HairlineStyle {
    /// A wide band that starts very sparse: the most natural, the default.
    Soft,
    /// Like soft, with irregular gaps along the line (a "broken" line, common in older clients).
    Broken,
    /// A narrower band that starts denser: a crisper, groomed edge; no sentinel dots.
    Defined,
}

/// Parameters of a hairline zone (scalp-map mm, dots/cm²).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HairlineZoneParams {
    /// Full target density behind the front band, dots/cm². Default 60.
    pub density_per_cm2: f32,
    /// Depth of the soft front band where density ramps up, mm. Default 8 (`Defined` halves it).
    pub front_band_mm: f32,
    /// Density at the very front as a fraction of full. Default 0.15 (`Defined` uses at least 0.4).
    pub front_fraction: f32,
    /// Depth of the whole hairline region behind the line, mm. Default 25.
    pub region_depth_mm: f32,
    /// Fade-out behind the region (where the next zone takes over), mm. Default 10.
    pub back_feather_mm: f32,
    /// Density of sentinel dots ahead of the line, dots/cm² (0 = none). Default 4.
    pub sentinel_per_cm2: f32,
    /// How far ahead of the line sentinel dots may sit, mm. Default 3.
    pub sentinel_depth_mm: f32,
    /// Density at the temple peaks as a fraction of full (Keene: 44 vs 51), in the front band;
    /// it eases back to full over the next `front_band_mm` behind it. Default 0.85.
    pub temple_fraction: f32,
    /// Lateral fade beyond the temple peaks, mm. Default 20.
    pub temple_fade_mm: f32,
    /// Front style. Default soft.
    pub style: HairlineStyle,
    /// Seed of the gaps and of how far the sentinels reach. Default 0.
    pub seed: u64,
}

/// The hairline zone as a density field.
#[derive(Clone, Debug)]
pub struct HairlineZone {
    curve: Arc<HairlineCurve>,
    p: HairlineZoneParams,
    band_mm: f32,
    front_fraction: f32,
    sentinel_per_cm2: f32,
    gap_strength: f32,
    gaps: ValueNoise,
    sentinel_reach: ValueNoise,
    corner_x_mm: f32,
    peak_x_mm: f32,
    cap_mm: f32,
    bounds: MapRect,
}

impl HairlineZone {
    /// The zone along `curve` with `params`.
    pub fn new(curve: Arc<HairlineCurve>, params: HairlineZoneParams) -> Self {
        let (band_mm, front_fraction, sentinel, gap_strength) = match params.style {
            HairlineStyle::Soft => {
                (params.front_band_mm, params.front_fraction, params.sentinel_per_cm2, 0.0)
            }
            HairlineStyle::Broken => {
                (params.front_band_mm, params.front_fraction, params.sentinel_per_cm2, 0.7)
            }
            HairlineStyle::Defined => {
                (0.5 * params.front_band_mm, params.front_fraction.max(0.4), 0.0, 0.0)
            }
        };
        let corner_x_mm = curve.corner_x_mm();
        let peak_x_mm = curve.temple_peak_x_mm();
        let half_width = peak_x_mm + params.temple_fade_mm;
        let cap_mm = params.region_depth_mm.max(band_mm) + params.back_feather_mm + 1.0;
        let line = curve.polyline_mm(half_width, 1.0);
        let ahead = params.sentinel_depth_mm + 1.0;
        let min_y = line.iter().map(|q| q.y_mm).fold(f32::INFINITY, f32::min) - ahead;
        let max_y = line.iter().map(|q| q.y_mm).fold(f32::NEG_INFINITY, f32::max) + cap_mm;
        let bounds = MapRect {
            min: MapPoint::new(-half_width, min_y),
            max: MapPoint::new(half_width, max_y),
        };
        Self {
            gaps: ValueNoise::new(derive_seed(params.seed, stream::HAIRLINE_GAPS), 9.0),
            sentinel_reach: ValueNoise::new(
                derive_seed(params.seed, stream::HAIRLINE_SENTINEL_REACH),
                (SENTINEL_WAVELENGTH_PER_DEPTH * params.sentinel_depth_mm).max(10.0),
            ),
            curve,
            p: params,
            band_mm,
            front_fraction,
            // Sentinels never outnumber the front of the line they stand ahead of.
            sentinel_per_cm2: sentinel.min(front_fraction * params.density_per_cm2),
            gap_strength,
            corner_x_mm,
            peak_x_mm,
            cap_mm,
            bounds,
        }
    }

    /// The curve the zone follows.
    pub fn curve(&self) -> &Arc<HairlineCurve> {
        &self.curve
    }

    /// Where the zone can be non-zero, mm.
    pub fn bounds(&self) -> MapRect {
        self.bounds
    }

    /// Full target density of the zone, dots/cm².
    pub fn target_per_cm2(&self) -> f32 {
        self.p.density_per_cm2
    }

    /// Depth of the (style-adjusted) soft front band, mm.
    pub fn front_band_mm(&self) -> f32 {
        self.band_mm
    }

    /// Depth of the whole region behind the line, mm.
    pub fn region_depth_mm(&self) -> f32 {
        self.p.region_depth_mm
    }

    /// Fade-out beyond the temple peaks along x: 1 up to the peaks, 0 `temple_fade_mm` beyond.
    fn side(&self, x_mm: f32) -> f32 {
        1.0 - smoothstep(self.peak_x_mm, self.peak_x_mm + self.p.temple_fade_mm, x_mm.abs())
    }

    /// The temples' lower density at depth `d_mm`: 1 between the corners, easing to
    /// `temple_fraction` at the temple peaks and beyond. It holds through the front band and
    /// eases back to 1 over the next band's depth, so the hairline is at full before a zone
    /// behind it (a total zone rising from 8 mm) can overtake it. Held deeper, the zone behind
    /// took over at a crease, the wedge of lower density the heatmap showed at each temple.
    /// Smoothsteps, not straight ramps, so neither the corners nor the peaks leave a crease.
    fn temple(&self, x_mm: f32, d_mm: f32) -> f32 {
        let toward_peak = smoothstep(self.corner_x_mm, self.peak_x_mm, x_mm.abs());
        if toward_peak <= 0.0 {
            return 1.0;
        }
        let relax = smoothstep(self.band_mm, 2.0 * self.band_mm, d_mm);
        1.0 - (1.0 - self.p.temple_fraction) * toward_peak * (1.0 - relax)
    }

    /// How much a dot at `p` belongs to the very front: 1 ahead of the line and at it, falling to 0
    /// at the back of the front band; dots there are drawn finer and lighter.
    pub fn front_factor(&self, p: MapPoint) -> f32 {
        if !self.bounds.contains(p) {
            return 0.0;
        }
        let d = self.curve.depth_mm(p, self.cap_mm);
        1.0 - (d / self.band_mm).clamp(0.0, 1.0)
    }

    /// How much a broken line's gap thins the front at `x_mm`, 0–`gap_strength`. It depends only
    /// on x, so the profile across the band stays monotonic.
    fn gap(&self, x_mm: f32) -> f32 {
        if self.gap_strength <= 0.0 {
            return 0.0;
        }
        self.gap_strength * (0.5 + 0.5 * self.gaps.at_1d(x_mm)).powi(2)
    }

    /// Density profile across the line at depth `d_mm` before the temple fades, dots/cm².
    fn profile(&self, p: MapPoint, d_mm: f32) -> f32 {
        let full = self.p.density_per_cm2;
        if d_mm < 0.0 {
            let depth = self.p.sentinel_depth_mm;
            if d_mm <= -depth || self.sentinel_per_cm2 <= 0.0 {
                return 0.0;
            }
            // Sentinels thin out toward the forehead, and how far ahead they reach (a fifth of
            // the depth to all of it) wanders slowly along the line: small groups and gaps, not a
            // dotted row. Varying their density instead left detached islands and holes.
            let reach = depth * (0.6 + 0.4 * self.sentinel_reach.at(p));
            let fade = smoothstep(SENTINEL_PLATEAU * reach, reach, -d_mm);
            // Ahead of a gap they thin with it, or they would outnumber the line behind them.
            return self.sentinel_per_cm2 * (1.0 - self.gap(p.x_mm)) * (1.0 - fade);
        }
        if d_mm < self.band_mm {
            let s = smoothstep(0.0, self.band_mm, d_mm);
            let ramp = self.front_fraction + (1.0 - self.front_fraction) * s;
            return full * ramp * (1.0 - self.gap(p.x_mm) * (1.0 - s));
        }
        let back = self.p.region_depth_mm;
        full * (1.0 - smoothstep(back, back + self.p.back_feather_mm, d_mm))
    }
}

impl DensityField for HairlineZone {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        if !self.bounds.contains(p) {
            return 0.0;
        }
        let side = self.side(p.x_mm);
        if side <= 0.0 {
            return 0.0;
        }
        let d = self.curve.depth_mm(p, self.cap_mm);
        side * self.temple(p.x_mm, d) * self.profile(p, d)
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.p.density_per_cm2.max(self.sentinel_per_cm2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::preset::{HairlineSpec, HairlineZoneSpec};

    fn zone(seed: u64) -> HairlineZone {
        let curve = Arc::new(HairlineCurve::new(HairlineSpec::default().geometry(seed)));
        HairlineZone::new(curve, HairlineZoneSpec::default().params(seed))
    }

    #[test]
    fn sentinels_thin_out_toward_the_forehead_and_stay_below_the_front() {
        let z = zone(5);
        let (full, depth) = (z.p.density_per_cm2, z.p.sentinel_depth_mm);
        let mut reaches = Vec::new();
        // Straight toward the forehead (-y) across the flat middle of the line.
        for i in 0..400 {
            let x = -40.0 + 0.2 * i as f32;
            // Starting on the line, where the band begins at its front fraction.
            let mut prev = z.front_fraction * full + 0.1;
            let mut reach = 0.0f32;
            for k in 1..=50 {
                let p = MapPoint::new(x, z.curve.front_y_mm(x) - 0.1 * k as f32);
                let d = z.density_per_cm2(p);
                assert!(d <= prev + 1e-3, "rises ahead of the line at {p:?}: {prev} -> {d}");
                let ahead = -z.curve.depth_mm(p, 10.0);
                if ahead > 0.0 {
                    assert!(d <= z.sentinel_per_cm2 + 1e-3, "{d} ahead of the line at {p:?}");
                    if d > 0.0 {
                        reach = reach.max(ahead);
                    }
                }
                prev = d;
            }
            assert!(reach <= depth + 1e-3, "a sentinel beyond {depth} mm at x={x}");
            reaches.push(reach);
        }
        // The reach wanders along the line: gaps and deep stretches, not one even row.
        let (lo, hi) = reaches.iter().fold((f32::MAX, 0.0f32), |(l, h), &r| (l.min(r), h.max(r)));
        assert!(lo < 0.5 * depth && hi > 0.8 * depth, "reach only {lo}–{hi} mm");
    }

    #[test]
    fn the_temple_fade_holds_in_the_band_and_eases_back_to_full_behind_it() {
        let z = zone(1);
        let (band, fraction) = (z.band_mm, z.p.temple_fraction);
        let x = z.peak_x_mm;
        assert!((z.temple(x, 0.5 * band) - fraction).abs() < 1e-6);
        assert!((z.temple(x, 2.0 * band) - 1.0).abs() < 1e-6);
        assert_eq!(z.temple(0.5 * z.corner_x_mm, 0.0), 1.0);
        // Continuous along x and depth: no step anywhere between.
        for i in 0..200 {
            let d = 0.1 * band * i as f32 / 10.0;
            let step = (z.temple(x, d + 0.01) - z.temple(x, d)).abs();
            assert!(step < 1e-3, "temple factor jumps at depth {d}");
            let xi = z.corner_x_mm + (z.peak_x_mm - z.corner_x_mm) * i as f32 / 200.0;
            assert!((z.temple(xi + 0.05, 0.0) - z.temple(xi, 0.0)).abs() < 1e-3);
        }
    }
}
