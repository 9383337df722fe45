//! Property tests through the library: random small domains and densities through
//! `sample_density` (spacing rule and maximality, also between sessions), and random photo sizes
//! and pixel limits through `decode_photo` (refused exactly past the limit, else decoded whole).

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use proptest::prelude::*;
use smpsim::engine::{
    MIN_DENSITY_PER_CM2, SampleOptions, UniformDensity, sample_density, spacing_mm_for_density,
};
use smpsim::head::PhotoError;
use smpsim::{MapPoint, MapRect, PhotoOptions, decode_photo};

use crate::support::{density_rule, encode_photo, proptest_config, spacing_violations};

/// Relative slack of the maximality probe: f32 map coordinates near x = 175 mm are quantised
/// to 1.5e-5 mm, about 2e-5 of the smallest spacing (0.68 mm at 150 dots/cm²).
const PROBE_SLACK: f32 = 1e-4;

/// Probes on a lattice of step `r_mm / 10` over `domain` that no dot covers (none is closer
/// than the uniform spacing `r_mm`); nothing for an infinite spacing (no dots wanted).
fn lattice_holes(domain: MapRect, dots: &[MapPoint], r_mm: f32) -> Vec<MapPoint> {
    if !r_mm.is_finite() {
        return Vec::new();
    }
    let cell = |v: f32| (v / r_mm).floor() as i64;
    let mut cells: std::collections::HashMap<(i64, i64), Vec<MapPoint>> = Default::default();
    for &p in dots {
        cells.entry((cell(p.x_mm), cell(p.y_mm))).or_default().push(p);
    }
    let step = r_mm / 10.0;
    let (nx, ny) = ((domain.width_mm() / step) as usize, (domain.height_mm() / step) as usize);
    (0..ny)
        .flat_map(|j| (0..nx).map(move |i| (i, j)))
        .map(|(i, j)| {
            MapPoint::new(
                domain.min.x_mm + (i as f32 + 0.5) * step,
                domain.min.y_mm + (j as f32 + 0.5) * step,
            )
        })
        .filter(|x| {
            let (cx, cy) = (cell(x.x_mm), cell(x.y_mm));
            let near = (-1..=1).flat_map(|dx| (-1..=1).map(move |dy| (cx + dx, cy + dy)));
            !near
                .flat_map(|c| cells.get(&c).into_iter().flatten())
                .any(|q| (q.x_mm - x.x_mm).hypot(q.y_mm - x.y_mm) < r_mm * (1.0 + PROBE_SLACK))
        })
        .collect()
}

proptest! {
    #![proptest_config(proptest_config(128))]

    /// Uniform densities on small domains anywhere on the map, including densities too low to
    /// get dots, in two sessions (the second fills between the first's dots).
    #[test]
    fn small_uniform_domains_are_spaced_and_maximal(
        x0 in -150.0..150.0f32,
        y0 in 0.0..300.0f32,
        width in 0.5..40.0f32,
        height in 0.5..40.0f32,
        density in 0.0..150.0f32,
        first_share in 0.2..1.0f32,
        seed in any::<u64>(),
    ) {
        let domain = MapRect {
            min: MapPoint::new(x0, y0),
            max: MapPoint::new(x0 + width, y0 + height),
        };
        let first_field = UniformDensity { density_per_cm2: density * first_share };
        let field = UniformDensity { density_per_cm2: density };
        let options = SampleOptions { seed, ..SampleOptions::default() };
        let first = sample_density(domain, &first_field, &[], &options).unwrap();
        let options = SampleOptions { seed: seed ^ 1, ..options };
        let second = sample_density(domain, &field, &first, &options).unwrap();
        if density < MIN_DENSITY_PER_CM2 {
            prop_assert!(first.is_empty() && second.is_empty());
        }
        prop_assert!(second.iter().chain(&first).all(|&p| domain.contains(p)));

        let rule = density_rule(&field);
        let (bad, worst) = spacing_violations(&rule, &second, &first);
        prop_assert_eq!(bad, 0, "worst ratio {}", worst);
        let first_rule = density_rule(&first_field);
        let (bad, worst) = spacing_violations(&first_rule, &first, &[]);
        prop_assert_eq!(bad, 0, "first session, worst ratio {}", worst);

        let union: Vec<MapPoint> = first.iter().chain(&second).copied().collect();
        // A lattice of r/10 rather than the engine tests' circle-crossing probes, whose 1e-5
        // slack is below f32 resolution this far from the origin.
        let open = lattice_holes(domain, &union, spacing_mm_for_density(density));
        prop_assert!(open.is_empty(), "{} probes could take a dot, e.g. {:?}", open.len(), open[0]);
    }
}

proptest! {
    #![proptest_config(proptest_config(64))]

    /// Photos of any small size against a pixel limit at, just under or just over their pixel
    /// count: refused with the header's size exactly when they exceed it, else decoded whole.
    #[test]
    fn photos_are_refused_exactly_past_the_pixel_limit_and_else_decoded_whole(
        width in 1u32..=96,
        height in 1u32..=96,
        slack in -3i64..=3,
        png in any::<bool>(),
    ) {
        let image = RgbImage::from_fn(width, height, |x, y| {
            Rgb([(x * 7) as u8, (y * 11) as u8, ((x ^ y) * 3) as u8])
        });
        let format = if png { ImageFormat::Png } else { ImageFormat::Jpeg };
        let bytes = encode_photo(&DynamicImage::ImageRgb8(image.clone()), format);
        let pixels = u64::from(width) * u64::from(height);
        let max_pixels = pixels.saturating_add_signed(slack).max(1);
        match decode_photo(&bytes, &PhotoOptions { max_pixels }) {
            Ok(decoded) => {
                prop_assert!(pixels <= max_pixels, "{pixels} px accepted under a {max_pixels} limit");
                prop_assert_eq!(decoded.dimensions(), (width, height));
                // PNG is lossless: every pixel comes back as encoded.
                prop_assert!(!png || decoded == image, "the PNG's pixels changed");
            }
            Err(PhotoError::TooLarge { width_px, height_px, max_pixels: limit }) => {
                prop_assert!(pixels > max_pixels, "{pixels} px refused under a {max_pixels} limit");
                prop_assert_eq!((width_px, height_px, limit), (width, height, max_pixels));
            }
            Err(e) => prop_assert!(false, "{}×{} {:?}: {}", width, height, format, e),
        }
    }
}
