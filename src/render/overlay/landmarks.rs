//! `--guides` over a pose solved from landmarks: each given point ringed, with a line to where
//! the solved pose puts the model's landmark, so a misplaced or misnamed point shows at a glance.

use image::RgbImage;
use tiny_skia::{Paint, PathBuilder, Pixmap, Stroke, Transform};

use crate::head::{Alignment, AlignmentSource, Camera, HeadModel};

/// Colour of the given points (white) and of the miss lines to the model's landmarks (orange).
const GIVEN_RGBA: [u8; 4] = [255, 255, 255, 230];
const MISS_RGBA: [u8; 4] = [255, 140, 0, 230];

/// Rings the landmarks `alignment` was solved from and joins each to the posed model's; draws
/// nothing for an alignment not solved from landmarks.
pub(crate) fn draw_landmarks(image: &mut RgbImage, model: &HeadModel, alignment: &Alignment) {
    let AlignmentSource::Landmarks { points, .. } = alignment.source else { return };
    let (w, h) = image.dimensions();
    let Some(mut pixmap) = Pixmap::new(w, h) else { return };
    for (px, rgb) in pixmap.pixels_mut().iter_mut().zip(image.pixels()) {
        *px = tiny_skia::PremultipliedColorU8::from_rgba(rgb[0], rgb[1], rgb[2], 255)
            .expect("opaque colours are always valid");
    }
    let width_px = (w.min(h) as f32 / 450.0).max(1.5);
    let camera = Camera::new(model, alignment);
    let paint = |rgba: [u8; 4]| {
        let mut paint = Paint::default();
        paint.set_color_rgba8(rgba[0], rgba[1], rgba[2], rgba[3]);
        paint.anti_alias = true;
        paint
    };
    let stroke = Stroke { width: width_px, ..Stroke::default() };
    for (landmark, [x, y]) in points.iter() {
        let (x, y) = (x as f32, y as f32);
        let [mx, my] = camera.project(landmark.seen_point(model, &alignment.pose).into());
        let mut miss = PathBuilder::new();
        miss.move_to(x, y);
        miss.line_to(mx, my);
        if let Some(path) = miss.finish() {
            pixmap.stroke_path(&path, &paint(MISS_RGBA), &stroke, Transform::identity(), None);
        }
        if let Some(ring) = PathBuilder::from_circle(x, y, width_px * 4.0) {
            pixmap.stroke_path(&ring, &paint(GIVEN_RGBA), &stroke, Transform::identity(), None);
        }
    }
    for (rgb, px) in image.pixels_mut().zip(pixmap.pixels()) {
        *rgb = image::Rgb([px.red(), px.green(), px.blue()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::head::{AlignInput, Landmark, LandmarkPoints};
    use crate::{HeadSize, View};

    #[test]
    fn only_a_pose_solved_from_landmarks_gets_its_points_drawn() {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let skin = image::Rgb([200, 160, 140]);
        let mut image = RgbImage::from_pixel(400, 400, skin);
        draw_landmarks(&mut image, &model, &Alignment::default_fit(View::Front, &model, 400, 400));
        assert!(image.pixels().all(|p| *p == skin));
        let mut points = LandmarkPoints::default();
        points.insert(Landmark::Glabella, [200.0, 200.0]).unwrap();
        points.insert(Landmark::Chin, [205.0, 330.0]).unwrap();
        let input = AlignInput { points, ..AlignInput::new(View::Front) };
        let solved = Alignment::from_input(&input, &model, 400, 400).unwrap();
        draw_landmarks(&mut image, &model, &solved);
        // The glabella's ring passes 4 line widths (1.5 px each) from the point.
        assert_ne!(*image.get_pixel(206, 200), skin);
        assert_eq!(*image.get_pixel(20, 20), skin);
    }
}
