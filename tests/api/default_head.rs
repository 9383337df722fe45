//! The built-in default head: its face and anatomy land where a human head has them, in every
//! view, for every skin type, deterministically; shaved hair shades the scalp but not the ears.

use crate::support::builtin;
use image::{Rgb, RgbImage};
use smpsim::head::Camera;
use smpsim::render::{CraniumOutline, DefaultHeadOptions, default_head_scene, draw_default_head};
use smpsim::{
    Alignment, DefaultSceneOptions, HeadModel, HeadSize, MaskImages, PlanOptions, SkinType, View,
    build_plan,
};

const SIZE_PX: u32 = 500;
const BACKGROUND: Rgb<u8> = Rgb([196, 198, 200]);

/// The default head's cranium semi-axes in the image plane of `view`, mm (right, up).
fn radii_mm(view: View) -> [f32; 2] {
    match view {
        View::Front | View::Back => [77.5, 125.0],
        View::Left | View::Right => [97.5, 125.0],
        View::Top => [77.5, 97.5],
    }
}

struct Render {
    image: RgbImage,
    cranium: CraniumOutline,
    view: View,
}

impl Render {
    fn new(view: View, skin: SkinType) -> Self {
        Self::sized(view, skin, SIZE_PX, SIZE_PX)
    }

    /// The head in a `width_px × height_px` image: a tall one shows the neck below the chin.
    fn sized(view: View, skin: SkinType, width_px: u32, height_px: u32) -> Self {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let alignment = Alignment::default_fit(view, &model, width_px, height_px);
        let cranium = CraniumOutline::of_head(&model, &Camera::new(&model, &alignment));
        let mut image = RgbImage::new(width_px, height_px);
        let options = DefaultHeadOptions { skin, ..DefaultHeadOptions::default() };
        draw_default_head(&mut image, view, &cranium, &options);
        Self { image, cranium, view }
    }

    /// Pixel position of head-plane point `(u, v)` mm (u right, v up, origin at the cranium's
    /// centre, glabella level).
    fn px(&self, u: f32, v: f32) -> (u32, u32) {
        let [ru, rv] = radii_mm(self.view);
        let c = &self.cranium;
        let x = c.center_px[0] + u / ru * c.radii_px[0];
        let y = c.center_px[1] - v / rv * c.radii_px[1];
        (x as u32, y as u32)
    }

    /// Mean luma and mean colour over a square of `half_mm` around `(u, v)`.
    fn mean(&self, u: f32, v: f32, half_mm: f32) -> (f32, [f32; 3]) {
        let (x0, y0) = self.px(u - half_mm, v + half_mm);
        let (x1, y1) = self.px(u + half_mm, v - half_mm);
        let mut sum = [0.0f32; 3];
        let mut n = 0.0;
        for y in y0..=y1 {
            for x in x0..=x1 {
                let p = self.image.get_pixel(x, y);
                for c in 0..3 {
                    sum[c] += f32::from(p[c]);
                }
                n += 1.0;
            }
        }
        let m = sum.map(|s| s / n);
        (0.299 * m[0] + 0.587 * m[1] + 0.114 * m[2], m)
    }

    /// Darkest luma over a square of `half_mm` around `(u, v)`.
    fn darkest(&self, u: f32, v: f32, half_mm: f32) -> f32 {
        let (x0, y0) = self.px(u - half_mm, v + half_mm);
        let (x1, y1) = self.px(u + half_mm, v - half_mm);
        let mut low = f32::MAX;
        for y in y0..=y1 {
            for x in x0..=x1 {
                let p = self.image.get_pixel(x, y);
                low = low.min(
                    0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]),
                );
            }
        }
        low
    }

    /// Whether the pixel at `(u, v)` is background.
    fn is_background(&self, u: f32, v: f32) -> bool {
        let (x, y) = self.px(u, v);
        self.background_px(x, y)
    }

    fn background_px(&self, x: u32, y: u32) -> bool {
        let p = self.image.get_pixel(x, y);
        (0..3).all(|c| (i32::from(p[c]) - i32::from(BACKGROUND[c])).abs() <= 30)
            && (i32::from(p[0]) - i32::from(p[2])).abs() < 12
    }

    /// The head's extent across the image row at height `v` mm: its first and last pixels
    /// that are not background, in mm (`None` if the row is all background).
    fn span_mm(&self, v: f32) -> Option<[f32; 2]> {
        let (_, y) = self.px(0.0, v);
        let head = (0..self.image.width()).filter(|&x| !self.background_px(x, y));
        let (first, last) = head.fold((None, None), |(f, _), x| (f.or(Some(x)), Some(x)));
        let [ru, _] = radii_mm(self.view);
        let c = &self.cranium;
        let to_mm = |x: u32| (x as f32 + 0.5 - c.center_px[0]) / c.radii_px[0] * ru;
        Some([to_mm(first?), to_mm(last?)])
    }

    /// Width of the head across the row at height `v`, mm.
    fn width_mm(&self, v: f32) -> f32 {
        self.span_mm(v).map_or(0.0, |[a, b]| b - a)
    }
}

#[test]
fn front_view_has_closed_eyes_brows_nose_and_lips_where_a_face_has_them() {
    let r = Render::new(View::Front, SkinType::I);
    let (forehead, _) = r.mean(0.0, 45.0, 4.0);
    for s in [-1.0f32, 1.0] {
        // The lash lines of the closed eyes, about 14 mm below the glabella, 31 mm apart.
        let lash = r.darkest(s * 31.0, -14.5, 2.5);
        assert!(lash < forehead - 40.0, "lash {lash} vs forehead {forehead}");
        // Brows above them.
        let (brow, _) = r.mean(s * 32.0, 10.0, 1.5);
        assert!(brow < forehead - 20.0, "brow {brow} vs forehead {forehead}");
        // The nostrils darken under the tip of the nose.
        assert!(r.darkest(s * 6.5, -61.0, 2.0) < forehead - 40.0);
    }
    // Between the eyes (the bridge of the nose) no lash line.
    assert!(r.mean(0.0, -14.5, 1.0).0 > forehead - 30.0);
    // Lips are redder than the cheeks.
    let (_, lip) = r.mean(0.0, -84.0, 2.0);
    let (_, cheek) = r.mean(-40.0, -55.0, 3.0);
    assert!(lip[0] / lip[1] > cheek[0] / cheek[1] + 0.05, "lip {lip:?} cheek {cheek:?}");
    // The nose is shaded on the side away from the light (from the upper left).
    let (lit_side, _) = r.mean(-7.0, -35.0, 1.5);
    let (shade_side, _) = r.mean(7.0, -35.0, 1.5);
    assert!(lit_side > shade_side + 4.0, "{lit_side} vs {shade_side}");
}

#[test]
fn ears_are_whole_at_every_image_size() {
    // The head is painted in tiles judged from their centres; a tile just past one ear once
    // measured its distance from the other ear and was left blank, cutting a corner off the
    // ear at some sizes.
    for view in [View::Front, View::Back] {
        for size_px in [300, 400, 500, 640] {
            let r = Render::sized(view, SkinType::VI, size_px, size_px);
            for step in 0..=14 {
                let v = -40.0 + 2.5 * step as f32;
                let [a, b] = r.span_mm(v).unwrap();
                // Both ears reach out as far, to within a pixel (about 1 mm at 300 px).
                let px_mm = 250.0 / (0.8 * size_px as f32);
                let out = format!("{view} at {size_px} px, {v} mm: {a}..{b}");
                assert!(a < -85.0 && b > 85.0 && (a + b).abs() <= px_mm, "{out}");
            }
        }
    }
}

#[test]
fn ears_widen_the_outline_at_their_height_only() {
    for view in [View::Front, View::Back] {
        let r = Render::new(view, SkinType::III);
        for s in [-1.0f32, 1.0] {
            // Ear level (brow to nose base): head beyond the cranium; above it, background.
            assert!(!r.is_background(s * 84.0, -25.0), "{view}: no ear at {s}");
            assert!(r.is_background(s * 84.0, 40.0), "{view}: outline too wide above the ear");
            assert!(r.is_background(s * 84.0, -80.0), "{view}: ear hangs too low");
        }
    }
}

#[test]
fn profiles_show_nose_and_chin_in_front_and_the_ear_behind_the_midline() {
    for (view, s) in [(View::Left, -1.0f32), (View::Right, 1.0)] {
        let r = Render::new(view, SkinType::II);
        // The tip of the nose stands ~15 mm in front of the cranium; the back of the head
        // has nothing at that height beyond it.
        assert!(!r.is_background(s * 108.0, -50.0), "{view}: no nose");
        assert!(r.is_background(-s * 108.0, -50.0), "{view}: bulge at the back");
        // Lips and chin in front, the throat well behind the chin.
        assert!(!r.is_background(s * 98.0, -80.0) && !r.is_background(s * 92.0, -110.0));
        assert!(r.is_background(s * 95.0, -140.0), "{view}: no room under the chin");
        // Forehead above the brow is the cranium: no bulge beyond it.
        assert!(r.is_background(s * 100.0, 40.0));
        // The ear's bowl is darker than the cheek in front of it, and sits just behind the
        // coronal midline (u = 0).
        let (cheek, _) = r.mean(s * 55.0, -30.0, 3.0);
        let bowl = r.darkest(-s * 2.0, -32.0, 4.0);
        assert!(bowl < cheek - 15.0, "{view}: ear bowl {bowl} vs cheek {cheek}");
    }
    // The two profiles face opposite ways, so they differ.
    assert_ne!(
        Render::new(View::Left, SkinType::II).image,
        Render::new(View::Right, SkinType::II).image
    );
}

#[test]
fn profiles_run_from_the_skull_into_a_thick_neck_without_a_shelf() {
    for (view, s) in [(View::Left, -1.0f32), (View::Right, 1.0)] {
        // Tall enough to show the neck well below the chin.
        let r = Render::sized(view, SkinType::II, 500, 700);
        // The back of the head, row by row from the occiput down past the nape: it only ever
        // moves toward the face (a shelf of skull over a thin neck jumps back), and by no more
        // than the slope of a smooth curve between rows 2 mm apart.
        let back_at = |v: f32| {
            let [a, b] = r.span_mm(v).unwrap();
            if s > 0.0 { a } else { -b }
        };
        let backs: Vec<(f32, f32)> =
            (0..=55).map(|step| -40.0 - 2.0 * step as f32).map(|v| (v, back_at(v))).collect();
        // The nape is where the back line comes closest to the face; above it the line only
        // moves toward the face, below it only away (the neck leans forward as it rises).
        let nape =
            backs.iter().copied().fold((0.0, f32::MIN), |a, b| if b.1 > a.1 { b } else { a });
        for pair in backs.windows(2) {
            let ((_, above), (v, below)) = (pair[0], pair[1]);
            let toward_face = if v >= nape.0 { below - above } else { above - below };
            assert!(
                toward_face >= -0.5,
                "{view}: the back line turns at {v} mm: {above} → {below}"
            );
            assert!((below - above).abs() < 4.0, "{view}: a step at {v} mm: {above} → {below}");
        }
        // The nape curves in only as far as a thick neck, well below the ear.
        assert!(nape.1 < -60.0 && nape.0 < -90.0, "{view}: nape at {nape:?} mm");
        // The neck, front to back, below the chin.
        for v in [-135.0, -150.0] {
            let depth = r.width_mm(v);
            assert!((100.0..130.0).contains(&depth), "{view}: neck {depth} mm deep at {v} mm");
        }
    }
}

#[test]
fn front_view_has_a_full_jaw_a_squarish_chin_and_a_neck_of_human_width() {
    for skin in [SkinType::I, SkinType::VI] {
        let r = Render::sized(View::Front, skin, 500, 700);
        // Cheeks and jaw: the face stays wide to the angles of the jaw, then turns under.
        let mouth = r.width_mm(-80.0);
        let jaw_angles = r.width_mm(-95.0);
        assert!(mouth >= 120.0, "{skin:?}: face {mouth} mm wide at the mouth");
        assert!(
            (110.0..125.0).contains(&jaw_angles),
            "{skin:?}: face {jaw_angles} mm wide at the jaw's angles"
        );
        // The neck below the jaw.
        let neck = r.width_mm(-140.0);
        assert!((108.0..125.0).contains(&neck), "{skin:?}: neck {neck} mm wide");
    }
}

#[test]
fn from_above_the_nose_tip_and_ears_peek_out() {
    let r = Render::new(View::Top, SkinType::II);
    assert!(!r.is_background(0.0, 102.0), "no nose tip in front of the forehead");
    assert!(r.is_background(30.0, 102.0));
    assert!(!r.is_background(-85.0, -6.0) && !r.is_background(85.0, -6.0), "no ears");
    assert!(r.is_background(85.0, 40.0));
    // The nose widens back from its tip to where the forehead hides it: a wedge, not a pill
    // floating in front of the head.
    let (tip, base) = (r.width_mm(106.0), r.width_mm(99.0));
    assert!(tip > 5.0 && base > 24.0 && base > tip + 6.0, "nose {base} mm, tip {tip} mm");
    // Each ear lies against the head in front and stands out at its back rim.
    for s in [-1.0f32, 1.0] {
        let out = |v: f32| {
            let [a, b] = r.span_mm(v).unwrap();
            if s > 0.0 { b } else { -a }
        };
        assert!(out(-26.0) > out(-2.0) + 4.0, "ear at {s}: {} vs {}", out(-26.0), out(-2.0));
    }
}

#[test]
fn every_view_differs_and_renders_are_deterministic() {
    let images: Vec<RgbImage> =
        View::ALL.iter().map(|&v| Render::new(v, SkinType::II).image).collect();
    for (i, a) in images.iter().enumerate() {
        for b in &images[i + 1..] {
            assert_ne!(a, b);
        }
    }
    // Front and back share the outline but only the front has a face.
    let front = Render::new(View::Front, SkinType::II);
    let back = Render::new(View::Back, SkinType::II);
    assert!(back.darkest(31.0, -14.5, 2.5) > front.darkest(31.0, -14.5, 2.5) + 30.0);
    assert_eq!(Render::new(View::Front, SkinType::II).image, images[0]);
}

#[test]
fn skin_type_sets_the_tone_of_face_lips_and_ears() {
    let renders: Vec<Render> = SkinType::ALL.iter().map(|&s| Render::new(View::Front, s)).collect();
    for pair in renders.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        assert!(a.mean(0.0, 45.0, 4.0).0 > b.mean(0.0, 45.0, 4.0).0 + 5.0, "forehead");
        assert!(a.mean(0.0, -84.0, 2.0).0 > b.mean(0.0, -84.0, 2.0).0, "lips");
        assert!(a.mean(-84.0, -25.0, 1.0).0 > b.mean(-84.0, -25.0, 1.0).0, "ear");
    }
    // On the darkest skin the lips still read: redder than the forehead.
    let dark = &renders[5];
    let (_, lip) = dark.mean(0.0, -84.0, 2.0);
    let (_, brow) = dark.mean(0.0, 45.0, 4.0);
    assert!(lip[0] / lip[1].max(1.0) > brow[0] / brow[1].max(1.0));
}

/// The default-head scene of Norwood IV (seed 3, skin II) in `view`, with its shaved hair.
fn norwood_4_scene(view: View) -> RgbImage {
    let layout = builtin("norwood-4").layout(&MaskImages::new()).unwrap();
    let plan = build_plan(&layout, &PlanOptions { seed: 3, ..PlanOptions::default() }).unwrap();
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let options = DefaultSceneOptions { skin: SkinType::II, seed: 3 };
    default_head_scene(&plan, &model, view, SIZE_PX, SIZE_PX, &options).unwrap().0
}

#[test]
fn shaved_hair_shades_the_scalp_cool_but_never_the_ear() {
    let scene = norwood_4_scene(View::Left);
    assert_eq!(scene, norwood_4_scene(View::Left), "the scene is not deterministic");
    let bare = Render::new(View::Left, SkinType::II);
    let with_hair = Render { image: scene, ..Render::new(View::Left, SkinType::II) };
    // Behind the ear Norwood IV keeps the client's hair: darker and cooler than bare skin.
    let (bare_l, bare_c) = bare.mean(50.0, -20.0, 6.0);
    let (hair_l, hair_c) = with_hair.mean(50.0, -20.0, 6.0);
    assert!(hair_l < bare_l - 8.0, "{hair_l} vs {bare_l}");
    // The cast is slight (a cool grey over warm skin): blue falls less than red.
    assert!(hair_c[2] / hair_c[0] > bare_c[2] / bare_c[0] + 0.002, "{hair_c:?} vs {bare_c:?}");
    // The ear hides the scalp: no stubble or shadow on it.
    // (The left view's face points left, so the ear, behind the midline, is at u > 0.)
    let (x0, y0) = bare.px(2.0, -14.0);
    let (x1, y1) = bare.px(14.0, -40.0);
    for y in y0..=y1 {
        for x in x0..=x1 {
            assert_eq!(bare.image.get_pixel(x, y), with_hair.image.get_pixel(x, y), "({x}, {y})");
        }
    }
}

#[test]
fn hair_runs_on_below_the_scalp_map_down_to_the_nape() {
    let scene = norwood_4_scene(View::Back);
    let bare = Render::new(View::Back, SkinType::II);
    let with_hair = Render { image: scene, ..Render::new(View::Back, SkinType::II) };
    // Low on the back of the skull, where the scalp map (which ends near the inion) no longer
    // reaches, the shaved hair's shadow continues as on the rest of the back.
    for v in [-20.0, -70.0] {
        let (bare_l, _) = bare.mean(0.0, v, 6.0);
        let (hair_l, _) = with_hair.mean(0.0, v, 6.0);
        assert!(hair_l < bare_l - 8.0, "at {v} mm: {hair_l} vs {bare_l}");
    }
    // It ends at a nape hairline about the chin's level: below it the neck is bare, with no
    // band of crowded hair where the head model's ellipsoid curves away under the skull.
    for u in [-12.0, 0.0, 12.0] {
        let (bare_l, _) = bare.mean(u, -112.0, 3.0);
        let (hair_l, _) = with_hair.mean(u, -112.0, 3.0);
        assert!((hair_l - bare_l).abs() < 2.0, "at {u} mm: {hair_l} vs {bare_l}");
    }
}

#[test]
fn shaved_hair_shows_on_the_darkest_skin_as_a_darker_duller_patch() {
    let scene = |view: View, skin: SkinType| {
        let layout = builtin("norwood-4").layout(&MaskImages::new()).unwrap();
        let plan = build_plan(&layout, &PlanOptions { seed: 3, ..PlanOptions::default() }).unwrap();
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let options = DefaultSceneOptions { skin, seed: 3 };
        let image = default_head_scene(&plan, &model, view, SIZE_PX, SIZE_PX, &options).unwrap().0;
        Render { image, ..Render::new(view, skin) }
    };
    let saturation = |c: [f32; 3]| {
        let (hi, lo) = (c[0].max(c[1]).max(c[2]), c[0].min(c[1]).min(c[2]));
        (hi - lo) / hi.max(1.0)
    };
    // Behind the ear (left view) and on the side of the crown (top view) Norwood IV keeps
    // the client's hair.
    for (view, u, v) in [(View::Left, 50.0, -20.0), (View::Top, -50.0, -40.0)] {
        for (skin, ash) in [(SkinType::II, 0.0), (SkinType::V, 0.03), (SkinType::VI, 0.05)] {
            let bare = Render::new(view, skin);
            let with_hair = scene(view, skin);
            let (bare_l, bare_c) = bare.mean(u, v, 6.0);
            let (hair_l, hair_c) = with_hair.mean(u, v, 6.0);
            assert!(hair_l < bare_l - 4.0, "{view} {skin:?}: {hair_l} vs {bare_l}");
            // On dark skin the patch is also less warm, the ashy cast of dark shafts over
            // brown skin (darkening alone barely showed there); on fair skin hardly at all.
            let (hs, bs) = (saturation(hair_c), saturation(bare_c));
            if ash > 0.0 {
                assert!(hs < bs - ash, "{view} {skin:?}: saturation {hs} vs {bs}");
            } else {
                assert!((hs - bs).abs() < 0.02, "{view} {skin:?}: saturation {hs} vs {bs}");
            }
        }
    }
}
