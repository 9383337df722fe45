//! Blue-noise quality of a uniform set: normalised radius, radially averaged power spectrum and
//! its anisotropy, from a plain DFT of the points at the frequencies that fit the domain.

use crate::support::Buckets;
use smpsim::engine::{SampleOptions, UniformSpacing, sample_spacing};
use smpsim::{MapPoint, MapRect};

const SIDE_MM: f32 = 64.0;
const R_MM: f32 = 0.8;

fn dots() -> Vec<MapPoint> {
    let domain = MapRect::from_size_mm(SIDE_MM, SIDE_MM);
    let field = UniformSpacing { spacing_mm: R_MM };
    sample_spacing(domain, &field, &[], &SampleOptions { seed: 11, ..Default::default() }).unwrap()
}

/// Periodogram `|Σ exp(−2πi k·x)|² / N` at `k = (m, n) / SIDE` for `n ≥ 0` (the other half is
/// its mirror) and `|k| ≤ k_max` cycles/mm; integer multiples of 1/SIDE keep the square
/// window's own transform at zero, so the domain's edges do not leak into the spectrum.
fn periodogram(points: &[MapPoint], k_max: f64) -> Vec<(f64, f64, f64)> {
    let side = f64::from(SIDE_MM);
    let m_max = (k_max * side).ceil() as i64;
    let width = (2 * m_max + 1) as usize;
    let mut re = vec![0.0; width * (m_max as usize + 1)];
    let mut im = vec![0.0; width * (m_max as usize + 1)];
    let (mut px_re, mut px_im) = (vec![0.0; width], vec![0.0; width]);
    for p in points {
        let ax = -2.0 * std::f64::consts::PI * f64::from(p.x_mm) / side;
        let ay = -2.0 * std::f64::consts::PI * f64::from(p.y_mm) / side;
        for (i, m) in (-m_max..=m_max).enumerate() {
            (px_im[i], px_re[i]) = (ax * m as f64).sin_cos();
        }
        for n in 0..=m_max as usize {
            let (s, c) = (ay * n as f64).sin_cos();
            let row = n * width;
            for i in 0..width {
                re[row + i] += px_re[i] * c - px_im[i] * s;
                im[row + i] += px_re[i] * s + px_im[i] * c;
            }
        }
    }
    let n_pts = points.len() as f64;
    let mut out = Vec::new();
    for n in 0..=m_max {
        for m in -m_max..=m_max {
            let (kx, ky) = (m as f64 / side, n as f64 / side);
            let k = kx.hypot(ky);
            if k == 0.0 || k > k_max || (n == 0 && m < 0) {
                continue;
            }
            let idx = n as usize * width + (m + m_max) as usize;
            out.push((kx, ky, (re[idx] * re[idx] + im[idx] * im[idx]) / n_pts));
        }
    }
    out
}

#[test]
fn normalised_radius_is_that_of_a_maximal_poisson_disc_set() {
    let pts = dots();
    let with_r: Vec<(MapPoint, f64)> = pts.iter().map(|&p| (p, 0.0)).collect();
    let buckets = Buckets::new(&with_r, f64::from(R_MM));
    let mut d_min = f64::INFINITY;
    for p in &pts {
        let (x, y) = (f64::from(p.x_mm), f64::from(p.y_mm));
        buckets.near(x, y, 2.0 * f64::from(R_MM), |qx, qy, _| {
            let d = (qx - x).hypot(qy - y);
            if d > 0.0 {
                d_min = d_min.min(d);
            }
        });
    }
    let density = pts.len() as f64 / f64::from(SIDE_MM * SIDE_MM);
    let rho = d_min / (2.0 / (3.0_f64.sqrt() * density)).sqrt();
    eprintln!("N = {}, d_min = {d_min:.4} mm, rho = {rho:.4}", pts.len());
    assert!(rho >= 0.75, "rho {rho}");
}

#[test]
fn spectrum_is_blue_and_isotropic() {
    let pts = dots();
    // In units of 1/r: the blue-noise ring of a maximal set sits near k·r ≈ 1.
    let r = f64::from(R_MM);
    let spectrum = periodogram(&pts, 1.6 / r);
    let bins = 32;
    let (mut sum, mut count) = (vec![0.0; bins], vec![0usize; bins]);
    for &(kx, ky, p) in &spectrum {
        let b = ((kx.hypot(ky) * r / 1.6) * bins as f64) as usize;
        if b < bins {
            sum[b] += p;
            count[b] += 1;
        }
    }
    let radial: Vec<f64> = sum.iter().zip(&count).map(|(s, &c)| s / c.max(1) as f64).collect();
    let k_of = |b: usize| (b as f64 + 0.5) * 1.6 / bins as f64;
    let (peak_bin, peak) =
        radial.iter().copied().enumerate().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    let low_max = (1..bins).filter(|&b| k_of(b) < 0.6).map(|b| radial[b]).fold(0.0, f64::max);
    let low_mean = {
        let low: Vec<f64> = (0..bins).filter(|&b| k_of(b) < 0.5).map(|b| radial[b]).collect();
        low.iter().sum::<f64>() / low.len() as f64
    };
    eprintln!("radial power (k·r, P):");
    for (b, p) in radial.iter().enumerate() {
        eprintln!("  {:.3} {p:.3}", k_of(b));
    }
    eprintln!(
        "ring peak {peak:.3} at k·r {:.3}; below k·r 0.6 max {low_max:.3}; below 0.5 mean \
         {low_mean:.3}",
        k_of(peak_bin)
    );
    // Blue noise: the first ring near k·r ≈ 1 is the highest peak, with little power below it.
    assert!((0.8..1.3).contains(&k_of(peak_bin)), "ring at k·r {}", k_of(peak_bin));
    assert!(peak > 1.3, "ring too weak: {peak}");
    assert!(low_max < 0.35 && low_mean < 0.15, "low-frequency power {low_max} / {low_mean}");

    // Anisotropy: power in the ring annulus binned by direction (0..π).
    let dirs = 12;
    let (mut dsum, mut dcount) = (vec![0.0; dirs], vec![0usize; dirs]);
    for &(kx, ky, p) in &spectrum {
        let kr = kx.hypot(ky) * r;
        if (0.75..1.25).contains(&kr) {
            let a = ky.atan2(kx).rem_euclid(std::f64::consts::PI);
            let d = ((a / std::f64::consts::PI) * dirs as f64) as usize % dirs;
            dsum[d] += p;
            dcount[d] += 1;
        }
    }
    let means: Vec<f64> = dsum.iter().zip(&dcount).map(|(s, &c)| s / c as f64).collect();
    let avg = means.iter().sum::<f64>() / dirs as f64;
    let spread = (means.iter().map(|m| (m - avg).powi(2)).sum::<f64>() / dirs as f64).sqrt() / avg;
    let worst = means.iter().map(|m| (m / avg - 1.0).abs()).fold(0.0, f64::max);
    eprintln!("ring power by direction {means:.3?}; relative spread {spread:.4}, worst {worst:.4}");
    assert!(spread < 0.08 && worst < 0.15, "anisotropy: spread {spread}, worst {worst}");
}
