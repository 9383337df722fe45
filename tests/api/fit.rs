//! The automatic fit on real photos (downscaled copies in `tests/photos/`, labelled by hand:
//! see its README), through the public API.

use smpsim::head::{FitOptions, HeadFit, ScalpMask, fit_head, fit_to_alignment};
use smpsim::{HeadModel, HeadSize, PhotoOptions, View, decode_photo};

use crate::support::on_threads;

/// A hand-labelled photo: the head's outline (skin and hair, without neck and ears) as a
/// polygon in px of the 256 px copy, and the image direction of the top of the head (or, from
/// above, of the forehead).
pub struct Truth {
    pub name: &'static str,
    pub view: View,
    pub outline_px: &'static [(f64, f64)],
    pub top_dir: [f64; 2],
}

/// The labels of the copies in `tests/photos/` (the README there shows the same).
pub const TRUTH: [Truth; 11] = [
    Truth {
        name: "front-02",
        view: View::Front,
        outline_px: &[
            (115.0, 68.0),
            (150.0, 72.0),
            (185.0, 88.0),
            (210.0, 110.0),
            (222.0, 140.0),
            (228.0, 180.0),
            (230.0, 256.0),
            (15.0, 256.0),
            (18.0, 200.0),
            (28.0, 150.0),
            (45.0, 115.0),
            (75.0, 85.0),
        ],
        top_dir: [0.0, -1.0],
    },
    Truth {
        name: "front-05",
        view: View::Front,
        outline_px: &[
            (22.0, 0.0),
            (245.0, 0.0),
            (248.0, 60.0),
            (245.0, 110.0),
            (235.0, 140.0),
            (215.0, 160.0),
            (185.0, 172.0),
            (150.0, 177.0),
            (110.0, 175.0),
            (75.0, 165.0),
            (48.0, 145.0),
            (30.0, 115.0),
            (22.0, 70.0),
        ],
        top_dir: [0.0, 1.0],
    },
    Truth {
        name: "left-06",
        view: View::Left,
        outline_px: &[
            (150.0, 15.0),
            (195.0, 22.0),
            (230.0, 45.0),
            (250.0, 80.0),
            (255.0, 120.0),
            (250.0, 160.0),
            (225.0, 200.0),
            (200.0, 230.0),
            (150.0, 245.0),
            (90.0, 240.0),
            (60.0, 235.0),
            (20.0, 190.0),
            (10.0, 165.0),
            (40.0, 100.0),
            (80.0, 40.0),
            (115.0, 22.0),
        ],
        top_dir: [0.0, -1.0],
    },
    Truth {
        name: "right-03",
        view: View::Right,
        outline_px: &[
            (12.0, 130.0),
            (20.0, 95.0),
            (40.0, 60.0),
            (70.0, 38.0),
            (100.0, 28.0),
            (140.0, 15.0),
            (175.0, 20.0),
            (210.0, 30.0),
            (235.0, 65.0),
            (230.0, 150.0),
            (210.0, 190.0),
            (180.0, 215.0),
            (120.0, 222.0),
            (80.0, 212.0),
            (45.0, 192.0),
            (20.0, 165.0),
        ],
        top_dir: [-1.0, 0.0],
    },
    Truth {
        name: "back-02",
        view: View::Back,
        outline_px: &[
            (130.0, 20.0),
            (170.0, 25.0),
            (195.0, 45.0),
            (205.0, 80.0),
            (205.0, 120.0),
            (195.0, 150.0),
            (170.0, 160.0),
            (130.0, 162.0),
            (95.0, 160.0),
            (70.0, 150.0),
            (60.0, 120.0),
            (60.0, 80.0),
            (68.0, 45.0),
            (95.0, 25.0),
        ],
        top_dir: [0.0, -1.0],
    },
    Truth {
        name: "top-01",
        view: View::Top,
        outline_px: &[
            (128.0, 26.0),
            (165.0, 29.0),
            (200.0, 40.0),
            (222.0, 56.0),
            (235.0, 75.0),
            (242.0, 100.0),
            (244.0, 128.0),
            (241.0, 155.0),
            (233.0, 180.0),
            (218.0, 203.0),
            (195.0, 222.0),
            (165.0, 235.0),
            (128.0, 240.0),
            (95.0, 235.0),
            (65.0, 222.0),
            (42.0, 200.0),
            (28.0, 172.0),
            (21.0, 145.0),
            (21.0, 118.0),
            (26.0, 90.0),
            (37.0, 64.0),
            (55.0, 44.0),
            (85.0, 31.0),
        ],
        top_dir: [0.0, 1.0],
    },
    Truth {
        name: "top-06",
        view: View::Top,
        outline_px: &[
            (150.0, 30.0),
            (200.0, 45.0),
            (235.0, 80.0),
            (242.0, 130.0),
            (230.0, 175.0),
            (200.0, 205.0),
            (150.0, 215.0),
            (100.0, 212.0),
            (60.0, 190.0),
            (40.0, 150.0),
            (37.0, 110.0),
            (55.0, 70.0),
            (95.0, 40.0),
        ],
        top_dir: [0.0, 1.0],
    },
    Truth {
        name: "left-04",
        view: View::Left,
        outline_px: &[
            (132.0, 28.0),
            (168.0, 32.0),
            (200.0, 46.0),
            (222.0, 66.0),
            (231.0, 92.0),
            (229.0, 120.0),
            (218.0, 144.0),
            (200.0, 158.0),
            (168.0, 166.0),
            (132.0, 172.0),
            (96.0, 178.0),
            (74.0, 179.0),
            (60.0, 168.0),
            (55.0, 149.0),
            (51.0, 138.0),
            (40.0, 130.0),
            (46.0, 118.0),
            (52.0, 104.0),
            (51.0, 86.0),
            (56.0, 68.0),
            (70.0, 50.0),
            (96.0, 35.0),
        ],
        top_dir: [0.0, -1.0],
    },
    Truth {
        name: "front-unsplash-hairline",
        view: View::Front,
        outline_px: &[
            (125.0, 11.0),
            (160.0, 14.0),
            (190.0, 28.0),
            (212.0, 50.0),
            (222.0, 75.0),
            (222.0, 105.0),
            (218.0, 125.0),
            (200.0, 140.0),
            (200.0, 175.0),
            (192.0, 200.0),
            (185.0, 225.0),
            (175.0, 245.0),
            (165.0, 256.0),
            (95.0, 256.0),
            (80.0, 248.0),
            (62.0, 225.0),
            (55.0, 200.0),
            (52.0, 175.0),
            (50.0, 150.0),
            (38.0, 130.0),
            (28.0, 105.0),
            (28.0, 75.0),
            (35.0, 50.0),
            (55.0, 30.0),
            (82.0, 18.0),
        ],
        top_dir: [0.0, -1.0],
    },
    Truth {
        name: "front-06",
        view: View::Front,
        outline_px: &[
            (52.0, 24.0),
            (100.0, 20.0),
            (148.0, 28.0),
            (188.0, 44.0),
            (216.0, 68.0),
            (236.0, 96.0),
            (246.0, 120.0),
            (240.0, 140.0),
            (224.0, 168.0),
            (204.0, 192.0),
            (176.0, 212.0),
            (140.0, 232.0),
            (100.0, 240.0),
            (60.0, 236.0),
            (32.0, 212.0),
            (18.0, 176.0),
            (14.0, 132.0),
            (18.0, 88.0),
            (30.0, 52.0),
        ],
        top_dir: [-1.0, 0.0],
    },
    Truth {
        name: "back-03",
        view: View::Back,
        outline_px: &[
            (80.0, 24.0),
            (132.0, 22.0),
            (172.0, 30.0),
            (200.0, 44.0),
            (218.0, 60.0),
            (230.0, 84.0),
            (236.0, 120.0),
            (230.0, 160.0),
            (216.0, 192.0),
            (192.0, 216.0),
            (168.0, 226.0),
            (132.0, 232.0),
            (88.0, 224.0),
            (52.0, 200.0),
            (28.0, 168.0),
            (16.0, 128.0),
            (18.0, 92.0),
            (32.0, 60.0),
            (52.0, 38.0),
        ],
        top_dir: [-1.0, 0.0],
    },
];

/// The decoded copy of `name` from `tests/photos/`.
pub fn photo(name: &str) -> image::RgbImage {
    let path = format!("{}/tests/photos/{name}.jpg", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    decode_photo(&bytes, &PhotoOptions::default()).expect("a test photo decodes")
}

/// Even-odd point-in-polygon.
fn in_polygon(p: (f64, f64), poly: &[(f64, f64)]) -> bool {
    let mut inside = false;
    for (i, &a) in poly.iter().enumerate() {
        let b = poly[(i + 1) % poly.len()];
        if (a.1 > p.1) != (b.1 > p.1) && p.0 < a.0 + (p.1 - a.1) / (b.1 - a.1) * (b.0 - a.0) {
            inside = !inside;
        }
    }
    inside
}

/// IoU of the fitted outline (clipped to the photo) with the truth, and the share of the scalp
/// mask outside the truth.
fn scores(fit: &HeadFit, mask: &ScalpMask, truth: &Truth, size: (u32, u32)) -> (f64, f64) {
    let (mut both, mut either, mut masked, mut spilt) = (0usize, 0usize, 0usize, 0usize);
    for y in 0..size.1 {
        for x in 0..size.0 {
            let p = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            let t = in_polygon(p, truth.outline_px);
            let f = fit.outline.distance2([p.0, p.1]) <= 1.0;
            both += usize::from(t && f);
            either += usize::from(t || f);
            if mask.contains(x, y) {
                masked += 1;
                spilt += usize::from(!t);
            }
        }
    }
    (both as f64 / either.max(1) as f64, spilt as f64 / masked.max(1) as f64)
}

/// Lowest IoU of a fitted outline with a hand-labelled one over the copies (measured: 0.52 on
/// back-02, whose dark hair meets a dark shirt; 0.74–0.88 on the others).
const MIN_IOU: f64 = 0.5;
/// Largest share of a scalp mask outside the labelled head (measured: 0.10 on back-02, where
/// the mask runs onto the neck; at most 0.03 on the others; 0.26 on left-04 when its region
/// ran into the wall behind and the fit turned the head upside down).
const MAX_MASK_SPILL: f64 = 0.12;
/// Largest angle between the fitted and the labelled orientation when the fit is sure and the
/// model can follow it, degrees.
const MAX_SURE_ANGLE_DEG: f64 = 45.0;

#[test]
fn fits_on_real_photos_cover_the_head_and_know_when_they_are_unsure() {
    for truth in &TRUTH {
        let image = photo(truth.name);
        let (w, h) = image.dimensions();
        let fit = fit_head(&image, truth.view, &FitOptions::default());
        let mask = ScalpMask::from_fit(&fit, truth.view, w, h);
        let (iou, spill) = scores(&fit, &mask, truth, (w, h));
        let cos = fit.top_dir[0] * truth.top_dir[0] + fit.top_dir[1] * truth.top_dir[1];
        let angle_deg = cos.clamp(-1.0, 1.0).acos().to_degrees();
        let sure = fit.doubt.is_none();
        assert!(iou >= MIN_IOU, "{}: IoU {iou:.2} < {MIN_IOU}", truth.name);
        assert!(spill <= MAX_MASK_SPILL, "{}: mask spill {spill:.3}", truth.name);
        assert!(
            !sure || angle_deg <= MAX_SURE_ANGLE_DEG,
            "{}: sure of an orientation {angle_deg:.0}° off",
            truth.name
        );
    }
}

/// Largest share of a top view's scalp mask outside the labelled head when bare shoulders of
/// the same skin touch it (measured on `top-01`: 0.026; 0.062 when the outline was the region's
/// moments, which the shoulders dragged 17 % wider than the head).
const MAX_TOP_SHOULDER_SPILL: f64 = 0.035;
/// Least IoU of that top view's outline with the labelled one (measured 0.91; 0.85 from the
/// moments).
const MIN_TOP_SHOULDER_IOU: f64 = 0.88;

/// From above, bare shoulders join the head region; the outline follows the skull's own edge
/// and the mask stays off them.
#[test]
fn a_top_views_outline_and_mask_leave_out_the_shoulders() {
    let truth = TRUTH.iter().find(|t| t.name == "top-01").expect("top-01 is labelled");
    let image = photo(truth.name);
    let (w, h) = image.dimensions();
    let fit = fit_head(&image, truth.view, &FitOptions::default());
    let (iou, spill) = scores(&fit, &ScalpMask::from_fit(&fit, truth.view, w, h), truth, (w, h));
    assert!(spill <= MAX_TOP_SHOULDER_SPILL, "mask spill {spill:.3}");
    assert!(iou >= MIN_TOP_SHOULDER_IOU, "IoU {iou:.3}");
}

/// Largest gap between a front view's fitted outline and the labelled head at the top of the
/// head, along the labelled top, as a share of the labelled head's length along it (measured:
/// at most 0.054, on the portrait; 0.12 when the portrait's grey hair was left out of the
/// outline and the model's hairline landed on the brows).
const MAX_FRONT_TOP_GAP: f64 = 0.08;

/// In a front view the model's hairline hangs from the outline's top: an outline that stops
/// at the forehead puts it on the brows.
#[test]
fn a_front_views_outline_reaches_the_top_of_the_hair() {
    for truth in TRUTH.iter().filter(|t| t.view == View::Front) {
        let fit = fit_head(&photo(truth.name), truth.view, &FitOptions::default());
        let length = truth.top_dir[0].hypot(truth.top_dir[1]);
        let up = [truth.top_dir[0] / length, truth.top_dir[1] / length];
        let height = |p: (f64, f64)| p.0 * up[0] + p.1 * up[1];
        let top = truth.outline_px.iter().map(|&p| height(p)).fold(f64::MIN, f64::max);
        let bottom = truth.outline_px.iter().map(|&p| height(p)).fold(f64::MAX, f64::min);
        // The outline's farthest reach along `up`: its support function.
        let e = &fit.outline;
        let (s, c) = e.angle_rad.sin_cos();
        let (along, across) = (up[0] * c + up[1] * s, -up[0] * s + up[1] * c);
        let reach = height((e.center_px[0], e.center_px[1]))
            + (e.semi_axes_px[0] * along).hypot(e.semi_axes_px[1] * across);
        let gap = (top - reach).abs() / (top - bottom);
        assert!(gap <= MAX_FRONT_TOP_GAP, "{}: the outline's top {gap:.3} off", truth.name);
    }
}

#[test]
fn the_fit_is_deterministic_and_thread_independent() {
    let image = photo("left-06");
    let one = on_threads(1, || fit_head(&image, View::Left, &FitOptions::default()));
    let two = on_threads(2, || fit_head(&image, View::Left, &FitOptions::default()));
    assert_eq!(one, two);
    let (w, h) = image.dimensions();
    assert_eq!(
        ScalpMask::from_fit(&one, View::Left, w, h),
        ScalpMask::from_fit(&two, View::Left, w, h)
    );
}

/// The head model placed on a fit is turned by the fit's roll and spans the fitted outline.
#[test]
fn the_model_follows_the_fitted_outline_and_roll() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    for truth in &TRUTH {
        let fit = fit_head(&photo(truth.name), truth.view, &FitOptions::default());
        let alignment = fit_to_alignment(&fit, truth.view, &model, None);
        let pose = alignment.pose;
        let roll_gap = (pose.roll_deg - fit.roll_deg()).abs();
        assert!(
            roll_gap < 1e-9,
            "{}: roll {} for a fit at {}",
            truth.name,
            pose.roll_deg,
            fit.roll_deg()
        );
        let (placed, fitted) = (pose.outline(&model).bounds_px(), fit.outline.bounds_px());
        if let Some(g) = fit.glabella_px {
            // Hung from the brows: the model's top on the outline's top, its glabella (the head
            // frame's origin in a front view) on the brows, its breadth the outline's.
            assert_eq!(pose.origin_px, g, "{}", truth.name);
            let reach = |e: &smpsim::head::ImageEllipse| {
                let c = e.center_px;
                c[0] * fit.top_dir[0] + c[1] * fit.top_dir[1] + e.radius_toward(fit.top_dir)
            };
            let gap = reach(&pose.outline(&model)) - reach(&fit.outline);
            assert!(gap.abs() < 0.01, "{}: model's top {gap} px off the outline's", truth.name);
            let across = usize::from(fit.top_dir[1].abs() < fit.top_dir[0].abs());
            for i in [across, across + 2] {
                let (a, b) = (placed[i], fitted[i]);
                assert!((a - b).abs() < 0.01, "{}: model {placed:?}, fit {fitted:?}", truth.name);
            }
            continue;
        }
        for (a, b) in placed.iter().zip(fitted) {
            assert!((a - b).abs() < 0.01, "{}: model spans {placed:?}, fit {fitted:?}", truth.name);
        }
        // A rotation the user gave wins over the fit's.
        let given = fit_to_alignment(&fit, truth.view, &model, Some([10.0, 20.0, 180.0]));
        assert_eq!(
            [given.pose.yaw_deg, given.pose.pitch_deg, given.pose.roll_deg],
            [10.0, 20.0, 180.0]
        );
    }
}

/// Glabellas labelled by eye between the inner ends of the brows, px of the 256 px copies.
const BROWS: [(&str, [f64; 2]); 2] = [("front-01", [132.0, 250.0]), ("front-03", [130.0, 48.0])];
/// Largest miss of a found glabella along the head (measured: 3 px on front-01 and on the
/// upside-down front-03, under 3 mm) and across it (5 and 12 px: the brows' own asymmetry and
/// a head turned a little move it sideways, which shifts the plan less than a miss along the
/// head), px of the copies.
const MAX_GLABELLA_MISS_PX: [f64; 2] = [5.0, 15.0];

/// A front close-up of a hairline (front-01 ends at the brows, front-03 upside down at the
/// nose) hangs the head from the brows: found where they are labelled, with the model's top on the outline's, so the plan's
/// hairline lands at the forehead rather than in the hair (it sat 120 px of 640 above the
/// client's hair border when the outline was taken to reach the chin). A photo with no face
/// (front-02, a bowed bald head) finds none.
#[test]
fn a_front_close_up_hangs_the_head_from_the_brows() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    for (name, [x, y]) in BROWS {
        let fit = fit_head(&photo(name), View::Front, &FitOptions::default());
        let Some([gx, gy]) = fit.glabella_px else { panic!("{name}: no brows found") };
        let (along, across) = ((gy - y).abs(), (gx - x).abs());
        assert!(
            along <= MAX_GLABELLA_MISS_PX[0] && across <= MAX_GLABELLA_MISS_PX[1],
            "{name}: glabella at {gx:.1},{gy:.1}, labelled {x},{y}"
        );
        let pose = fit_to_alignment(&fit, View::Front, &model, None).pose;
        assert_eq!(pose.origin_px, [gx, gy], "{name}");
    }
    let bald = fit_head(&photo("front-02"), View::Front, &FitOptions::default());
    assert_eq!(bald.glabella_px, None);
}

/// Turning a photo in its pixels turns the fit with it: the outline's centre moves with the
/// pixels and the top of the head turns by the same quarter turns (where the fit is sure).
#[test]
fn a_photo_turned_in_its_pixels_turns_the_fit() {
    for truth in &TRUTH {
        let image = photo(truth.name);
        let upright = fit_head(&image, truth.view, &FitOptions::default());
        let turned_image = image::imageops::rotate180(&image);
        let turned = fit_head(&turned_image, truth.view, &FitOptions::default());
        let (w, h) = (f64::from(image.width()), f64::from(image.height()));
        let [cx, cy] = upright.outline.center_px;
        let moved =
            (turned.outline.center_px[0] - (w - cx)).hypot(turned.outline.center_px[1] - (h - cy));
        assert!(
            moved < 0.05 * w.max(h),
            "{}: centre {moved:.1} px off its turned place",
            truth.name
        );
        if upright.doubt.is_none() && turned.doubt.is_none() {
            let dot =
                upright.top_dir[0] * -turned.top_dir[0] + upright.top_dir[1] * -turned.top_dir[1];
            let angle_deg = dot.clamp(-1.0, 1.0).acos().to_degrees();
            assert!(angle_deg < 20.0, "{}: the top turned by 180° ± {angle_deg:.0}°", truth.name);
        }
    }
}

/// A close-up resamples the mask with the photo: no close-up pixel whose source lies off the
/// painted scalp changes, but the label and the scale bar.
#[test]
fn a_close_up_changes_nothing_off_the_mask() {
    use smpsim::render::{Zoom, ZoomOptions};
    use smpsim::{
        Alignment, Background, HeadBox, MaskImages, PlanOptions, Preview, PreviewOptions,
        Rendering, ZoomTarget, build_plan,
    };
    let image = photo("top-06");
    let (w, h) = image.dimensions();
    let disc = |x: f64, y: f64| (x - 140.0).hypot(y - 120.0) <= 50.0;
    let painted = image::RgbImage::from_fn(w, h, |x, y| {
        let v = if disc(f64::from(x) + 0.5, f64::from(y) + 0.5) { 255 } else { 0 };
        image::Rgb([v, v, v])
    });
    let mask = ScalpMask::from_image(&painted, [w, h]).unwrap();
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let layout = crate::support::builtin("norwood-4").layout(&MaskImages::new()).unwrap();
    let plan = build_plan(&layout, &PlanOptions { seed: 3, ..PlanOptions::default() }).unwrap();
    let alignment = Alignment::default_fit(View::Top, &model, w, h);
    let region = HeadBox { x_px: 80.0, y_px: 60.0, width_px: 120.0, height_px: 120.0 };
    let request = Preview {
        layout: &layout,
        plan: &plan,
        model: &model,
        background: Background::Photo {
            image: image.clone(),
            alignment,
            mask: Some(mask),
            look: None,
        },
        zoom: Some(ZoomTarget::Box(region)),
        rendering: Rendering::Single(PreviewOptions::default()),
    };
    let out = request.render().unwrap().image;
    let zoom = Zoom::resolve(
        ZoomTarget::Box(region),
        &plan,
        &model,
        &alignment,
        w,
        h,
        &ZoomOptions::default(),
    )
    .unwrap();
    let before = zoom.resample(&image);
    let k = zoom.magnification;
    let (zw, zh) = out.dimensions();
    let (mut changed_on, mut changed_off) = (0usize, 0usize);
    for (x, y, p) in out.enumerate_pixels() {
        // The label and scale bar sit in the bottom fifth.
        if p == before.get_pixel(x, y) || y > zh * 4 / 5 || x > zw {
            continue;
        }
        let (sx, sy) = (80.0 + (f64::from(x) + 0.5) / k, 60.0 + (f64::from(y) + 0.5) / k);
        let on = disc(sx.floor() + 0.5, sy.floor() + 0.5);
        changed_on += usize::from(on);
        changed_off += usize::from(!on);
    }
    assert!(changed_on > 1000, "only {changed_on} scalp pixels changed");
    assert_eq!(changed_off, 0, "{changed_off} pixels off the mask changed");
}

/// A head placed by hand 25 % too large: its outline alone spills onto the background, the
/// outline inside the fit's head region stays on the head and keeps most of what was on it.
#[test]
fn a_head_placed_too_large_by_hand_keeps_its_scalp_on_the_head() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let (mut outline_spill, mut bounded_spill) = (0.0f64, 0.0f64);
    for truth in &TRUTH {
        let image = photo(truth.name);
        let (w, h) = image.dimensions();
        let fit = fit_head(&image, truth.view, &FitOptions::default());
        let mut alignment = fit_to_alignment(&fit, truth.view, &model, None);
        alignment.pose.scale_px_per_mm = alignment.pose.scale_px_per_mm.map(|s| s * 1.25);
        let outline = alignment.pose.outline(&model);
        let bounded = ScalpMask::from_model_in_region(&model, &alignment, &fit, w, h);
        let (mut on_head, mut kept_on_head, mut spilt, mut kept_spilt) = (0, 0, 0, 0);
        for y in 0..h {
            for x in 0..w {
                let p = (f64::from(x) + 0.5, f64::from(y) + 0.5);
                let t = in_polygon(p, truth.outline_px);
                let (v, b) = (outline.distance2([p.0, p.1]) <= 1.0, bounded.contains(x, y));
                assert!(v || !b, "{}: the bounded mask left the outline at {x},{y}", truth.name);
                on_head += usize::from(v && t);
                kept_on_head += usize::from(b && t);
                spilt += usize::from(v && !t);
                kept_spilt += usize::from(b && !t);
            }
        }
        let share = |a: usize, b: usize| a as f64 / (a + b).max(1) as f64;
        let (vs, bs) = (share(spilt, on_head), share(kept_spilt, kept_on_head));
        let kept = kept_on_head as f64 / on_head.max(1) as f64;
        eprintln!("{}: spill {vs:.3} → {bs:.3}, kept {kept:.3} of the head's", truth.name);
        // From behind, the neck lies under the outline and is skin the region keeps; the plan
        // puts no dots there, so the back views are only held to spilling less.
        let most = if truth.view == View::Back { 0.8 * vs } else { (vs / 2.0).min(0.2) };
        assert!(bs <= most, "{}: spill {vs:.3} → {bs:.3}", truth.name);
        assert!(kept >= MIN_BOUNDED_KEPT, "{}: kept {kept:.3}", truth.name);
        outline_spill = outline_spill.max(vs);
        bounded_spill = bounded_spill.max(bs);
    }
    eprintln!("worst spill: outline {outline_spill:.3}, bounded {bounded_spill:.3}");
}

/// A head placed by hand where the fit found no head (the fit took something else for it):
/// the placement is believed, and its whole outline is the scalp.
#[test]
fn a_head_placed_away_from_the_fitted_one_keeps_its_whole_outline() {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let truth = TRUTH.iter().find(|t| t.name == "top-06").expect("top-06 is labelled");
    let image = photo(truth.name);
    let (w, h) = image.dimensions();
    let fit = fit_head(&image, truth.view, &FitOptions::default());
    let mut alignment = fit_to_alignment(&fit, truth.view, &model, None);
    alignment.pose.scale_px_per_mm = alignment.pose.scale_px_per_mm.map(|s| s * 0.3);
    alignment.pose.origin_px = [f64::from(w) * 0.12, f64::from(h) * 0.12];
    let outline = alignment.pose.outline(&model);
    let bounded = ScalpMask::from_model_in_region(&model, &alignment, &fit, w, h);
    let mut outline_px = 0;
    for y in 0..h {
        for x in 0..w {
            let inside = outline.distance2([f64::from(x) + 0.5, f64::from(y) + 0.5]) <= 1.0;
            assert_eq!(bounded.contains(x, y), inside, "at {x},{y}");
            outline_px += usize::from(inside);
        }
    }
    assert!(outline_px > 100, "the moved outline is empty");
}

/// Least share of the outline's pixels on the labelled head the bounded scalp keeps (measured:
/// 0.781 on back-02, whose dark hair meets a dark shirt; 0.79–0.97 on the others). Measured
/// spill off the labelled head, outline alone → bounded: 0.17–0.45 → 0.005–0.185 (left-04,
/// whose region runs into the pale wall) in front, top and side views; from behind 0.483 →
/// 0.368 and 0.386 → 0.220.
const MIN_BOUNDED_KEPT: f64 = 0.75;
