//! An ellipse in image pixels: a head's outline as the automatic fit finds it or as a pose
//! projects the head model.

/// An ellipse in some pixel frame (the fit's small image, or the photo), px.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ImageEllipse {
    /// Centre, px (x right, y down).
    pub center_px: [f64; 2],
    /// Semi-axes, px: along `angle_rad`, then at right angles to it.
    pub semi_axes_px: [f64; 2],
    /// Direction of the first semi-axis, radians from image +x toward image +y.
    pub angle_rad: f64,
}

impl ImageEllipse {
    /// Squared normalised distance of `p` from the centre: < 1 inside, 1 on the outline.
    pub fn distance2(&self, p: [f64; 2]) -> f64 {
        self.distance2_fn()(p)
    }

    /// [`Ellipse::distance2`] with the rotation's sine and cosine taken once, for loops over
    /// every pixel of a photo (one `sin_cos` per pixel was 6 % of a 12-MP preview).
    pub(crate) fn distance2_fn(&self) -> impl Fn([f64; 2]) -> f64 + Sync + use<> {
        let (s, c) = self.angle_rad.sin_cos();
        let [a, b] = self.semi_axes_px.map(|semi| semi.max(1e-9));
        let [cx, cy] = self.center_px;
        move |p| {
            let (dx, dy) = (p[0] - cx, p[1] - cy);
            let u = (dx * c + dy * s) / a;
            let v = (-dx * s + dy * c) / b;
            u * u + v * v
        }
    }

    /// The ellipse scaled by `k` about its centre.
    pub fn scaled(&self, k: f64) -> Self {
        Self { semi_axes_px: self.semi_axes_px.map(|a| a * k), ..*self }
    }

    /// The axis-aligned bounding box: `[x_min, y_min, x_max, y_max]`, px.
    pub fn bounds_px(&self) -> [f64; 4] {
        let (s, c) = self.angle_rad.sin_cos();
        let [a, b] = self.semi_axes_px;
        let hx = (a * a * c * c + b * b * s * s).sqrt();
        let hy = (a * a * s * s + b * b * c * c).sqrt();
        let [cx, cy] = self.center_px;
        [cx - hx, cy - hy, cx + hx, cy + hy]
    }

    /// Area, px².
    pub fn area_px2(&self) -> f64 {
        std::f64::consts::PI * self.semi_axes_px[0] * self.semi_axes_px[1]
    }

    /// The outline's point at parameter `t`, radians (0 at the end of the first semi-axis), px.
    pub(crate) fn point_at(&self, t: f64) -> [f64; 2] {
        let (s, c) = self.angle_rad.sin_cos();
        let (u, v) = (self.semi_axes_px[0] * t.cos(), self.semi_axes_px[1] * t.sin());
        [self.center_px[0] + u * c - v * s, self.center_px[1] + u * s + v * c]
    }

    /// Distance from the centre to the outline in direction `dir` (a unit vector), px.
    pub fn radius_toward(&self, dir: [f64; 2]) -> f64 {
        let d2 = self.distance2([self.center_px[0] + dir[0], self.center_px[1] + dir[1]]);
        1.0 / d2.max(1e-12).sqrt()
    }
}
