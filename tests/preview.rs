//! The preview's assembly: projecting a plan's dots into a view, and the alignment guides.

use std::sync::Arc;

use image::{Rgb, RgbImage};
use smpsim::{
    Alignment, Camera, Dot, DotLook, HeadModel, HeadSize, MapPoint, MapRect, Plan, PlanZone,
    UniformDensity, View, ZoneKind, default_view, draw_guides, project_dots,
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

fn healed(d: &Dot) -> DotLook {
    DotLook { radius_mm: d.diameter_mm / 2.0, strength: 0.8 }
}

#[test]
fn projection_does_not_depend_on_the_thread_count() {
    let plan = plan(ZoneKind::Crown);
    let (model, camera) = setup(View::Top);
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| project_dots(&plan, 2, &model, &camera, 800, 800, healed))
    };
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
    let none = project_dots(&plan, 2, &model, &camera, 800, 800, |_| DotLook {
        radius_mm: 0.1,
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
    let b = a.head_box;
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
