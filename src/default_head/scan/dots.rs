//! Planned dots on a scan render: each dot's disc is placed on the scan's skin (see `surface`),
//! projected through the render's camera to a screen ellipse, and left out where the render's
//! depth buffer shows something nearer (an ear, the far side of the head). The ellipses are
//! drawn by the splat renderer like every other preview's dots.

use rayon::prelude::*;

use super::camera::ScanCamera;
use super::frame::ScanFrame;
use super::math::V3;
use super::mesh::any_perpendicular;
use super::scene::ScanScene;
use crate::MapPoint;
use crate::default_head::stubble::StubbleHair;
use crate::head::HeadPoint;
use crate::splat::DotAppearance;
use crate::splat::ScreenDot;
use crate::{Dot, Plan};

/// How far behind the depth buffer a dot may lie and still show, mm. The buffer holds the
/// drawn (tessellated) surface, which lies up to 1 mm off the ray-cast one, and a pixel's
/// nearest sample can be ~1 mm nearer than its centre where the skin slopes away; an ear stands
/// 10–25 mm in front of the scalp behind it, so 3 mm tells them apart.
pub(crate) const VISIBLE_TOLERANCE_MM: f32 = 3.0;

/// The visible dots of `plan`'s sessions `1..=session` as screen ellipses on the scan render
/// `frame`, in plan order (so the output does not depend on the thread count).
///
/// `look` gives each dot's drawn size and strength (see [`dot_appearance`](crate::splat::dot_appearance)); dots facing
/// away, hidden behind nearer skin, outside the image or of zero strength are left out.
pub fn project_scan_dots<L>(
    scene: &ScanScene,
    frame: &ScanFrame,
    plan: &Plan,
    session: u8,
    look: L,
) -> Vec<ScreenDot>
where
    L: Fn(&Dot) -> DotAppearance + Sync,
{
    let dots = plan.dots_through_session(session);
    dots.par_iter()
        .enumerate()
        .filter_map(|(index, dot)| {
            let a = look(dot);
            if !a.is_visible() {
                return None;
            }
            let on_skin = scene.surface_point(dot.position)?;
            let mut screen = footprint(frame, on_skin.point, on_skin.normal, a.diameter_mm / 2.0)?;
            screen.strength = a.strength;
            screen.shape_seed = shape_seed(plan.seed, index);
            Some(screen)
        })
        .collect()
}

/// Where scalp-map point `p` shows in the render `frame`, px, if it is on skin in view.
pub(crate) fn scan_map_point(
    scene: &ScanScene,
    frame: &ScanFrame,
    p: MapPoint,
) -> Option<[f32; 2]> {
    let s = scene.surface_point(p)?;
    let q = V3::new(s.point.x_mm, s.point.y_mm, s.point.z_mm);
    let n = V3::new(s.normal.x_mm, s.normal.y_mm, s.normal.z_mm);
    if n.dot(frame.camera.eye_direction(q)) <= 0.0
        || !frame.is_visible(s.point, VISIBLE_TOLERANCE_MM)
    {
        return None;
    }
    let [x, y, _] = frame.camera.project(q);
    Some([x, y])
}

/// Where scalp-map point `p` lands through `camera`, px, if its skin faces the camera (hidden
/// or not).
pub(crate) fn facing_map_point(
    scene: &ScanScene,
    camera: &ScanCamera,
    p: MapPoint,
) -> Option<[f32; 2]> {
    let s = scene.surface_point(p)?;
    let q = V3::new(s.point.x_mm, s.point.y_mm, s.point.z_mm);
    let n = V3::new(s.normal.x_mm, s.normal.y_mm, s.normal.z_mm);
    let [x, y, _] = camera.project(q);
    (n.dot(camera.eye_direction(q)) > 0.0).then_some([x, y])
}

/// The visible stubs of `hairs` on the render `frame`, in the hairs' order (so the output does
/// not depend on threads): placed through the 4 mm map grid (a stub's end points differ by
/// less than a tenth of a millimetre from an exact cast), foreshortened by the projection's
/// Jacobian over ±0.5 mm of map, and hidden like dots.
pub(crate) fn project_scan_stubble(
    hairs: &[StubbleHair],
    scene: &ScanScene,
    frame: &ScanFrame,
) -> Vec<ScreenDot> {
    const STEP_MM: f32 = 0.5;
    let grid = scene.grid();
    let (w, h) = frame.size_px();
    hairs
        .par_iter()
        .filter_map(|hair| {
            let p = hair.position;
            let (point, normal) = grid.at(p)?;
            let c = frame.camera.project(point);
            // Stubs are shorter than a pixel's reach beyond the image: cull by centre.
            if !(c[0] >= -2.0 && c[1] >= -2.0 && c[0] < w as f32 + 2.0 && c[1] < h as f32 + 2.0) {
                return None;
            }
            if normal.dot(frame.camera.eye_direction(point)) <= 0.0 {
                return None;
            }
            let head = HeadPoint { x_mm: point.x, y_mm: point.y, z_mm: point.z };
            if !frame.is_visible(head, VISIBLE_TOLERANCE_MM) {
                return None;
            }
            let at = |dx: f32, dy: f32| {
                grid.at(MapPoint::new(p.x_mm + dx, p.y_mm + dy)).map(|q| frame.camera.project(q.0))
            };
            let (ax, ay) = (at(STEP_MM, 0.0)?, at(0.0, STEP_MM)?);
            let jacobian = [
                [(ax[0] - c[0]) / STEP_MM, (ay[0] - c[0]) / STEP_MM],
                [(ax[1] - c[1]) / STEP_MM, (ay[1] - c[1]) / STEP_MM],
            ];
            // Seen at any angle skin only shrinks: a step of the map drawn longer than half
            // again its face-on length crosses a gap (an ear's root, the silhouette) where the
            // grid's cell is not skin, and its stub would streak; it is left out.
            let limit = 1.5 * frame.camera.px_per_mm_at(c[2]);
            let stretched = |x: f32, y: f32| x.hypot(y) > limit;
            if stretched(jacobian[0][0], jacobian[1][0])
                || stretched(jacobian[0][1], jacobian[1][1])
            {
                return None;
            }
            Some(hair.to_screen_dot([c[0], c[1]], jacobian))
        })
        .collect()
}

/// The screen ellipse of a disc of `radius_mm` at `point` with unit `normal`, or `None` if it
/// faces away or is hidden.
pub(crate) fn footprint(
    frame: &ScanFrame,
    point: HeadPoint,
    normal: HeadPoint,
    radius_mm: f32,
) -> Option<ScreenDot> {
    let p = V3::new(point.x_mm, point.y_mm, point.z_mm);
    let n = V3::new(normal.x_mm, normal.y_mm, normal.z_mm);
    if n.dot(frame.camera.eye_direction(p)) <= 0.0 || !frame.is_visible(point, VISIBLE_TOLERANCE_MM)
    {
        return None;
    }
    // The projection's Jacobian on two tangent directions, by differences 0.1 mm apart.
    const STEP_MM: f32 = 0.1;
    let t1 = any_perpendicular(n);
    let t2 = n.cross(t1);
    let at = |q: V3| frame.camera.project(q);
    let [cx, cy, _] = at(p);
    let column = |t: V3| {
        let [x, y, _] = at(p + t * STEP_MM);
        [f64::from((x - cx) / STEP_MM), f64::from((y - cy) / STEP_MM)]
    };
    let (a, b) = (column(t1), column(t2));
    let (major, minor, dir) = crate::geom::ellipse_axes([[a[0], b[0]], [a[1], b[1]]]);
    let r = f64::from(radius_mm);
    Some(ScreenDot {
        center_px: [cx, cy],
        radius_major_px: (r * major) as f32,
        radius_minor_px: (r * minor) as f32,
        major_dir: dir.map(|c| c as f32),
        strength: 1.0,
        shape_seed: 0,
    })
}

/// A per-dot outline seed from the plan's seed and the dot's index: the SplitMix64 finaliser,
/// as the photo and default-head previews use, so a dot keeps its outline across renderers.
fn shape_seed(plan_seed: u64, index: usize) -> u32 {
    let mut z = plan_seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::default_head::scan::camera::ScanPose;
    use crate::default_head::scan::options::ScanRenderOptions;
    use crate::default_head::scan::render::render_scan;
    use crate::splat::dot_appearance;
    use crate::{Look, MapPoint, View, ZoneKind};
    use image::RgbImage;
    use std::sync::LazyLock;

    static SCENE: LazyLock<ScanScene> = LazyLock::new(ScanScene::load);

    fn frame(pose: ScanPose) -> ScanFrame {
        let mut image = RgbImage::new(700, 700);
        render_scan(&SCENE, &ScanRenderOptions { pose, ..Default::default() }, &mut image).unwrap()
    }

    /// Ray-traced truth: a skin point is seen if it faces the camera and nothing lies between.
    fn seen(frame: &ScanFrame, p: V3, n: V3) -> (bool, f32) {
        let to_eye = frame.camera.eye_direction(p);
        let facing = n.dot(to_eye);
        let start = p + n * 0.3;
        let mesh = &SCENE.coarse;
        let blocked = SCENE
            .bvh
            .first_hit(&mesh.positions, &mesh.triangles, start, to_eye)
            .is_some_and(|h| h.t < (frame.camera.eye - start).length());
        (facing > 0.0 && !blocked, facing)
    }

    /// Checks `footprint` against ray tracing over a grid covering the whole scalp map; returns
    /// how many points faced the camera but were hidden behind other skin.
    fn check_view(pose: ScanPose) -> (usize, usize) {
        let frame = frame(pose);
        let (mut shown_ok, mut visible_clear, mut hidden_facing, mut hidden) = (0, 0, 0, 0);
        let map = crate::geom::SCALP_MAP_MM;
        for y in (map.min.y_mm as i32..=map.max.y_mm as i32).step_by(8) {
            for x in (map.min.x_mm as i32..=map.max.x_mm as i32).step_by(8) {
                let Some(s) = SCENE.surface_point(MapPoint::new(x as f32, y as f32)) else {
                    continue;
                };
                let (p, n) = (
                    V3::new(s.point.x_mm, s.point.y_mm, s.point.z_mm),
                    V3::new(s.normal.x_mm, s.normal.y_mm, s.normal.z_mm),
                );
                let drawn = footprint(&frame, s.point, s.normal, 0.5).is_some();
                let (truth, facing) = seen(&frame, p, n);
                // Within 6° of grazing the drawn (tessellated) and ray-traced (coarse) surfaces
                // may disagree on which side of the silhouette a point lies: left out.
                if !truth && !(0.0..0.1).contains(&facing) {
                    hidden += 1;
                    hidden_facing += usize::from(facing > 0.2);
                    assert!(!drawn, "{pose:?}: map ({x}, {y}) at {p:?} is hidden but drawn");
                } else if facing > 0.2 {
                    visible_clear += 1;
                    shown_ok += usize::from(drawn);
                }
            }
        }
        assert!(hidden > 100, "{pose:?}: only {hidden} hidden points: the check would be vacuous");
        assert!(
            shown_ok as f32 >= 0.97 * visible_clear as f32,
            "{pose:?}: {shown_ok} of {visible_clear} clearly visible points drawn"
        );
        (hidden, hidden_facing)
    }

    #[test]
    fn no_dot_on_the_back_of_the_head_in_a_front_view() {
        check_view(ScanPose::of_view(View::Front));
        // And directly: the back of the head below the crown is never drawn from the front.
        let f = frame(ScanPose::of_view(View::Front));
        for y in [280.0, 320.0, 360.0] {
            let s = SCENE.surface_point(MapPoint::new(0.0, y)).unwrap();
            assert!(s.point.y_mm > 60.0 && footprint(&f, s.point, s.normal, 0.5).is_none());
        }
    }

    #[test]
    fn no_dot_behind_an_ear_in_a_side_view() {
        let (_, facing_but_hidden) = check_view(ScanPose::of_view(View::Left));
        // Points that face the camera yet are hidden can only be hidden by the ear.
        assert!(facing_but_hidden > 0, "the ear hid nothing: the check would be vacuous");
    }

    #[test]
    fn norwood_4_dots_land_on_the_front_render() {
        let preset = crate::Preset::builtin("norwood-4").unwrap();
        let layout = preset.layout(&crate::MaskImages::new()).unwrap();
        let plan =
            crate::build_plan(&layout, &crate::PlanOptions { seed: 1, ..Default::default() })
                .unwrap();
        let f = frame(ScanPose::of_view(View::Front));
        let look = |d: &Dot| dot_appearance(d, ZoneKind::Total, Look::Healed);
        let dots = project_scan_dots(&SCENE, &f, &plan, u8::MAX, look);
        let all = plan.dots_through_session(u8::MAX).len();
        // From the front about the forehead half of the plan shows; none of the crown's back.
        assert!(dots.len() > all / 10 && dots.len() < all, "{} of {all} dots drawn", dots.len());
    }
}
