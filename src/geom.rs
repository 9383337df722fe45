//! Points and rectangles on the flat scalp map, and the map's extent.

/// A point on the scalp map, in millimetres measured along the scalp surface.
///
/// Frame: origin at the glabella on the midline; +y runs back along the mid-sagittal arc over the
/// vertex; +x points toward the client's left. For a bare `smpsim sample` run the frame is simply
/// the domain rectangle with its origin at (0, 0).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MapPoint {
    /// Millimetres toward the client's left of the midline.
    pub x_mm: f32,
    /// Millimetres back from the glabella along the mid-sagittal arc.
    pub y_mm: f32,
}

impl MapPoint {
    /// A point at (`x_mm`, `y_mm`) on the scalp map.
    pub const fn new(x_mm: f32, y_mm: f32) -> Self {
        Self { x_mm, y_mm }
    }

    /// Squared distance to `other`, in mm².
    pub fn distance_sq_mm2(self, other: MapPoint) -> f32 {
        let dx = self.x_mm - other.x_mm;
        let dy = self.y_mm - other.y_mm;
        dx * dx + dy * dy
    }

    /// Distance to `other`, in mm.
    pub fn distance_mm(self, other: MapPoint) -> f32 {
        self.distance_sq_mm2(other).sqrt()
    }
}

/// An axis-aligned rectangle on the scalp map, in mm; `min` inclusive, `max` exclusive.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapRect {
    /// Corner with the smallest x and y.
    pub min: MapPoint,
    /// Corner with the largest x and y.
    pub max: MapPoint,
}

impl MapRect {
    /// The rectangle `[0, width_mm) × [0, height_mm)`.
    pub const fn from_size_mm(width_mm: f32, height_mm: f32) -> Self {
        Self { min: MapPoint::new(0.0, 0.0), max: MapPoint::new(width_mm, height_mm) }
    }

    /// Width in mm.
    pub fn width_mm(&self) -> f32 {
        self.max.x_mm - self.min.x_mm
    }

    /// Height in mm.
    pub fn height_mm(&self) -> f32 {
        self.max.y_mm - self.min.y_mm
    }

    /// Area in mm².
    pub fn area_mm2(&self) -> f32 {
        self.width_mm() * self.height_mm()
    }

    /// Whether `p` lies inside (min inclusive, max exclusive).
    pub fn contains(&self, p: MapPoint) -> bool {
        p.x_mm >= self.min.x_mm
            && p.y_mm >= self.min.y_mm
            && p.x_mm < self.max.x_mm
            && p.y_mm < self.max.y_mm
    }
}

/// Semi-axes and major direction of the image of the unit circle under the 2×2 matrix `m`.
pub(crate) fn ellipse_axes(m: [[f64; 2]; 2]) -> (f64, f64, [f64; 2]) {
    // Eigen-decomposition of m·mᵀ: its eigenvalues are the squared semi-axes.
    let p = m[0][0] * m[0][0] + m[0][1] * m[0][1];
    let q = m[0][0] * m[1][0] + m[0][1] * m[1][1];
    let r = m[1][0] * m[1][0] + m[1][1] * m[1][1];
    let mean = (p + r) / 2.0;
    let d = (((p - r) / 2.0).powi(2) + q * q).sqrt();
    let (l1, l2) = (mean + d, (mean - d).max(0.0));
    let dir = if q.abs() > 1e-12 * (p + r) {
        let v = [l1 - r, q];
        let n = v[0].hypot(v[1]);
        [v[0] / n, v[1] / n]
    } else if p >= r {
        [1.0, 0.0]
    } else {
        [0.0, 1.0]
    };
    (l1.sqrt(), l2.sqrt(), dir)
}

/// Half the scalp map's width, mm: x ∈ [−175, 175] (ear to ear ≈ 350 mm along the scalp).
pub const MAP_HALF_WIDTH_MM: f64 = 175.0;
/// Length of the scalp map from the glabella back, mm: y ∈ [0, 350] (glabella to inion ≈ 350 mm).
pub const MAP_LENGTH_MM: f64 = 350.0;

/// The whole scalp map: x ∈ [−175, 175) mm, y ∈ [0, 350) mm (ear to ear and glabella to inion are
/// both about 350 mm along the scalp).
pub const SCALP_MAP_MM: MapRect = MapRect {
    min: MapPoint::new(-MAP_HALF_WIDTH_MM as f32, 0.0),
    max: MapPoint::new(MAP_HALF_WIDTH_MM as f32, MAP_LENGTH_MM as f32),
};
