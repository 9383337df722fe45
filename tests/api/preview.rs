//! The preview's assembly: projecting a plan's dots into a view, and the alignment guides.

use crate::support::{builtin, on_threads};
use std::sync::Arc;

use image::{Rgb, RgbImage};
use smpsim::engine::UniformDensity;
use smpsim::head::Camera;
use smpsim::render::{
    DotAppearance, default_view, draw_guides, project_dots, render_preview, side_by_side,
};
use smpsim::{
    Alignment, Dot, HeadModel, HeadSize, ImageFormat, MapPoint, MapRect, Plan, PlanZone,
    PreviewOptions, View, ZoneKind, encode_image,
};

/// A plan with dots every 2 mm over the scalp (session 1 on even rows, 2 on odd rows).
fn plan(kind: ZoneKind) -> Plan {
    let mut dots = Vec::new();
    for session in 1..=2u8 {
        for j in 0..100 {
            if j % 2 != usize::from(session - 1) {
                continue;
            }
            for i in -45..=45 {
                dots.push(Dot {
                    position: MapPoint::new(2.0 * i as f32, 70.0 + 2.0 * j as f32),
                    diameter_mm: 0.15,
                    fresh_diameter_mm: 0.25,
                    dilution: 10.0,
                    session,
                    zone: 0,
                });
            }
        }
    }
    let square = vec![
        MapPoint::new(-30.0, 200.0),
        MapPoint::new(30.0, 200.0),
        MapPoint::new(30.0, 250.0),
        MapPoint::new(-30.0, 250.0),
    ];
    Plan {
        preset_name: "test".into(),
        seed: 7,
        session_count: 2,
        zones: vec![PlanZone { name: "zone".into(), kind, outlines_mm: vec![square] }],
        hairline_mm: (-60..=60).map(|x| MapPoint::new(x as f32, 80.0)).collect(),
        extent_mm: MapRect::from_size_mm(200.0, 300.0),
        dots,
        native_hair: Arc::new(UniformDensity { density_per_cm2: 0.0 }),
    }
}

fn setup(view: View) -> (HeadModel, Camera) {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let alignment = Alignment::default_fit(view, &model, 800, 800);
    let camera = Camera::new(&model, &alignment);
    (model, camera)
}

fn healed(d: &Dot) -> DotAppearance {
    DotAppearance { diameter_mm: d.diameter_mm, strength: 0.8 }
}

#[test]
fn projection_does_not_depend_on_the_thread_count() {
    let plan = plan(ZoneKind::Crown);
    let (model, camera) = setup(View::Top);
    let run =
        |threads| on_threads(threads, || project_dots(&plan, 2, &model, &camera, 800, 800, healed));
    let one = run(1);
    assert!(one.len() > 8000, "{}", one.len());
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
}

#[test]
fn sessions_far_side_and_faded_dots_are_left_out() {
    let plan = plan(ZoneKind::Crown);
    let (model, camera) = setup(View::Front);
    let after_one = project_dots(&plan, 1, &model, &camera, 800, 800, healed);
    let after_two = project_dots(&plan, 2, &model, &camera, 800, 800, healed);
    assert!(after_one.len() < after_two.len() && !after_one.is_empty());
    // The first session's dots keep their outline seeds when the second is added.
    assert_eq!(after_one, after_two[..after_one.len()]);
    let visible = after_two.len();
    let total = plan.dots.len();
    assert!(visible < total * 3 / 4, "the crown must be hidden from the front: {visible}/{total}");
    // Every projected dot faces the camera, so none sits behind the head's outline above.
    let none = project_dots(&plan, 2, &model, &camera, 800, 800, |_| DotAppearance {
        diameter_mm: 0.2,
        strength: 0.0,
    });
    assert!(none.is_empty());
}

#[test]
fn dots_are_true_size_in_pixels() {
    let plan = plan(ZoneKind::Crown);
    let (model, camera) = setup(View::Top);
    let [sx, sy] = camera.scale_px_per_mm();
    let dots = project_dots(&plan, 2, &model, &camera, 800, 800, healed);
    let largest = dots.iter().map(|d| d.radius_major_px).fold(0.0, f32::max);
    // 0.15 mm dots, radius 0.075 mm at the default fit's px/mm.
    assert!((largest - 0.075 * sx.max(sy)).abs() < 0.01, "{largest} vs {sx}/{sy}");
    assert!(dots.iter().all(|d| d.radius_minor_px <= d.radius_major_px + 1e-6));
    assert!(dots.iter().any(|d| d.radius_minor_px < 0.5 * d.radius_major_px), "no foreshortening");
}

#[test]
fn the_default_view_follows_the_plan() {
    assert_eq!(default_view(&plan(ZoneKind::Hairline)), View::Front);
    assert_eq!(default_view(&plan(ZoneKind::Crown)), View::Top);
    assert_eq!(default_view(&plan(ZoneKind::Diffuse)), View::Top);
}

#[test]
fn guides_draw_the_outline_hairline_and_zones_and_nothing_else() {
    let plan = plan(ZoneKind::Crown);
    let (model, camera) = setup(View::Top);
    let skin = Rgb([200, 160, 140]);
    let mut image = RgbImage::from_pixel(800, 800, skin);
    draw_guides(&mut image, &plan, &model, &camera);
    let changed = |x: f32, y: f32| {
        let near =
            |dx: i32, dy: i32| *image.get_pixel((x as i32 + dx) as u32, (y as i32 + dy) as u32);
        (-2..=2).any(|dx| (-2..=2).any(|dy| near(dx, dy) != skin))
    };
    // The outline passes through the head box's left edge at mid-height in the top view.
    let a = Alignment::default_fit(View::Top, &model, 800, 800);
    let b = a.head_box().unwrap();
    assert!(changed(b.x_px as f32, (b.y_px + b.height_px / 2.0) as f32));
    // The hairline's midpoint and a zone corner.
    for p in [MapPoint::new(0.0, 80.0), MapPoint::new(30.0, 200.0)] {
        let [x, y] = camera.map_point(&model, p).unwrap();
        assert!(changed(x, y), "{p:?}");
    }
    // The image corners and the middle of the zone stay untouched.
    let [x, y] = camera.map_point(&model, MapPoint::new(0.0, 225.0)).unwrap();
    assert!(!changed(x, y));
    assert_eq!(*image.get_pixel(3, 3), skin);
    assert_eq!(*image.get_pixel(796, 796), skin);
}

/// A plan whose dots fill a disc of radius 35 mm around the top of the head on a jittered grid
/// of `spacing_mm`, split over three sessions by row.
fn crown_disc(spacing_mm: f32, top_y_mm: f32) -> Plan {
    let mut dots = Vec::new();
    let n = (35.0 / spacing_mm) as i32;
    let mut s: u32 = 0x9E37_79B9;
    let mut jitter = || {
        s ^= s << 13;
        s ^= s >> 17;
        s ^= s << 5;
        (s % 1000) as f32 / 1000.0 - 0.5
    };
    for session in 1..=3u8 {
        for j in -n..=n {
            if (j + n) % 3 != i32::from(session - 1) {
                continue;
            }
            for i in -n..=n {
                let p = MapPoint::new(
                    spacing_mm * (i as f32 + 0.4 * jitter()),
                    top_y_mm + spacing_mm * (j as f32 + 0.4 * jitter()),
                );
                if p.x_mm.hypot(p.y_mm - top_y_mm) < 35.0 {
                    dots.push(Dot {
                        position: p,
                        diameter_mm: 0.3,
                        fresh_diameter_mm: 0.4,
                        dilution: 10.0,
                        session,
                        zone: 0,
                    });
                }
            }
        }
    }
    let outline = (0..64)
        .map(|k| {
            let a = std::f32::consts::TAU * k as f32 / 64.0;
            MapPoint::new(35.0 * a.cos(), top_y_mm + 35.0 * a.sin())
        })
        .collect();
    Plan {
        preset_name: "crown-disc".into(),
        seed: 3,
        session_count: 3,
        zones: vec![PlanZone {
            name: "crown".into(),
            kind: ZoneKind::Crown,
            outlines_mm: vec![outline],
        }],
        hairline_mm: Vec::new(),
        extent_mm: MapRect::from_size_mm(100.0, 100.0),
        dots,
        native_hair: Arc::new(UniformDensity { density_per_cm2: 0.0 }),
    }
}

const SKIN: Rgb<u8> = Rgb([202, 155, 122]);

fn render(plan: &Plan, options: &PreviewOptions) -> (RgbImage, HeadModel, Camera) {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let alignment = Alignment::default_fit(View::Top, &model, 700, 700);
    let mut image = RgbImage::from_pixel(700, 700, SKIN);
    render_preview(plan, &model, &alignment, &mut image, options).unwrap();
    (image, model.clone(), Camera::new(&model, &alignment))
}

/// Mean loss of green (linear light, relative to the skin) over a square of `half` px.
fn darkening(image: &RgbImage, centre: [f32; 2], half: i32) -> f64 {
    let lin = |c: u8| (f64::from(c) / 255.0).powf(2.2);
    let skin = lin(SKIN[1]);
    let mut sum = 0.0;
    let mut n = 0.0;
    for dy in -half..=half {
        for dx in -half..=half {
            let p = image.get_pixel((centre[0] as i32 + dx) as u32, (centre[1] as i32 + dy) as u32);
            sum += 1.0 - lin(p[1]) / skin;
            n += 1.0;
        }
    }
    sum / n
}

#[test]
fn the_preview_darkens_the_zone_by_its_coverage_and_nothing_outside() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let top = model.top_map_y_mm();
    let sparse = crown_disc(2.0, top);
    let dense = crown_disc(2.0 / 2f32.sqrt(), top);
    let options = PreviewOptions::default();
    let (a, _, camera) = render(&sparse, &options);
    let (b, _, _) = render(&dense, &options);
    let centre = camera.map_point(&model, MapPoint::new(0.0, top)).unwrap();
    let (da, db) = (darkening(&a, centre, 40), darkening(&b, centre, 40));
    assert!(da > 0.002, "the zone must darken: {da}");
    // Twice the dots per area: twice the darkening (dots stay apart, so coverage adds up).
    assert!((db / da - 2.0).abs() < 0.25, "{da} → {db}");
    // Outside the zone (beyond its outline plus a dot's halo) nothing changes, byte for byte.
    let edge = camera.map_point(&model, MapPoint::new(0.0, top + 42.0)).unwrap();
    for image in [&a, &b] {
        for (x, y, p) in image.enumerate_pixels() {
            let label = x < 640 && y > 640; // the simulation label, bottom left
            let outside_head = (x < 40 || y < 20 || x > 660 || y > 680) && !label;
            assert!(!outside_head || *p == SKIN, "pixel {x},{y} changed");
        }
        assert_eq!(*image.get_pixel(edge[0] as u32, edge[1] as u32), SKIN);
        assert_eq!(*image.get_pixel(10, 10), SKIN);
    }
}

#[test]
fn later_sessions_darken_more_and_bad_sessions_are_refused() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let plan = crown_disc(1.5, model.top_map_y_mm());
    let centre = {
        let (_, _, camera) = render(&plan, &PreviewOptions::default());
        camera.map_point(&model, MapPoint::new(0.0, model.top_map_y_mm())).unwrap()
    };
    let mut last = 0.0;
    for session in 1..=3 {
        let (image, _, _) =
            render(&plan, &PreviewOptions { session: Some(session), ..Default::default() });
        let d = darkening(&image, centre, 40);
        assert!(d > last, "session {session}: {d} ≤ {last}");
        last = d;
    }
    let alignment = Alignment::default_fit(View::Top, &model, 100, 100);
    let mut image = RgbImage::from_pixel(100, 100, SKIN);
    for session in [0, 4] {
        let options = PreviewOptions { session: Some(session), ..Default::default() };
        let err = render_preview(&plan, &model, &alignment, &mut image, &options).unwrap_err();
        assert!(err.to_string().contains("1–3"), "{err}");
    }
}

#[test]
fn the_rendered_preview_is_identical_on_any_thread_count() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let plan = crown_disc(1.2, model.top_map_y_mm());
    let options = PreviewOptions { guides: true, ..Default::default() };
    let run = |threads| on_threads(threads, || render(&plan, &options).0);
    let one = run(1);
    assert!(one == run(2));
    // Guides draw over the render.
    assert!(one != render(&plan, &PreviewOptions::default()).0);
}

#[test]
fn compare_puts_before_and_after_side_by_side() {
    let before = RgbImage::from_pixel(30, 20, SKIN);
    let after = RgbImage::from_pixel(30, 20, Rgb([1, 2, 3]));
    let pair = side_by_side(&before, &after);
    assert_eq!(pair.dimensions(), (60, 20));
    assert_eq!(*pair.get_pixel(29, 19), SKIN);
    assert_eq!(*pair.get_pixel(30, 0), Rgb([1, 2, 3]));
    let mut png = Vec::new();
    encode_image(&pair, ImageFormat::Png, &mut png).unwrap();
    let back = smpsim::decode_photo(&png, &smpsim::PhotoOptions::default()).unwrap();
    assert_eq!(back, pair);
    let mut jpeg = Vec::new();
    encode_image(&pair, ImageFormat::Jpeg { quality: 92 }, &mut jpeg).unwrap();
    assert_eq!(smpsim::decode_photo(&jpeg, &Default::default()).unwrap().dimensions(), (60, 20));
}

#[test]
fn every_builtin_preset_renders_and_each_looks_different() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let mut seen: Vec<(String, RgbImage)> = Vec::new();
    for name in smpsim::spec::builtin_names() {
        let layout = builtin(name).layout(&smpsim::MaskImages::new()).unwrap();
        let plan = smpsim::build_plan(&layout, &smpsim::PlanOptions::default()).unwrap();
        let view = default_view(&plan);
        let alignment = Alignment::default_fit(view, &model, 500, 500);
        let mut image = RgbImage::from_pixel(500, 500, SKIN);
        let options = PreviewOptions { guides: true, ..Default::default() };
        let summary = render_preview(&plan, &model, &alignment, &mut image, &options).unwrap();
        assert!(summary.dots_drawn > 0, "{name}: no dot visible from the {view}");
        for (other, earlier) in &seen {
            assert!(*earlier != image, "{name} looks exactly like {other}");
        }
        seen.push((name.to_string(), image));
    }
    assert!(seen.len() >= 10);
}

#[test]
fn every_preview_carries_the_simulation_label() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let plan = crown_disc(1.5, model.top_map_y_mm());
    let (image, _, _) = render(&plan, &PreviewOptions::default());
    // Bottom-left corner: the label's dark box and light text.
    let corner = (0..60).flat_map(|x| (650..700).map(move |y| (x, y)));
    let changed = corner.filter(|&(x, y)| *image.get_pixel(x, y) != SKIN).count();
    assert!(changed > 500, "{changed} pixels of the label");
}
