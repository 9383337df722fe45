//! The hairline's shape: rounded construction corners where Garg puts them, and designed lines
//! through their points with no corner but the ones asked for.

use super::fillet::tightest_turn_mm;
use super::hairline_construction::garg_corner_and_peak;
use super::{DesignError, DesignPoint, HairlineCurve, HairlineGeometry};
use crate::geom::MapPoint;
use crate::preset::{HairlineSpec, Preset};

/// The macro shape alone (no waves): the line the practitioner designs.
fn plain(g: HairlineGeometry) -> HairlineGeometry {
    HairlineGeometry { macro_irregularity_mm: 0.0, micro_irregularity_mm: 0.0, ..g }
}

/// The stored line on its 2 mm grid over most of the map.
fn grid_line(c: &HairlineCurve) -> Vec<MapPoint> {
    c.polyline_mm(184.0, 2.0)
}

fn smooth(x_mm: f32, y_mm: f32) -> DesignPoint {
    DesignPoint { at: MapPoint::new(x_mm, y_mm), corner: false }
}

#[test]
fn no_builtin_hairline_turns_tighter_than_its_recession_radius() {
    for name in crate::preset::builtin_names() {
        let preset = Preset::parse(crate::preset::builtin_preset(name).unwrap(), name).unwrap();
        let g = plain(preset.spec().hairline.geometry(3));
        let c = HairlineCurve::new(g);
        assert!(c.recession_fits(), "{name}: the radius does not fit");
        let (r, at) = tightest_turn_mm(&grid_line(&c)).unwrap();
        assert!(r >= 0.98 * g.recession_radius_mm, "{name}: a {r} mm turn at {at:?}");
    }
}

#[test]
fn the_turn_measure_sees_the_radius_asked_for() {
    // Without this, a measure blind to corners would pass the test above.
    let g = plain(HairlineSpec::default().geometry(0));
    for radius in [3.0, 6.0, 15.0] {
        let c = HairlineCurve::new(HairlineGeometry { recession_radius_mm: radius, ..g });
        let (r, _) = tightest_turn_mm(&grid_line(&c)).unwrap();
        assert!((r - radius).abs() < 0.05 * radius, "asked {radius}, tightest {r}");
    }
}

#[test]
fn the_rounded_apex_stays_on_gargs_corner() {
    // Shapiro & Shapiro: keep the frontotemporal angle, on the line above the outer eye corner.
    let g = plain(HairlineSpec::default().geometry(0));
    let c = HairlineCurve::new(g);
    let [right, left] = c.recession_apices_mm().unwrap();
    let a = g.asymmetry_mm;
    let (garg_left, _) =
        garg_corner_and_peak(&g, g.corner_rise_mm + 0.5 * a, g.corner_distance_mm + a);
    let (garg_right, _) =
        garg_corner_and_peak(&g, g.corner_rise_mm - 0.5 * a, g.corner_distance_mm - a);
    assert!(left.distance_mm(garg_left) < 0.1, "{left:?} vs {garg_left:?}");
    let mirrored = MapPoint::new(-garg_right.x_mm, garg_right.y_mm);
    assert!(right.distance_mm(mirrored) < 0.1, "{right:?} vs {mirrored:?}");
    // The apex is on the line (to within the sag of the stored 2 mm-grid chords of a 10 mm arc
    // where it slopes about 1:1, c²/8R ≈ 0.1 mm), and the recession is kept: the apex as high
    // above B as asked.
    let off = (c.front_y_mm(left.x_mm) - left.y_mm).abs();
    assert!(off < 0.25, "apex {off} mm off the line");
    let b = MapPoint::new(0.0, c.front_y_mm(0.0));
    let rise = c.distance_from_vertex_mm(b) - c.distance_from_vertex_mm(left);
    assert!((rise - (g.corner_rise_mm + 0.5 * a)).abs() < 0.1, "rise {rise}");
}

/// A practitioner's line: right temple peak, recession, the centre, recession, left temple.
fn drawn() -> Vec<DesignPoint> {
    [
        (-95.0, 95.0),
        (-70.0, 115.0),
        (-40.0, 100.0),
        (0.0, 85.0),
        (38.0, 99.0),
        (68.0, 116.0),
        (96.0, 93.0),
    ]
    .into_iter()
    .map(|(x, y)| smooth(x, y))
    .collect()
}

#[test]
fn a_designed_line_passes_its_points_with_no_corner_unless_asked() {
    let g = plain(HairlineSpec::default().geometry(0));
    let points = drawn();
    let c = HairlineCurve::through_points(g, &points, false).unwrap();
    for p in &points {
        assert!((c.front_y_mm(p.at.x_mm) - p.at.y_mm).abs() < 0.05, "misses {p:?}");
    }
    let (r, at) = tightest_turn_mm(&grid_line(&c)).unwrap();
    assert!(r >= g.recession_radius_mm, "a {r} mm turn at {at:?} where no corner was asked");
    // Flag the left recession as a corner: now the line turns sharply there, and only there.
    let mut cornered = points.clone();
    cornered[5].corner = true;
    let c = HairlineCurve::through_points(g, &cornered, false).unwrap();
    let (r, at) = tightest_turn_mm(&grid_line(&c)).unwrap();
    assert!(r < 3.0 && at.distance_mm(cornered[5].at) < 2.5, "{r} mm at {at:?}");
}

#[test]
fn a_symmetric_design_mirrors_one_side_then_applies_the_asymmetry() {
    let half: Vec<DesignPoint> = drawn().into_iter().filter(|p| p.at.x_mm >= 0.0).collect();
    let g = plain(HairlineGeometry { asymmetry_mm: 0.0, ..HairlineSpec::default().geometry(0) });
    let c = HairlineCurve::through_points(g, &half, true).unwrap();
    for x in [10.0, 40.0, 70.0, 95.0] {
        assert!((c.front_y_mm(x) - c.front_y_mm(-x)).abs() < 1e-3, "not mirrored at {x}");
    }
    let g = HairlineGeometry { asymmetry_mm: 3.0, ..g };
    let c = HairlineCurve::through_points(g, &half, true).unwrap();
    // The left recession sits higher on the head than the right one.
    let apex = |sign: f32| {
        (40..100)
            .map(|i| MapPoint::new(sign * i as f32, c.front_y_mm(sign * i as f32)))
            .map(|p| c.distance_from_vertex_mm(p))
            .fold(f32::INFINITY, f32::min)
    };
    assert!(apex(-1.0) - apex(1.0) > 1.0, "left {} right {}", apex(1.0), apex(-1.0));
}

#[test]
fn impossible_designs_are_refused_naming_the_point() {
    let g = HairlineSpec::default().geometry(0);
    let refused = |points: &[DesignPoint], symmetric: bool| {
        HairlineCurve::through_points(g, points, symmetric).err().unwrap()
    };
    assert_eq!(refused(&drawn()[..2], false), DesignError::TooFew { count: 2 });
    let mut unordered = drawn();
    unordered.swap(2, 3);
    assert_eq!(refused(&unordered, false), DesignError::NotOrdered { index: 3 });
    let mut near = drawn();
    near[3] = smooth(0.0, 150.0);
    assert!(matches!(refused(&near, false), DesignError::NearVertex { index: 3, .. }));
    assert_eq!(refused(&drawn(), true), DesignError::BothSides { index: 4 });
    // A point pulled far back between close neighbours: the curve swings back across itself.
    let zigzag =
        [smooth(-20.0, 90.0), smooth(-19.0, 125.0), smooth(-18.0, 80.0), smooth(20.0, 90.0)];
    assert!(matches!(refused(&zigzag, false), DesignError::DoublesBack { .. }));
}
