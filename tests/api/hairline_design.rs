//! A hairline traced on a photo: pixels → scalp map through the fitted head → the preset's
//! `hairline.points_mm` → the plan's hairline → back to pixels by the projection the guides use.

use smpsim::head::{Camera, Unprojector};
use smpsim::{Alignment, HeadBox, HeadModel, HeadSize, MapPoint, MaskImages, Preset, View};

/// Distance from `p` to the polyline `line`, px.
fn distance_to_polyline_px(p: [f32; 2], line: &[[f32; 2]]) -> f32 {
    line.windows(2)
        .map(|w| {
            let (a, b) = (w[0], w[1]);
            let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
            let len_sq = dx * dx + dy * dy;
            let t = if len_sq > 0.0 {
                (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len_sq).clamp(0.0, 1.0)
            } else {
                0.0
            };
            (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
        })
        .fold(f32::INFINITY, f32::min)
}

#[test]
fn a_hairline_traced_on_a_front_photo_is_drawn_where_it_was_traced() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let head = HeadBox { x_px: 200.0, y_px: 60.0, width_px: 400.0, height_px: 560.0 };
    let alignment =
        Alignment::fit(View::Front, Some(head), Some([400.0, 330.0]), &model, 800, 800).unwrap();
    let camera = Camera::new(&model, &alignment);
    let unprojector = Unprojector::new(&model, &camera);
    let traced: [[f32; 2]; 7] = [
        [300.0, 250.0],
        [330.0, 205.0],
        [360.0, 215.0],
        [400.0, 200.0],
        [440.0, 215.0],
        [470.0, 205.0],
        [500.0, 250.0],
    ];
    let map: Vec<MapPoint> = traced
        .iter()
        .map(|p| unprojector.map_point([f64::from(p[0]), f64::from(p[1])]).expect("on the head"))
        .collect();
    let points: Vec<String> = map.iter().map(|p| format!("[{}, {}]", p.x_mm, p.y_mm)).collect();
    let text = smpsim::spec::builtin_preset("hairline-only").unwrap();
    let preset = Preset::parse(text, "hairline-only")
        .unwrap()
        .fitted_to_head(&model)
        .unwrap()
        // The waves would move the line off the traced points by design; here they are off.
        .with_override("hairline.macro_irregularity_mm", "0")
        .unwrap()
        .with_override("hairline.micro_irregularity_mm", "0")
        .unwrap()
        .with_override("hairline.points_mm", &format!("[{}]", points.join(", ")))
        .unwrap();
    let layout = preset.layout(&MaskImages::new()).unwrap();
    let drawn: Vec<[f32; 2]> = layout
        .hairline_polyline_mm()
        .into_iter()
        .filter_map(|p| camera.map_point(&model, p))
        .collect();
    assert!(drawn.len() > 100, "{} points of the hairline are visible", drawn.len());
    for p in traced {
        let off = distance_to_polyline_px(p, &drawn);
        assert!(off <= 1.0, "traced {p:?} is {off} px from the drawn hairline");
    }
    // A different line is not within 1 px: the check can fail.
    let shifted = [traced[3][0], traced[3][1] - 6.0];
    assert!(distance_to_polyline_px(shifted, &drawn) > 3.0);
}
