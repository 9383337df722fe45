//! `smpsim sample --preset` and `smpsim stats` through the binary.

use crate::support::smpsim;

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
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sessions = stats["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3);
    for session in sessions {
        let planned = session["planned_percent"].as_f64().unwrap();
        let measured = session["measured_percent"].as_f64().unwrap();
        assert!((planned - measured).abs() <= 5.0, "{session}");
    }
    assert!(!stats["zones"].as_array().unwrap().is_empty());
}

#[test]
fn stats_table_names_zones_and_spacing() {
    let out = smpsim().args(["stats", "--preset", "hairline-only"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("hairline") && text.contains("nn med"), "{text}");
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
