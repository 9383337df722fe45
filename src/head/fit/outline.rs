//! The head's outline: an ellipse fitted to the head region by its second moments, trimmed
//! round by round to the region near the ellipse so a neck or shoulder does not drag it.

use crate::head::ImageEllipse;

/// The ellipse with the same first and second moments as the pixels `(x, y)` (pixel centres at
/// `+0.5`) for which `inside` holds; `None` for fewer than 20 pixels.
pub(crate) fn moment_ellipse(
    width: usize,
    height: usize,
    inside: impl Fn(usize, usize) -> bool,
) -> Option<ImageEllipse> {
    let (mut n, mut sx, mut sy) = (0.0f64, 0.0f64, 0.0f64);
    let (mut sxx, mut syy, mut sxy) = (0.0f64, 0.0f64, 0.0f64);
    for y in 0..height {
        for x in 0..width {
            if inside(x, y) {
                let (px, py) = (x as f64 + 0.5, y as f64 + 0.5);
                n += 1.0;
                sx += px;
                sy += py;
                sxx += px * px;
                syy += py * py;
                sxy += px * py;
            }
        }
    }
    if n < 20.0 {
        return None;
    }
    let (mx, my) = (sx / n, sy / n);
    let (cxx, cyy, cxy) = (sxx / n - mx * mx, syy / n - my * my, sxy / n - mx * my);
    let half_trace = (cxx + cyy) / 2.0;
    let root = (((cxx - cyy) / 2.0).powi(2) + cxy * cxy).sqrt();
    let (l1, l2) = (half_trace + root, (half_trace - root).max(1e-9));
    // A filled ellipse of semi-axis a has variance a²/4 along it.
    let angle_rad = 0.5 * (2.0 * cxy).atan2(cxx - cyy);
    Some(ImageEllipse {
        center_px: [mx, my],
        semi_axes_px: [2.0 * l1.sqrt(), 2.0 * l2.sqrt()],
        angle_rad,
    })
}

/// Rounds of trimming: each refits to the region's pixels within [`TRIM_SCALE`] of the last
/// ellipse.
const TRIM_ROUNDS: usize = 4;
/// How far outside the last ellipse a pixel may lie and still count, as a scale of it.
const TRIM_SCALE: f64 = 1.05;

/// The head outline: the moment ellipse of `region`, refitted [`TRIM_ROUNDS`] times to the
/// region's pixels near the previous ellipse.
pub(crate) fn fit_outline(width: usize, height: usize, region: &[bool]) -> Option<ImageEllipse> {
    let mut ellipse = moment_ellipse(width, height, |x, y| region[y * width + x])?;
    for _ in 0..TRIM_ROUNDS {
        let near = ellipse.scaled(TRIM_SCALE);
        let inside = |x: usize, y: usize| {
            region[y * width + x] && near.distance2([x as f64 + 0.5, y as f64 + 0.5]) <= 1.0
        };
        match moment_ellipse(width, height, inside) {
            Some(next) => ellipse = next,
            None => break,
        }
    }
    Some(ellipse)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disc_with_neck(width: usize, height: usize) -> Vec<bool> {
        let head =
            ImageEllipse { center_px: [50.0, 40.0], semi_axes_px: [25.0, 30.0], angle_rad: 0.0 };
        (0..width * height)
            .map(|i| {
                let p = [(i % width) as f64 + 0.5, (i / width) as f64 + 0.5];
                head.distance2(p) <= 1.0 || ((45.0..55.0).contains(&p[0]) && p[1] > 40.0)
            })
            .collect()
    }

    #[test]
    fn the_moments_of_a_filled_ellipse_give_it_back() {
        let truth =
            ImageEllipse { center_px: [60.0, 50.0], semi_axes_px: [40.0, 20.0], angle_rad: 0.5 };
        let e = moment_ellipse(120, 100, |x, y| {
            truth.distance2([x as f64 + 0.5, y as f64 + 0.5]) <= 1.0
        })
        .unwrap();
        assert!(
            (e.center_px[0] - 60.0).abs() < 0.3 && (e.center_px[1] - 50.0).abs() < 0.3,
            "{e:?}"
        );
        assert!((e.semi_axes_px[0] - 40.0).abs() < 0.6 && (e.semi_axes_px[1] - 20.0).abs() < 0.6);
        assert!((e.angle_rad - 0.5).abs() < 0.02, "{e:?}");
    }

    #[test]
    fn trimming_keeps_a_neck_from_dragging_the_outline_down() {
        let region = disc_with_neck(100, 100);
        let raw = moment_ellipse(100, 100, |x, y| region[y * 100 + x]).unwrap();
        let trimmed = fit_outline(100, 100, &region).unwrap();
        assert!((trimmed.center_px[1] - 40.0).abs() < (raw.center_px[1] - 40.0).abs());
        assert!((trimmed.center_px[1] - 40.0).abs() < 5.0, "{trimmed:?}");
    }

    #[test]
    fn bounds_and_radius_follow_the_rotation() {
        let e = ImageEllipse {
            center_px: [0.0, 0.0],
            semi_axes_px: [10.0, 5.0],
            angle_rad: std::f64::consts::FRAC_PI_2,
        };
        let b = e.bounds_px();
        assert!((b[2] - 5.0).abs() < 1e-9 && (b[3] - 10.0).abs() < 1e-9, "{b:?}");
        assert!((e.radius_toward([0.0, 1.0]) - 10.0).abs() < 1e-9);
    }
}
