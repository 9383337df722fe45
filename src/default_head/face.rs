//! The default head's anatomy for each view: outline, relief and tints of a calm, neutral,
//! mannequin-like head with closed eyes.
//!
//! Frame: [`super::shape`]'s, in millimetres of the default 195 × 155 × 125 mm head; the
//! painter scales it to the cranium it is given, so the face keeps its place on any head size.
//! The cranium's centre is at glabella level (the head model's origin). Proportions follow
//! the usual adult canons: eyes about 12 mm below the glabella (the head's mid-height between
//! vertex and chin), the nose base 60 mm and the mouth 78 mm below it, the chin 125 mm below;
//! ears from brow level to the nose base, just behind the coronal midline; eyes 62 mm apart.

use super::mark::{FaceMark, Tint};
use super::outline::CraniumOutline;
use super::shape::{Bump, HeadEllipse, Layer, Part, Tissue};
use crate::head::View;

/// Semi-axes of the default head's cranium in a view's image plane, mm (right, up).
pub(crate) fn default_radii_mm(view: View) -> [f32; 2] {
    match view {
        View::Front | View::Back => [77.5, 125.0],
        View::Left | View::Right => [97.5, 125.0],
        View::Top => [77.5, 97.5],
    }
}

/// A test of whether an image point `(x, y)` px lies on a part of the default head drawn over
/// the cranium in `view` (the ear in a profile), where the scalp and its hair are hidden.
pub(crate) fn scalp_hidden(view: View, cranium: &CraniumOutline) -> impl Fn(f32, f32) -> bool {
    let [ru, rv] = default_radii_mm(view);
    let mut layers = head_layers(view);
    let scalp = layers.iter().position(|l| l.tissue == Tissue::Skin).unwrap_or(layers.len());
    let over: Vec<Layer> = layers.split_off((scalp + 1).min(layers.len()));
    let c = *cranium;
    move |x, y| {
        let u = (x - c.center_px[0]) / c.radii_px[0].max(1e-3) * ru;
        let v = (c.center_px[1] - y) / c.radii_px[1].max(1e-3) * rv;
        over.iter().any(|l| l.distance(u, v).0 < 0.0)
    }
}

/// The head's layers for `view`, back to front.
pub(crate) fn head_layers(view: View) -> Vec<Layer> {
    match view {
        View::Front => front(),
        View::Back => back(),
        View::Top => top(),
        View::Left => profile(-1.0),
        View::Right => profile(1.0),
    }
}

fn add(u: f32, v: f32, ru: f32, rv: f32, deg: f32, blend_mm: f32) -> Part {
    Part { shape: HeadEllipse::new(u, v, ru, rv, deg), blend_mm, cut: false }
}

fn bump(u: f32, v: f32, ru: f32, rv: f32, deg: f32, height_mm: f32) -> Bump {
    Bump { shape: HeadEllipse::new(u, v, ru, rv, deg), height_mm }
}

/// The cranium: exactly the ellipse the head model projects the scalp onto.
fn cranium(view: View) -> Part {
    let [ru, rv] = default_radii_mm(view);
    add(0.0, 0.0, ru, rv, 0.0, 1.0)
}

/// Both ears seen from the front or back, at `±u`.
fn ears_facing(u: f32) -> Layer {
    let mut parts = Vec::new();
    let mut bumps = Vec::new();
    let mut marks = Vec::new();
    for s in [-1.0f32, 1.0] {
        // Tops lean out a little; the lobe is narrower than the rim.
        parts.push(add(s * u, -25.0, 9.5, 31.0, -7.0 * s, 1.0));
        parts.push(add(s * (u - 2.0), -49.0, 6.5, 8.0, 0.0, 4.0));
        bumps.push(bump(s * (u + 1.0), -27.0, 5.0, 20.0, -7.0 * s, -3.0));
        // Where the ear meets the head it sits in shadow.
        marks.push(FaceMark::new(
            [s * (u - 6.0), -4.0],
            [s * (u - 8.0), -28.0],
            [s * (u - 6.0), -48.0],
            [4.0, 3.0],
            Tint::Shade(0.75),
        ));
    }
    Layer { parts, rounding_mm: 8.0, tissue: Tissue::Ear, bumps, marks }
}

/// The neck seen from the front: about 115 mm wide, rising behind the jaw, with the trapezius
/// sloping out below it.
fn front_neck() -> Layer {
    Layer::new(
        vec![
            add(0.0, -200.0, 62.0, 170.0, 0.0, 1.0),
            add(-75.0, -235.0, 55.0, 45.0, 0.0, 25.0),
            add(75.0, -235.0, 55.0, 45.0, 0.0, 25.0),
        ],
        50.0,
        Tissue::Neck,
    )
}

fn front() -> Vec<Layer> {
    let parts = vec![
        cranium(View::Front),
        // The jaw, wider and squarer than the cranium's egg-shaped lower end: about 118 mm
        // across at its angles, turning under toward the chin.
        add(0.0, -83.0, 53.0, 38.0, 0.0, 25.0),
        // A squarish chin about 45 mm wide.
        add(0.0, -114.0, 22.0, 11.0, 0.0, 12.0),
    ];
    let mut head = Layer::new(parts, 72.0, Tissue::Skin);
    for s in [-1.0f32, 1.0] {
        head.bumps.extend([
            bump(s * 28.0, 6.0, 26.0, 11.0, -6.0 * s, 5.0), // brow ridge
            bump(s * 31.0, -9.0, 25.0, 17.0, -4.0 * s, -6.0), // eye socket
            bump(s * 31.0, -12.0, 14.0, 8.0, -3.0 * s, 3.5), // closed lid over the eyeball
            bump(s * 47.0, -35.0, 28.0, 20.0, -20.0 * s, 3.0), // cheekbone
            bump(s * 66.0, 10.0, 14.0, 28.0, 0.0, -3.0),    // temple
            bump(s * 50.0, -64.0, 16.0, 20.0, 10.0 * s, -2.5), // hollow under the cheekbone
        ]);
        head.marks.extend([
            FaceMark::new(
                [s * 12.0, 6.5],
                [s * 32.0, 14.0],
                [s * 54.0, 7.5],
                [5.5, 2.0],
                Tint::Hair(0.42),
            )
            .soft(1.6),
            FaceMark::new(
                [s * 18.0, -6.5],
                [s * 31.0, -8.0],
                [s * 44.0, -7.0],
                [0.8; 2],
                Tint::Shade(0.9),
            )
            .soft(1.2),
            FaceMark::new(
                [s * 17.0, -12.0],
                [s * 31.0, -17.0],
                [s * 45.0, -11.5],
                [1.0, 1.7],
                Tint::Shade(0.35),
            ),
            FaceMark::spot([s * 6.5, -61.0], 2.8, -15.0 * s, 3.0, Tint::Shade(0.45)),
            // The fold from the wing of the nose past the corner of the mouth.
            FaceMark::new(
                [s * 17.0, -54.0],
                [s * 27.0, -66.0],
                [s * 28.0, -86.0],
                [2.5, 1.0],
                Tint::Shade(0.9),
            )
            .soft(3.0),
        ]);
    }
    head.bumps.extend([
        bump(0.0, 2.0, 14.0, 12.0, 0.0, 2.5),    // glabella
        bump(0.0, -30.0, 8.5, 33.0, 0.0, 9.0),   // bridge of the nose
        bump(0.0, -54.0, 12.0, 11.0, 0.0, 7.0),  // tip of the nose
        bump(0.0, -58.0, 19.0, 7.0, 0.0, 3.0),   // nostril wings
        bump(0.0, -67.0, 5.0, 5.0, 0.0, -1.0),   // philtrum
        bump(0.0, -75.0, 22.0, 6.0, 0.0, 3.0),   // upper lip
        bump(0.0, -84.0, 19.0, 6.0, 0.0, 3.5),   // lower lip
        bump(0.0, -93.0, 16.0, 5.0, 0.0, -1.0),  // fold under the lower lip
        bump(0.0, -108.0, 22.0, 16.0, 0.0, 4.0), // chin
    ]);
    head.marks.extend([
        FaceMark::new([-23.0, -78.0], [0.0, -73.0], [23.0, -78.0], [6.0; 2], Tint::Lip(0.8)),
        FaceMark::new([-20.0, -79.0], [0.0, -90.0], [20.0, -79.0], [8.0; 2], Tint::Lip(0.65)),
        FaceMark::new([-24.0, -79.0], [0.0, -78.0], [24.0, -79.0], [1.3; 2], Tint::Shade(0.5)),
    ]);
    vec![front_neck(), ears_facing(81.0), head]
}

fn back() -> Vec<Layer> {
    // The neck is part of the skull's outline: from behind the skull runs on into it
    // through the concave curves of the nape, with no edge where the cranium ends.
    let head = Layer::new(
        vec![
            cranium(View::Back),
            add(0.0, -200.0, 62.0, 170.0, 0.0, 30.0),
            add(-75.0, -235.0, 55.0, 45.0, 0.0, 25.0),
            add(75.0, -235.0, 55.0, 45.0, 0.0, 25.0),
        ],
        60.0,
        Tissue::Skin,
    );
    vec![ears_facing(81.0), head]
}

fn top() -> Vec<Layer> {
    // From above only the ears and the tip of the nose peek out from under the skull.
    let mut peeks = Layer::new(Vec::new(), 6.0, Tissue::Ear);
    for s in [-1.0f32, 1.0] {
        // Each ear stands out from the side of the head at its back rim and lies against it
        // at the front, so from above it is a narrow flap angled backward.
        peeks.parts.push(add(s * 83.5, -14.5, 17.5, 5.5, -70.0 * s, 1.0));
        // The hollow between the flap and the head behind it is in shadow.
        peeks.marks.push(
            FaceMark::new(
                [s * 79.0, -2.0],
                [s * 82.0, -16.0],
                [s * 86.0, -28.0],
                [3.0, 2.0],
                Tint::Shade(0.7),
            )
            .soft(2.0),
        );
    }
    // The nose, widening back from a rounded tip to where the forehead hides its wings
    // (a lone round part read as a ball on a stalk).
    peeks.parts.push(add(0.0, 93.0, 16.0, 16.0, 0.0, 1.0));
    peeks.parts.push(add(0.0, 105.0, 7.5, 7.0, 0.0, 6.0));
    vec![peeks, Layer::new(vec![cranium(View::Top)], 72.0, Tissue::Skin)]
}

/// A profile; `s` is −1 when the face points to the image's left (left view), +1 to its right.
/// Written in `f`, millimetres toward the face.
fn profile(s: f32) -> Vec<Layer> {
    let a = |f: f32, v: f32, rf: f32, rv: f32, deg: f32, blend: f32| {
        add(s * f, v, rf, rv, s * deg, blend)
    };
    let b = |f: f32, v: f32, rf: f32, rv: f32, deg: f32, h: f32| bump(s * f, v, rf, rv, s * deg, h);
    let p = |f: f32, v: f32| [s * f, v];

    let mut head = Layer::new(
        vec![
            cranium(View::Left),
            // The neck, about 110 mm deep at the nape and widening below. It is part of the head's
            // own outline, so the back of the skull runs on into it without a seam; the blend
            // is the concave curve of the nape below the occiput.
            a(-22.0, -220.0, 62.0, 190.0, 0.0, 16.0),
            // The trapezius widens the neck toward the shoulders.
            a(-70.0, -270.0, 60.0, 80.0, 0.0, 30.0),
            a(60.0, -70.0, 42.0, 55.0, 0.0, 18.0), // face: cheek, jaw and mouth
            a(92.0, 3.0, 12.0, 7.0, 0.0, 8.0),     // brow ridge
            a(104.0, -31.0, 26.0, 10.0, -64.0, 6.0), // bridge of the nose
            a(111.0, -51.0, 8.0, 8.0, 0.0, 4.0),   // tip of the nose
            a(103.0, -58.0, 8.0, 5.0, 10.0, 4.0),  // under the nose
            a(100.0, -72.0, 5.0, 6.5, 0.0, 4.0),   // upper lip
            a(99.0, -85.0, 5.0, 5.5, 0.0, 3.0),    // lower lip
            a(84.0, -107.0, 12.0, 16.0, 10.0, 14.0), // chin
        ],
        55.0,
        Tissue::Skin,
    );
    head.bumps.extend([
        b(70.0, 20.0, 18.0, 22.0, 0.0, -3.0),   // temple
        b(80.0, -10.0, 14.0, 11.0, 0.0, -6.0),  // eye socket
        b(84.0, -12.0, 9.0, 6.0, 0.0, 3.0),     // closed lid
        b(60.0, -34.0, 30.0, 20.0, -15.0, 2.0), // cheekbone
        b(20.0, -75.0, 20.0, 25.0, 0.0, 2.0),   // jaw muscle
        b(40.0, -99.0, 48.0, 14.0, -26.0, 1.2), // body of the jaw bone
        b(97.0, -57.0, 8.0, 6.0, 0.0, 4.0),     // nostril wing
        b(88.0, -80.0, 5.0, 5.0, 0.0, -2.0),    // mouth corner
    ]);
    head.marks.extend([
        // The jaw's lower edge shades the neck under it, from the angle below the ear to the
        // chin.
        FaceMark::new(
            p(4.0, -92.0),
            p(38.0, -112.0),
            p(76.0, -125.0),
            [2.5, 2.0],
            Tint::Shade(0.88),
        )
        .soft(2.0),
        FaceMark::new(
            p(6.0, -98.0),
            p(38.0, -119.0),
            p(70.0, -130.0),
            [12.0, 8.0],
            Tint::Shade(0.8),
        )
        .soft(6.0),
        FaceMark::new(p(97.0, 5.0), p(89.0, 10.0), p(74.0, 8.0), [4.5, 2.0], Tint::Hair(0.42))
            .soft(1.4),
        FaceMark::new(p(95.0, -13.0), p(88.0, -16.5), p(80.0, -13.0), [1.6, 1.2], Tint::Shade(0.4)),
        FaceMark::spot(p(104.0, -60.0), 2.0, 10.0 * s, 2.0, Tint::Shade(0.65)).soft(1.2),
        FaceMark::new(p(99.0, -51.0), p(92.0, -55.0), p(97.0, -62.0), [1.0; 2], Tint::Shade(0.75)),
        FaceMark::new(p(104.0, -71.0), p(100.0, -77.0), p(92.0, -78.0), [5.0; 2], Tint::Lip(0.8)),
        FaceMark::new(p(102.0, -84.0), p(98.0, -88.0), p(90.0, -82.0), [5.0; 2], Tint::Lip(0.8)),
        FaceMark::new(p(103.0, -79.0), p(95.0, -79.5), p(88.0, -79.0), [1.0; 2], Tint::Shade(0.55)),
    ]);

    vec![head, profile_ear(s)]
}

/// The ear in a profile (`s` as in [`profile`]): just behind the coronal midline, from brow
/// level to the nose base, its top leaning back.
fn profile_ear(s: f32) -> Layer {
    let a = |f: f32, v: f32, rf: f32, rv: f32, deg: f32, blend: f32| {
        add(s * f, v, rf, rv, s * deg, blend)
    };
    let b = |f: f32, v: f32, rf: f32, rv: f32, deg: f32, h: f32| bump(s * f, v, rf, rv, s * deg, h);
    let p = |f: f32, v: f32| [s * f, v];
    let mut ear = Layer::new(vec![a(-8.0, -27.0, 31.0, 17.0, 105.0, 1.0)], 7.0, Tissue::Ear);
    ear.bumps.extend([
        b(-4.0, -32.0, 13.0, 10.0, 105.0, -5.0), // bowl
        b(-11.0, -20.0, 12.0, 4.0, 120.0, 2.0),  // inner ridge
        b(6.0, -36.0, 5.0, 4.0, 0.0, 2.5),       // tragus
    ]);
    ear.marks.extend([
        FaceMark::spot(p(1.0, -36.0), 1.5, 90.0, 4.0, Tint::Shade(0.6)).soft(2.0),
        FaceMark::new(p(-6.0, -2.0), p(-24.0, -10.0), p(-20.0, -42.0), [2.5; 2], Tint::Shade(0.88))
            .soft(2.0),
    ]);
    ear
}
