//! `smpsim sample --preset` and `smpsim stats` through the binary.

use crate::support::{smpsim, stderr_of};

#[test]
fn preset_csv_has_every_column_and_known_zones() {
    let out = smpsim().args(["sample", "--preset", "crown-only", "--seed", "5"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("x_mm,y_mm,diameter_mm,dilution,session,zone"));
    let mut sessions = [0usize; 4];
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 6, "{line}");
        let diameter: f64 = fields[2].parse().unwrap();
        assert!(diameter > 0.05 && diameter < 1.0, "{line}");
        let dilution: f64 = fields[3].parse().unwrap();
        assert!((6.0..=30.0).contains(&dilution), "{line}");
        sessions[fields[4].parse::<usize>().unwrap()] += 1;
        assert_eq!(fields[5], "crown");
    }
    assert!(sessions[1] > 0 && sessions[2] > 0 && sessions[3] > 0, "{sessions:?}");
}

#[test]
fn stats_json_reports_each_session_near_its_planned_share() {
    let out = smpsim().args(["stats", "--preset", "norwood-5", "--json"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let number = |v: &serde_json::Value, key: &str| {
        v[key].as_f64().unwrap_or_else(|| panic!("no number `{key}` in {v}"))
    };
    let dots = number(&stats, "dots");
    assert!(dots > 10_000.0, "{dots} dots for a whole Norwood V");
    let sessions = stats["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    let mut placed = 0.0;
    for (i, session) in sessions.iter().enumerate() {
        assert_eq!(number(session, "session"), (i + 1) as f64, "{session}");
        let planned = number(session, "planned_percent");
        let measured = number(session, "measured_percent");
        assert!((planned - measured).abs() <= 5.0, "{session}");
        placed += number(session, "dots");
        assert_eq!(number(session, "cumulative_dots"), placed, "{session}");
    }
    assert_eq!(placed, dots, "the sessions' dots do not add up to the plan's");

    // One row per zone of the preset, in its order, each with real dots in every session.
    let zones = stats["zones"].as_array().unwrap();
    let names: Vec<(&str, &str)> =
        zones.iter().map(|z| (z["name"].as_str().unwrap(), z["kind"].as_str().unwrap())).collect();
    assert_eq!(names, [("hairline", "hairline"), ("front", "total"), ("crown", "crown")]);
    for zone in zones {
        let area = number(zone, "area_cm2");
        assert!(area > 10.0, "{zone}");
        let rows = zone["sessions"].as_array().unwrap();
        assert_eq!(rows.len(), 3, "{zone}");
        let mut previous_density = 0.0;
        for row in rows {
            let (target, measured) =
                (number(row, "target_per_cm2"), number(row, "measured_per_cm2"));
            assert!(target > previous_density && number(row, "dots") > 0.0, "{row}");
            assert!((measured / target - 1.0).abs() < 0.15, "{row}: far from its target");
            // The density is the dots so far over the zone's area.
            let cumulative = number(row, "cumulative_dots");
            assert!((measured * area / cumulative - 1.0).abs() < 1e-6, "{row}");
            assert!(number(row, "nn_min_mm") > 0.5, "{row}");
            previous_density = target;
        }
    }
}

#[test]
fn stats_table_names_zones_and_spacing() {
    let out = smpsim().args(["stats", "--preset", "hairline-only"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let total: u64 = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("preset hairline-only  seed 0  dots "))
        .unwrap_or_else(|| panic!("no summary line: {text}"))
        .parse()
        .unwrap();
    let headers: Vec<&str> = text.lines().filter(|l| l.trim_start().starts_with("zone ")).collect();
    assert_eq!(headers.len(), 3, "{text}");
    assert!(headers.iter().all(|h| h.contains("measured") && h.contains("nn med")), "{text}");
    // hairline-only has one zone: one row per session, its dots cumulative and its dots closer
    // together session by session.
    let rows: Vec<Vec<f64>> = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|words| words.starts_with(&["hairline", "hairline"]))
        .map(|words| words[2..].iter().map(|v| v.parse().unwrap()).collect())
        .collect();
    assert_eq!(rows.len(), 3, "{text}");
    // Columns: area cm², dots, target, measured, nn min, nn p5, nn med, touching pairs.
    for pair in rows.windows(2) {
        assert!(pair[1][1] > pair[0][1] && pair[1][3] > pair[0][3], "{pair:?}");
        assert!(pair[1][6] < pair[0][6], "{pair:?}");
    }
    for row in &rows {
        assert_eq!(row.len(), 8, "{row:?}");
        assert!(row[0] > 10.0 && row[3] > 0.0 && row[6] > 0.5, "{row:?}");
    }
    assert_eq!(rows[2][1], total as f64, "the last session holds every dot");
}

#[test]
fn a_broken_override_is_refused_on_one_line() {
    let out = smpsim()
        .args(["stats", "--preset", "norwood-5", "--set", "sessions[0].dilution=0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("sessions[0].dilution"), "{err}");
}
