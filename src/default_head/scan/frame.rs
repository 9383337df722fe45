//! What a scan render leaves besides its picture: the camera and the per-pixel depth, so dots
//! can be placed on the render and hidden where nearer skin (an ear, the near side of the
//! head) covers them.

use super::camera::ScanCamera;
use super::math::V3;
use crate::head::HeadPoint;

/// What a render leaves besides the picture: its camera and per-pixel depth, to place dots and
/// hide those behind the ears or on the far side.
#[derive(Clone, Debug)]
pub struct ScanFrame {
    pub(crate) camera: ScanCamera,
    pub(crate) width: u32,
    pub(crate) height: u32,
    /// Distance along the view axis to the nearest surface, mm; infinite where none.
    pub(crate) depth_mm: Vec<f32>,
}

impl ScanFrame {
    /// Image size, px.
    pub fn size_px(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// Depth (mm along the view axis) of the nearest surface at pixel `(x, y)`; infinite on the
    /// background or outside the image.
    pub fn depth_mm(&self, x: u32, y: u32) -> f32 {
        if x < self.width && y < self.height {
            self.depth_mm[(y * self.width + x) as usize]
        } else {
            f32::INFINITY
        }
    }

    /// Image px per mm of the skin nearest the image's centre (of the aim point where no skin
    /// is there), for scale bars.
    pub fn px_per_mm_near_centre(&self) -> f32 {
        let (cx, cy) = (self.width / 2, self.height / 2);
        let mut depth = f32::INFINITY;
        // The nearest skin within a tenth of the image of its centre.
        let r = (self.width.min(self.height) / 10).max(1) as i64;
        for (dx, dy) in [(0, 0), (-r, 0), (r, 0), (0, -r), (0, r)] {
            let (x, y) = (cx as i64 + dx, cy as i64 + dy);
            if x >= 0 && y >= 0 {
                depth = depth.min(self.depth_mm(x as u32, y as u32));
            }
        }
        if !depth.is_finite() {
            depth = self.camera.aim_depth_mm();
        }
        self.camera.px_per_mm_at(depth)
    }

    /// Image position (px) and depth (mm) of a head-frame point.
    pub fn project(&self, p: HeadPoint) -> [f32; 3] {
        self.camera.project(V3::new(p.x_mm, p.y_mm, p.z_mm))
    }

    /// Whether a surface point is in view: in the image and not more than `tolerance_mm` behind
    /// the nearest surface at its pixel or at one of the four next to it (a point on the
    /// silhouette may fall just off the covered pixels; a point behind an ear is behind all
    /// five).
    pub fn is_visible(&self, p: HeadPoint, tolerance_mm: f32) -> bool {
        let [x, y, depth] = self.project(p);
        if !(x >= 0.0 && y >= 0.0 && x < self.width as f32 && y < self.height as f32) {
            return false;
        }
        let (cx, cy) = (x as i64, y as i64);
        [(0, 0), (-1, 0), (1, 0), (0, -1), (0, 1)].into_iter().any(|(dx, dy)| {
            let (nx, ny) = (cx + dx, cy + dy);
            nx >= 0 && ny >= 0 && depth <= self.depth_mm(nx as u32, ny as u32) + tolerance_mm
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::View;
    use crate::default_head::scan::render::render_scan;
    use crate::default_head::scan::{ScanRenderOptions, ScanScene};
    use crate::head::HeadPoint;
    use image::RgbImage;

    #[test]
    fn visibility_follows_the_depth_buffer() {
        let scene = ScanScene::load();
        let g = scene.landmarks().glabella;
        let render = |view| {
            let mut image = RgbImage::new(300, 300);
            render_scan(&scene, &ScanRenderOptions::of_view(view), &mut image).unwrap()
        };
        let (front, back) = (render(View::Front), render(View::Back));
        assert!(front.is_visible(g, 3.0), "the glabella faces a front camera");
        assert!(!back.is_visible(g, 3.0), "the head hides the glabella from behind");
        // 10 mm under the skin is hidden by the skin itself, whatever lies beside it.
        let under = HeadPoint { y_mm: g.y_mm + 10.0, ..g };
        assert!(!front.is_visible(under, 3.0));
        // Out of the image is never visible.
        assert!(!front.is_visible(HeadPoint { x_mm: 400.0, ..g }, 3.0));
    }
}
