//! `--guides`: the fitted head outline, the designed hairline and the zone borders drawn over
//! the image, so a misaligned head model shows at a glance.

use image::RgbImage;
use tiny_skia::{Paint, PathBuilder, Pixmap, Stroke, Transform};

use crate::geom::MapPoint;
use crate::head::{Camera, HeadModel, ScalpMask, Vec3, View};
use crate::plan::Plan;
use crate::render::overlay::draw_landmarks;
use crate::render::stage::Stage;

/// Longest map segment drawn as one straight line, mm (curves follow the head closely enough).
const SEGMENT_MM: f32 = 2.0;
/// Colour of the fitted head outline (cyan).
const OUTLINE_RGBA: [u8; 4] = [0, 200, 255, 230];
/// Colour of the designed hairline (yellow).
const HAIRLINE_RGBA: [u8; 4] = [255, 215, 0, 230];
/// Colour of the scalp mask's edge (green).
const MASK_EDGE_RGB: [u8; 3] = [40, 230, 90];
/// Colour of the zone borders (magenta).
const ZONE_RGBA: [u8; 4] = [255, 40, 200, 210];

/// Draws the outline of the head model, the glabella and chin marks, the plan's hairline and
/// its zone borders onto `image`.
pub fn draw_guides(image: &mut RgbImage, plan: &Plan, model: &HeadModel, camera: &Camera) {
    let mark_px = guide_width_px(image) * 6.0;
    let mut marks = silhouette(model, camera);
    marks.extend(landmarks(model, camera, mark_px));
    draw_lines(image, plan, &|p| camera.map_point(model, p), &marks);
}

/// The guides on a stage: on a photo as [`draw_guides`], with the landmarks the pose was solved
/// from and the scalp mask's edge; on the default head the hairline and
/// zone borders where the scan's skin shows them, and a cross at its glabella (the scan is the
/// head, so there is no fitted outline to check).
pub(crate) fn draw_stage_guides(image: &mut RgbImage, plan: &Plan, stage: &Stage<'_>) {
    match stage {
        Stage::Model { model, camera, alignment, mask, .. } => {
            draw_guides(image, plan, model, camera);
            draw_landmarks(image, model, alignment);
            if let Some(mask) = mask {
                draw_mask_edge(image, mask);
            }
        }
        Stage::Scan { scene, frame } => {
            let size = guide_width_px(image) * 6.0;
            let g = scene.landmarks().glabella;
            let mut marks = Vec::new();
            if frame.is_visible(g, 3.0) {
                let [x, y, _] = frame.project(g);
                marks.push(vec![[x - size, y], [x + size, y]]);
                marks.push(vec![[x, y - size], [x, y + size]]);
            }
            draw_lines(image, plan, &|p| stage.map_point(p), &marks);
        }
    }
}

/// Line width of the guides, px.
fn guide_width_px(image: &RgbImage) -> f32 {
    (image.width().min(image.height()) as f32 / 450.0).max(1.5)
}

/// Strokes `marks` (outline colour) and the plan's hairline and zone borders where `project`
/// shows them.
fn draw_lines(
    image: &mut RgbImage,
    plan: &Plan,
    project: &dyn Fn(MapPoint) -> Option<[f32; 2]>,
    marks: &[Vec<[f32; 2]>],
) {
    let (w, h) = image.dimensions();
    let Some(mut pixmap) = Pixmap::new(w, h) else { return };
    for (px, rgb) in pixmap.pixels_mut().iter_mut().zip(image.pixels()) {
        *px = tiny_skia::PremultipliedColorU8::from_rgba(rgb[0], rgb[1], rgb[2], 255)
            .expect("opaque colours are always valid");
    }
    let width_px = guide_width_px(image);
    stroke(&mut pixmap, marks, false, OUTLINE_RGBA, width_px);
    let hairline = visible_runs(&plan.hairline_mm, false, project);
    stroke(&mut pixmap, &hairline, false, HAIRLINE_RGBA, width_px * 1.3);
    for zone in &plan.zones {
        for border in &zone.outlines_mm {
            let runs = visible_runs(border, true, project);
            stroke(&mut pixmap, &runs, false, ZONE_RGBA, width_px);
        }
    }

    for (rgb, px) in image.pixels_mut().zip(pixmap.pixels()) {
        *rgb = image::Rgb([px.red(), px.green(), px.blue()]);
    }
}

/// Draws the edge of `mask` onto `image` (same size): scalp pixels within a line width of a
/// pixel off the scalp, so the mask shows where dots may go.
pub(crate) fn draw_mask_edge(image: &mut RgbImage, mask: &ScalpMask) {
    let (w, h) = image.dimensions();
    if (mask.width_px(), mask.height_px()) != (w, h) {
        return;
    }
    let reach = guide_width_px(image).round() as u32;
    let off = |x: i64, y: i64| {
        x < 0
            || y < 0
            || x >= i64::from(w)
            || y >= i64::from(h)
            || !mask.contains(x as u32, y as u32)
    };
    let r = i64::from(reach);
    for y in 0..h {
        for x in 0..w {
            let (xi, yi) = (i64::from(x), i64::from(y));
            if mask.contains(x, y)
                && (off(xi - r, yi) || off(xi + r, yi) || off(xi, yi - r) || off(xi, yi + r))
            {
                image.put_pixel(x, y, image::Rgb(MASK_EDGE_RGB));
            }
        }
    }
}

/// The model's outline as the camera sees it (the rim of the ellipsoid where it turns away):
/// all round from above, the vault above the glabella level from the other views.
fn silhouette(model: &HeadModel, camera: &Camera) -> Vec<Vec<[f32; 2]>> {
    let s = model.semi_axes_mm();
    let top = camera.view() == View::Top;
    if camera.is_upright() {
        // The principal section facing the camera, sampled as it always was.
        let turn = if top { std::f64::consts::TAU } else { std::f64::consts::PI };
        let line = (0..=240)
            .map(|i| {
                let t = turn * f64::from(i) / 240.0;
                let (c, n) = (t.cos(), t.sin());
                let p = match camera.view() {
                    View::Front | View::Back => Vec3::new(s.x * c, 0.0, s.z * n),
                    View::Left | View::Right => Vec3::new(0.0, s.y * c, s.z * n),
                    View::Top => Vec3::new(s.x * c, s.y * n, 0.0),
                };
                camera.project_vec(p).map(|v| v as f32)
            })
            .collect();
        return vec![line];
    }
    // The rim: surface points S·u (u on the unit sphere, S the semi-axes) whose normal, along
    // S⁻¹·u, is at right angles to the line of sight: u on the great circle at right angles to
    // S⁻¹·toward.
    let (_, _, toward) = camera.axes();
    let w = Vec3::new(toward.x / s.x, toward.y / s.y, toward.z / s.z).normalized();
    let across = |a: Vec3| a - w * a.dot(w);
    let e1 = if across(Vec3::new(1.0, 0.0, 0.0)).length() > 1e-6 {
        across(Vec3::new(1.0, 0.0, 0.0)).normalized()
    } else {
        across(Vec3::new(0.0, 1.0, 0.0)).normalized()
    };
    let e2 = w.cross(e1);
    let mut runs: Vec<Vec<[f32; 2]>> = vec![Vec::new()];
    for i in 0..=480 {
        let t = std::f64::consts::TAU * f64::from(i) / 480.0;
        let u = e1 * t.cos() + e2 * t.sin();
        let p = Vec3::new(u.x * s.x, u.y * s.y, u.z * s.z);
        let run = runs.last_mut().expect("runs starts with one");
        if top || p.z >= 0.0 {
            run.push(camera.project_vec(p).map(|v| v as f32));
        } else if !run.is_empty() {
            runs.push(Vec::new());
        }
    }
    runs.retain(|r| r.len() > 1);
    runs
}

/// A cross at the glabella when the view shows it, and a bar at the chin (the head box's
/// bottom) in the front, back and profile views.
fn landmarks(model: &HeadModel, camera: &Camera, size_px: f32) -> Vec<Vec<[f32; 2]>> {
    let view = camera.view();
    let (_, _, toward) = camera.axes();
    let mut marks = Vec::new();
    let shows_glabella = if camera.is_upright() {
        matches!(view, View::Front | View::Left | View::Right)
    } else {
        toward.y < 0.0
    };
    if shows_glabella {
        let g = model.glabella();
        let [x, y] = camera.project_vec(Vec3::new(0.0, f64::from(g.y_mm), 0.0)).map(|v| v as f32);
        marks.push(vec![[x - size_px, y], [x + size_px, y]]);
        marks.push(vec![[x, y - size_px], [x, y + size_px]]);
    }
    if view != View::Top {
        let (_, _, chin_mm, _) = view.extent_mm(model);
        let chin = Vec3::new(0.0, 0.0, chin_mm);
        let [x, y] = camera.project_vec(chin).map(|v| v as f32);
        if camera.is_upright() {
            marks.push(vec![[x - 2.0 * size_px, y], [x + 2.0 * size_px, y]]);
        } else {
            // Across the head: along the projected ear-to-ear direction.
            let [ax, ay] = camera.project_vec(chin + Vec3::new(1.0, 0.0, 0.0)).map(|v| v as f32);
            let (dx, dy) = (ax - x, ay - y);
            let k = 2.0 * size_px / dx.hypot(dy).max(1e-6);
            marks.push(vec![[x - dx * k, y - dy * k], [x + dx * k, y + dy * k]]);
        }
    }
    marks
}

/// The visible stretches of a map polyline, densified so they follow the head, in image px.
fn visible_runs(
    line: &[MapPoint],
    closed: bool,
    project: &dyn Fn(MapPoint) -> Option<[f32; 2]>,
) -> Vec<Vec<[f32; 2]>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    let closing = if closed { line.first() } else { None };
    let mut points = line.iter().chain(closing);
    let Some(mut prev) = points.next().copied() else { return runs };
    let mut visit = |p: MapPoint, run: &mut Vec<[f32; 2]>| match project(p) {
        Some(px) => run.push(px),
        None if run.len() > 1 => runs.push(std::mem::take(run)),
        None => run.clear(),
    };
    visit(prev, &mut run);
    for &p in points {
        let steps = (prev.distance_mm(p) / SEGMENT_MM).ceil().max(1.0) as usize;
        for k in 1..=steps {
            let f = k as f32 / steps as f32;
            let q = MapPoint::new(
                prev.x_mm + (p.x_mm - prev.x_mm) * f,
                prev.y_mm + (p.y_mm - prev.y_mm) * f,
            );
            visit(q, &mut run);
        }
        prev = p;
    }
    if run.len() > 1 {
        runs.push(run);
    }
    runs
}

/// Strokes each polyline in `lines` (closing them if `closed`).
fn stroke(pixmap: &mut Pixmap, lines: &[Vec<[f32; 2]>], closed: bool, rgba: [u8; 4], width: f32) {
    let mut paint = Paint::default();
    paint.set_color_rgba8(rgba[0], rgba[1], rgba[2], rgba[3]);
    paint.anti_alias = true;
    let stroke = Stroke { width, ..Stroke::default() };
    for line in lines {
        let mut pb = PathBuilder::new();
        let Some((first, rest)) = line.split_first() else { continue };
        pb.move_to(first[0], first[1]);
        for p in rest {
            pb.line_to(p[0], p[1]);
        }
        if closed {
            pb.close();
        }
        if let Some(path) = pb.finish() {
            pixmap.stroke_path(&path, &paint, &stroke, Transform::identity(), None);
        }
    }
}
