//! Every built-in preset parses, validates and builds; bad input gets a one-line error with the
//! file, JSON path, line and column, value and allowed range; hairlines follow Garg's rules.

use crate::support::builtin;
use smpsim::engine::DensityField;
use smpsim::spec::{
    HairlineSpec, HairlineStyleSpec, ZoneSpec, builtin_names, builtin_preset, list_builtins,
};
use smpsim::{HeadModel, HeadSize, MapPoint, MaskImages, Preset, PresetError};

#[test]
fn every_builtin_parses_validates_builds_and_round_trips() {
    let expected = [
        "norwood-2",
        "norwood-3",
        "norwood-4",
        "norwood-5",
        "norwood-6",
        "norwood-7",
        "ludwig-1",
        "ludwig-2",
        "ludwig-3",
        "crown-only",
        "hairline-only",
        "fut-scar",
        "full-shave",
    ];
    assert_eq!(builtin_names().collect::<Vec<_>>(), expected);
    let list = list_builtins();
    assert_eq!(list.len(), expected.len());
    for info in &list {
        let preset = builtin(info.name);
        assert_eq!(preset.spec().name, info.name, "file name and `name` agree");
        assert!(!info.description.is_empty() && !info.description.contains('\n'));
        assert_eq!(preset.spec().description, info.description);
        let layout = preset.layout(&MaskImages::new()).unwrap();
        assert!(layout.max_density_per_cm2() > 0.0);
        assert!(layout.treated_bounds_mm().is_some(), "{} treats something", info.name);
        // A saved preset (every default written out) reads back to the same values.
        let saved = preset.to_json_pretty();
        let again = Preset::parse(&saved, "saved").unwrap();
        assert_eq!(again.spec(), preset.spec());
        // Sessions as DOMAIN says: 3, cumulative 30/70/100, session 1 lightest.
        let s = &preset.spec().sessions;
        assert_eq!(s.iter().map(|s| s.cumulative_percent).collect::<Vec<_>>(), [30.0, 70.0, 100.0]);
        assert!(s.windows(2).all(|w| w[0].dilution >= w[1].dilution));
    }
    assert!(builtin_preset("norwood-8").is_none());
}

#[test]
fn every_builtin_and_the_spec_default_centre_the_hairline_on_the_default_heads_top() {
    // The CLI re-centres hairlines only for non-default heads, so the built-ins must match the
    // default head's top themselves, or the hairline slides up or down the default preview.
    let top_mm = f64::from(HeadModel::new(HeadSize::default()).unwrap().top_map_y_mm());
    let default_mm = HairlineSpec::default().vertex_y_mm;
    assert!((default_mm - top_mm).abs() < 1.0, "spec default {default_mm} vs top {top_mm:.1}");
    for name in builtin_names() {
        let vertex_mm = builtin(name).spec().hairline.vertex_y_mm;
        assert!((vertex_mm - top_mm).abs() < 1.0, "{name}: vertex_y_mm {vertex_mm} vs {top_mm:.1}");
    }
}

fn err(text: &str) -> PresetError {
    match Preset::parse(text, "bad.json") {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e,
    }
}

fn with(path: &str, value: &str) -> Result<Preset, PresetError> {
    builtin("norwood-7").with_override(path, value)
}

#[test]
fn unknown_key_names_the_path_line_and_column() {
    let text = builtin_preset("norwood-4").unwrap().replacen(
        "\"feather_mm\": 15,",
        "\"feather_mn\": 15,",
        1,
    );
    let e = err(&text);
    let msg = e.to_string();
    assert!(matches!(e, PresetError::Json { .. }), "{msg}");
    assert!(msg.starts_with("bad.json:"), "{msg}");
    assert!(msg.contains("zones[1].total") && msg.contains("unknown field `feather_mn`"), "{msg}");
    let loc = e.location();
    assert!(loc.line.is_some() && loc.column.is_some(), "{msg}");
    assert!(!msg.contains('\n'));
}

#[test]
fn wrong_type_names_the_path() {
    let text = builtin_preset("norwood-4").unwrap().replacen(
        "\"region_depth_mm\": 25",
        "\"region_depth_mm\": \"deep\"",
        1,
    );
    let msg = err(&text).to_string();
    assert!(
        msg.contains("zones[0].hairline.region_depth_mm") && msg.contains("invalid type"),
        "{msg}"
    );
}

#[test]
fn out_of_range_values_name_path_value_range_and_line() {
    let text = builtin_preset("norwood-4").unwrap().replacen(
        "\"density_per_cm2\": 55",
        "\"density_per_cm2\": -5",
        1,
    );
    let e = err(&text);
    let msg = e.to_string();
    assert!(matches!(e, PresetError::OutOfRange { .. }), "{msg}");
    assert!(
        msg.contains(
            "zones[0].hairline.density_per_cm2 = -5 is out of range: allowed 10–120 dots/cm²"
        ),
        "{msg}"
    );
    let (line, column) = (e.location().line.unwrap(), e.location().column.unwrap());
    let offending = text.lines().nth(line - 1).unwrap();
    assert!(offending[column - 1..].starts_with("-5"), "line {line} col {column}: {offending}");

    let text =
        builtin_preset("norwood-2").unwrap().replacen("\"height_mm\": 80", "\"height_mm\": 160", 1);
    let msg = err(&text).to_string();
    assert!(msg.contains("hairline.height_mm = 160 is out of range: allowed 50–150 mm"), "{msg}");

    let text =
        builtin_preset("crown-only").unwrap().replacen("\"dilution\": 20", "\"dilution\": 0", 1);
    let msg = err(&text).to_string();
    assert!(msg.contains("sessions[0].dilution = 0 is out of range: allowed 6–30 :1"), "{msg}");
}

#[test]
fn inconsistent_values_are_refused() {
    // Session 2 lighter than session 1.
    let msg = with("sessions[1].dilution", "25").unwrap_err().to_string();
    assert!(msg.contains("sessions[1].dilution") && msg.contains("lightest"), "{msg}");
    // The last session must reach 100 %.
    let msg = with("sessions[2].cumulative_percent", "90").unwrap_err().to_string();
    assert!(msg.contains("must be 100"), "{msg}");
    // Corners may not fall below the centre.
    let msg = with("hairline.corner_rise_mm", "3").unwrap_err().to_string();
    assert!(msg.contains("hairline.corner_rise_mm") && msg.contains("below the centre"), "{msg}");
    // A mask only makes sense for diffuse thinning.
    let mask = r#"{"mask": {"path": "m.png", "origin_mm": [0, 100], "mm_per_px": 1}}"#;
    let msg = with("zones[1].total.region", mask).unwrap_err().to_string();
    assert!(msg.contains("zones[1].total.region.mask") && msg.contains("diffuse"), "{msg}");
}

#[test]
fn nan_and_infinity_are_refused() {
    // JSON has no NaN literal: in a file it is a syntax error with line and column.
    let text = builtin_preset("ludwig-1").unwrap().replacen(
        "\"density_per_cm2\": 20",
        "\"density_per_cm2\": NaN",
        1,
    );
    let e = err(&text);
    assert!(e.location().line.is_some(), "{e}");
    // An override can still produce a non-finite float from a huge literal.
    let msg = with("zones[0].hairline.front_band_mm", "1e999").unwrap_err().to_string();
    assert!(msg.contains("front_band_mm"), "{msg}");
}

#[test]
fn overrides_change_one_value_and_keep_validation() {
    let p = with("zones[0].hairline.style", "broken").unwrap();
    let ZoneSpec::Hairline(h) = &p.spec().zones[0] else { panic!("zone 0 is the hairline") };
    assert_eq!(h.style, HairlineStyleSpec::Broken);
    let p = with("hairline.height_mm", "90").unwrap();
    assert_eq!(p.spec().hairline.height_mm, 90.0);
    let msg = with("zones[7].total.feather_mm", "3").unwrap_err().to_string();
    assert!(msg.contains("index 7"), "{msg}");
    let msg = with("zones[1].total.feathr_mm", "3").unwrap_err().to_string();
    assert!(msg.contains("unknown field `feathr_mm`"), "{msg}");
}

#[test]
fn a_missing_mask_image_is_an_error_and_a_supplied_one_is_used() {
    let region = r#"{"mask": {"path": "top.png", "origin_mm": [-40, 120], "mm_per_px": 2}}"#;
    let p = builtin("ludwig-2").with_override("zones[0].diffuse.region", region).unwrap();
    assert_eq!(p.mask_paths(), ["top.png"]);
    let msg = p.layout(&MaskImages::new()).unwrap_err().to_string();
    assert!(msg.contains("top.png") && msg.contains("zones[0].diffuse.region.mask.path"), "{msg}");
    let mut masks = MaskImages::new();
    masks.insert(
        "top.png".into(),
        std::sync::Arc::new(image::GrayImage::from_pixel(40, 40, image::Luma([255]))),
    );
    let layout = p.layout(&masks).unwrap();
    assert!(layout.density_per_cm2(MapPoint::new(0.0, 160.0)) > 25.0);
    assert_eq!(layout.density_per_cm2(MapPoint::new(0.0, 100.0)), 0.0);
}

/// Hairline zones of a preset with their (style-adjusted) front band depth.
fn hairline_bands(p: &Preset) -> Vec<(usize, f64)> {
    p.spec()
        .zones
        .iter()
        .enumerate()
        .filter_map(|(i, z)| match z {
            ZoneSpec::Hairline(h) => {
                let band = if h.style == HairlineStyleSpec::Defined {
                    0.5 * h.front_band_mm
                } else {
                    h.front_band_mm
                };
                Some((i, band))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn hairlines_are_asymmetric_with_corners_behind_the_centre() {
    let mut checked = 0;
    for name in builtin_names() {
        let p = builtin(name);
        if hairline_bands(&p).is_empty() {
            continue;
        }
        let layout = p.layout(&MaskImages::new()).unwrap();
        let curve = layout.hairline();
        // Heights on the head are distances from its top (the head model wraps the map about it).
        let centre = curve.distance_from_vertex_mm(MapPoint::new(0.0, curve.front_y_mm(0.0)));
        for x in [-curve.corner_x_mm(), curve.corner_x_mm()] {
            let corner = curve.distance_from_vertex_mm(MapPoint::new(x, curve.front_y_mm(x)));
            assert!(
                corner < centre - 5.0,
                "{name}: corner at x={x} is not higher on the head than the centre"
            );
        }
        let n = 200;
        let reach = curve.temple_peak_x_mm();
        let sum_sq: f32 = (0..n)
            .map(|i| {
                let x = reach * i as f32 / n as f32;
                (curve.front_y_mm(x) - curve.front_y_mm(-x)).powi(2)
            })
            .sum();
        let rms = (sum_sq / n as f32).sqrt();
        assert!(rms > 1.0, "{name}: left and right differ by only {rms} mm RMS");
        let line = layout.hairline_polyline_mm();
        assert!(
            line.windows(2).all(|w| w[1].x_mm > w[0].x_mm),
            "{name}: polyline runs left to right"
        );
        checked += 1;
    }
    assert!(checked >= 7);
}

#[test]
fn front_band_profiles_are_monotonic_without_steps() {
    let mut variants: Vec<Preset> = builtin_names().map(builtin).collect();
    for style in ["broken", "defined"] {
        variants
            .push(builtin("norwood-7").with_override("zones[0].hairline.style", style).unwrap());
    }
    for p in variants {
        let layout = p.layout(&MaskImages::new()).unwrap();
        let curve = layout.hairline();
        for (z, band) in hairline_bands(&p) {
            let field = &layout.zones().zones()[z];
            let target = field.max_density_per_cm2();
            for x in [-50.0f32, -20.0, 0.0, 15.0, 45.0] {
                // Walk straight back (+y) from where the line is crossed to the band's end.
                let mut y = curve.front_y_mm(x) - 6.0;
                while curve.depth_mm(MapPoint::new(x, y), 40.0) < 0.02 {
                    y += 0.02;
                }
                let start = MapPoint::new(x, y);
                let front = field.density_per_cm2(start);
                let mut prev = front;
                while curve.depth_mm(MapPoint::new(x, y), 40.0) < band as f32 {
                    y += 0.25;
                    let d = field.density_per_cm2(MapPoint::new(x, y));
                    assert!(
                        d >= prev - 1e-3,
                        "{}: density falls inside the band at x={x}",
                        layout.name()
                    );
                    assert!(
                        d - prev < 0.06 * target,
                        "{}: a step of {} at x={x}",
                        layout.name(),
                        d - prev
                    );
                    prev = d;
                }
                let back = field.density_per_cm2(MapPoint::new(x, y + 0.5));
                assert!(
                    front < 0.5 * back,
                    "{}: the front must start sparse ({front} vs {back})",
                    layout.name()
                );
            }
        }
    }
}

#[test]
fn a_nan_in_an_edited_spec_is_out_of_range() {
    let mut spec = builtin("crown-only").spec().clone();
    let ZoneSpec::Crown(c) = &mut spec.zones[0] else { panic!("zone 0 is the crown") };
    c.feather_mm = f64::NAN;
    let msg = Preset::from_spec(spec, "", "edited").unwrap_err().to_string();
    assert_eq!(msg, "edited: zones[0].crown.feather_mm = NaN is out of range: allowed 0–60 mm");
}
