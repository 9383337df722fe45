//! The built-in default head is the scan: every rendering of a preview without a photo draws
//! it, deterministically on any thread count; skin types recolour it without flattening it;
//! the model's alignment it reports matches it; close-ups re-render it at their own scale.

use crate::support::{builtin, on_threads};
use image::RgbImage;
use smpsim::head::Camera;
use smpsim::render::{ScanPose, ScanScene, StripOptions};
use smpsim::{
    Background, DefaultSceneOptions, HeadModel, HeadSize, HeatmapOptions, Layout, MaskImages, Plan,
    PlanOptions, Preview, PreviewOptions, RenderedPreview, Rendering, SkinType, View, ZoneKind,
    ZoomTarget, build_plan,
};

const SIZE_PX: u32 = 300;

fn norwood_4() -> (Layout, Plan) {
    let layout = builtin("norwood-4").layout(&MaskImages::new()).unwrap();
    let plan = build_plan(&layout, &PlanOptions { seed: 3, ..PlanOptions::default() }).unwrap();
    (layout, plan)
}

fn render(
    layout: &Layout,
    plan: &Plan,
    scene: DefaultSceneOptions,
    view: View,
    zoom: Option<ZoomTarget>,
    rendering: Rendering,
) -> RenderedPreview {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let background = Background::DefaultHead { view, width_px: SIZE_PX, height_px: SIZE_PX, scene };
    Preview { layout, plan, model: &model, background, zoom, rendering }.render().unwrap()
}

fn single() -> Rendering {
    Rendering::Single(PreviewOptions::default())
}

fn luma(p: [u8; 3]) -> f32 {
    0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2])
}

#[test]
fn every_rendering_is_byte_identical_on_one_and_two_threads() {
    let (layout, plan) = norwood_4();
    let scene = DefaultSceneOptions { seed: 3, ..DefaultSceneOptions::default() };
    let cases: Vec<(View, Option<ZoomTarget>, Rendering)> = vec![
        (View::Front, None, single()),
        (View::Top, Some(ZoomTarget::Zone(ZoneKind::Crown)), single()),
        (View::Left, None, Rendering::Strip(StripOptions::default())),
        (View::Front, None, Rendering::Heatmap(HeatmapOptions::default())),
        (View::Front, Some(ZoomTarget::Zone(ZoneKind::Hairline)), single()),
    ];
    for (view, zoom, rendering) in cases {
        let one = on_threads(1, || render(&layout, &plan, scene, view, zoom, rendering.clone()));
        let two = on_threads(2, || render(&layout, &plan, scene, view, zoom, rendering.clone()));
        assert!(one.image == two.image, "{view} {zoom:?} differs between 1 and 2 threads");
    }
}

#[test]
fn every_view_shows_skin_over_a_dark_backdrop() {
    let (layout, plan) = norwood_4();
    for view in View::ALL {
        let image = render(&layout, &plan, DefaultSceneOptions::default(), view, None, single());
        let image = image.image;
        let corner = luma(image.get_pixel(2, 2).0);
        let centre = luma(image.get_pixel(SIZE_PX / 2, SIZE_PX * 2 / 5).0);
        assert!(corner < 40.0 && centre > 90.0, "{view}: corner {corner}, head {centre}");
    }
}

/// Mean colour and the spread of red over green in a box around the forehead of a front view.
fn forehead(image: &RgbImage) -> ([f32; 3], f32) {
    let (mut sum, mut ratios) = ([0.0f32; 3], Vec::new());
    for y in SIZE_PX * 3 / 10..SIZE_PX * 7 / 20 {
        for x in SIZE_PX * 9 / 20..SIZE_PX * 11 / 20 {
            let p = image.get_pixel(x, y).0.map(f32::from);
            (0..3).for_each(|c| sum[c] += p[c]);
            ratios.push(p[0] / p[1].max(1.0));
        }
    }
    let n = ratios.len() as f32;
    let mean_ratio = ratios.iter().sum::<f32>() / n;
    let spread = (ratios.iter().map(|r| (r - mean_ratio).powi(2)).sum::<f32>() / n).sqrt();
    (sum.map(|s| s / n), spread)
}

#[test]
fn skin_types_recolour_the_scan_and_keep_its_variation() {
    let (layout, plan) = norwood_4();
    let mut last_luma = f32::MAX;
    for skin in [SkinType::I, SkinType::III, SkinType::VI] {
        let scene = DefaultSceneOptions { skin, ..DefaultSceneOptions::default() };
        let image = render(&layout, &plan, scene, View::Front, None, single()).image;
        let (mean, spread) = forehead(&image);
        let l = luma(mean.map(|c| c as u8));
        assert!(l < last_luma - 15.0, "{skin:?}: forehead luma {l} not darker than {last_luma}");
        // A flat tone painted over would leave no variation of redness across the skin.
        assert!(spread > 0.004, "{skin:?}: red/green spread {spread}");
        last_luma = l;
    }
}

#[test]
fn the_reported_alignment_puts_the_model_on_the_scan() {
    let (layout, plan) = norwood_4();
    let model = HeadModel::new(HeadSize::default()).unwrap();
    for view in [View::Front, View::Left] {
        let rendered = render(&layout, &plan, DefaultSceneOptions::default(), view, None, single());
        assert_eq!(rendered.alignment.view(), view);
        let camera = Camera::new(&model, &rendered.alignment);
        // The model's vertex (top of the head) projects near the top of the scan's skin.
        let [x, y] = camera.project(smpsim::head::HeadPoint { z_mm: 88.0, ..Default::default() });
        let top = (0..SIZE_PX)
            .find(|&r| luma(rendered.image.get_pixel(x as u32, r).0) > 60.0)
            .expect("the head in that column") as f32;
        assert!((top - y).abs() < 0.04 * SIZE_PX as f32, "{view}: scan top {top}, model {y}");
    }
}

#[test]
fn any_pose_renders_and_a_close_up_is_rendered_at_its_own_scale() {
    let (layout, plan) = norwood_4();
    let pose = ScanPose { yaw_deg: 35.0, pitch_deg: 15.0, ..ScanPose::default() };
    let scene = DefaultSceneOptions { pose: Some(pose), ..DefaultSceneOptions::default() };
    let turned = render(&layout, &plan, scene, View::Front, None, single()).image;
    let front = render(&layout, &plan, DefaultSceneOptions::default(), View::Front, None, single());
    assert!(turned != front.image, "the pose changed nothing");
    let zoomed = render(
        &layout,
        &plan,
        DefaultSceneOptions::default(),
        View::Front,
        Some(ZoomTarget::Zone(ZoneKind::Hairline)),
        single(),
    );
    // Re-rendered at the view's 300 px size, magnified, with the alignment scaled to match.
    assert_eq!(zoomed.image.width(), SIZE_PX, "{:?}", zoomed.image.dimensions());
    let scale = zoomed.alignment.pose.scale_px_per_mm[0] / front.alignment.pose.scale_px_per_mm[0];
    assert!(scale > 3.0, "alignment scaled by {scale}");
    assert!(ScanScene::shared().landmarks().glabella.y_mm < -90.0);
}

#[test]
fn a_synthetic_photo_puts_its_visible_landmarks_on_the_rendered_skin() {
    use smpsim::render::{SyntheticBackground, SyntheticPhotoOptions, synthetic_photo};
    let background =
        SyntheticBackground::Textured { base: [180, 170, 150], contrast: 0.3, seed: 5 };
    for yaw_deg in [0.0, 35.0, 90.0] {
        let pose = ScanPose { yaw_deg, pitch_deg: 10.0, ..ScanPose::default() };
        let options =
            SyntheticPhotoOptions { pose, background, ..SyntheticPhotoOptions::default() };
        let photo = synthetic_photo(&options).unwrap();
        assert_eq!(photo.pose, pose);
        let (w, h) = photo.image.dimensions();
        let visible: Vec<&str> =
            photo.landmarks.iter().filter(|l| l.visible).map(|l| l.name).collect();
        for l in photo.landmarks.iter().filter(|l| l.visible) {
            let [x, y] = l.px;
            assert!(x >= 0.0 && y >= 0.0 && x < w as f32 && y < h as f32, "{yaw_deg}: {l:?}");
            assert!(
                photo.on_head[y as usize * w as usize + x as usize],
                "{yaw_deg}: {l:?} off the skin"
            );
        }
        // Seen from the client's left, the right tragus is hidden behind the head.
        let seen = |name: &str| visible.contains(&name);
        assert!(seen("vertex"), "{yaw_deg}: visible {visible:?}");
        if yaw_deg < 60.0 {
            assert!(seen("glabella") && seen("nose_tip"), "{yaw_deg}: visible {visible:?}");
        } else {
            assert!(seen("tragus_left") && !seen("tragus_right"), "{yaw_deg}: {visible:?}");
        }
    }
}
