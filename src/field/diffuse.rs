//! The diffuse-thinning zone: dots *added* between existing hair over a region (ellipse, polygon
//! or a greyscale mask image), feathered at the edge, with gentle noise so it is not a flat fill.

use std::sync::Arc;

use image::GrayImage;

use super::DensityField;
use super::noise::ValueNoise;
use super::shape::{Region, feather};
use crate::geom::{MapPoint, MapRect};
use crate::seed::{derive_seed, stream};

/// A greyscale mask placed on the scalp map: white (255) is full density, black none.
#[derive(Clone, Debug)]
pub struct DensityMask {
    /// The decoded image (the library never reads files; the caller decodes it).
    pub image: Arc<GrayImage>,
    /// Scalp-map position of the image's top-left corner (row 0 is the front, smallest y), mm.
    pub origin_mm: MapPoint,
    /// Size of one pixel on the scalp map, mm.
    pub mm_per_px: f32,
}

impl DensityMask {
    /// Bilinear mask value in `[0, 1]` at `p`; 0 outside the image.
    fn value(&self, p: MapPoint) -> f32 {
        let (w, h) = self.image.dimensions();
        let u = (p.x_mm - self.origin_mm.x_mm) / self.mm_per_px - 0.5;
        let v = (p.y_mm - self.origin_mm.y_mm) / self.mm_per_px - 0.5;
        if !(u > -1.0 && v > -1.0 && u < w as f32 && v < h as f32) {
            return 0.0;
        }
        let (x0, y0) = (u.floor(), v.floor());
        let (tx, ty) = (u - x0, v - y0);
        let px = |x: f32, y: f32| -> f32 {
            if x < 0.0 || y < 0.0 || x >= w as f32 || y >= h as f32 {
                0.0
            } else {
                self.image.get_pixel(x as u32, y as u32).0[0] as f32 / 255.0
            }
        };
        let top = px(x0, y0) + (px(x0 + 1.0, y0) - px(x0, y0)) * tx;
        let bottom = px(x0, y0 + 1.0) + (px(x0 + 1.0, y0 + 1.0) - px(x0, y0 + 1.0)) * tx;
        top + (bottom - top) * ty
    }

    fn bounds(&self) -> MapRect {
        let (w, h) = self.image.dimensions();
        MapRect {
            min: self.origin_mm,
            max: MapPoint::new(
                self.origin_mm.x_mm + w as f32 * self.mm_per_px,
                self.origin_mm.y_mm + h as f32 * self.mm_per_px,
            ),
        }
    }
}

/// Where a diffuse zone lies.
#[derive(Clone, Debug)]
pub enum DiffuseArea {
    /// A shape with a feathered edge (`feather_mm` past the outline).
    Shape {
        /// The region.
        region: Region,
        /// Feathered margin past the outline, mm.
        feather_mm: f32,
    },
    /// A greyscale mask (its own grey levels are the feathering).
    Mask(DensityMask),
}

/// The diffuse-thinning zone as a density field.
#[derive(Clone, Debug)]
pub struct DiffuseZone {
    area: DiffuseArea,
    density_per_cm2: f32,
    noise_fraction: f32,
    noise: ValueNoise,
    bounds: MapRect,
}

impl DiffuseZone {
    /// Adds `density_per_cm2` over `area`, varied by ±`noise_fraction` of seeded noise on a
    /// `noise_wavelength_mm` scale.
    pub fn new(
        area: DiffuseArea,
        density_per_cm2: f32,
        noise_fraction: f32,
        noise_wavelength_mm: f32,
        seed: u64,
    ) -> Self {
        let bounds = match &area {
            DiffuseArea::Shape { region, feather_mm } => region.bounds(feather_mm + 1.0),
            DiffuseArea::Mask(mask) => mask.bounds(),
        };
        let noise =
            ValueNoise::new(derive_seed(seed, stream::DIFFUSE_UNEVENNESS), noise_wavelength_mm);
        Self { area, density_per_cm2, noise_fraction, noise, bounds }
    }

    /// Where the zone can be non-zero, mm.
    pub fn bounds(&self) -> MapRect {
        self.bounds
    }

    /// Full added density, dots/cm².
    pub fn target_per_cm2(&self) -> f32 {
        self.density_per_cm2
    }

    /// Coverage in `[0, 1]` at `p` before noise: 1 inside, feathering to 0.
    pub fn coverage(&self, p: MapPoint) -> f32 {
        if !self.bounds.contains(p) {
            return 0.0;
        }
        match &self.area {
            DiffuseArea::Shape { region, feather_mm } => {
                feather(region.signed_distance_mm(p, feather_mm + 1.0), *feather_mm)
            }
            DiffuseArea::Mask(mask) => mask.value(p),
        }
    }
}

impl DensityField for DiffuseZone {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        let c = self.coverage(p);
        if c <= 0.0 {
            return 0.0;
        }
        self.density_per_cm2 * c * (1.0 + self.noise_fraction * self.noise.at(p))
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.density_per_cm2 * (1.0 + self.noise_fraction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::shape::Ellipse;

    #[test]
    fn mask_maps_grey_levels_to_density() {
        let mut img = GrayImage::new(4, 2);
        for x in 0..4 {
            img.put_pixel(x, 0, image::Luma([255]));
            img.put_pixel(x, 1, image::Luma([0]));
        }
        let mask = DensityMask {
            image: Arc::new(img),
            origin_mm: MapPoint::new(-20.0, 100.0),
            mm_per_px: 10.0,
        };
        let z = DiffuseZone::new(DiffuseArea::Mask(mask), 30.0, 0.0, 10.0, 1);
        assert!((z.density_per_cm2(MapPoint::new(0.0, 105.0)) - 30.0).abs() < 1e-3);
        assert_eq!(z.density_per_cm2(MapPoint::new(0.0, 115.0)), 0.0);
        assert_eq!(z.density_per_cm2(MapPoint::new(0.0, 50.0)), 0.0);
    }

    #[test]
    fn noise_keeps_the_fill_gentle_and_uneven() {
        let region = Region::Ellipse(Ellipse::new(MapPoint::new(0.0, 150.0), 60.0, 80.0, 0.0));
        let z =
            DiffuseZone::new(DiffuseArea::Shape { region, feather_mm: 15.0 }, 30.0, 0.1, 15.0, 3);
        let values: Vec<f32> = (0..50)
            .map(|i| z.density_per_cm2(MapPoint::new(-40.0 + i as f32 * 1.7, 150.0)))
            .collect();
        let (lo, hi) = values.iter().fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        assert!(lo >= 27.0 - 1e-3 && hi <= 33.0 + 1e-3 && hi - lo > 0.5, "{lo}..{hi}");
    }
}
