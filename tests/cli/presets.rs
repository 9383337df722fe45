//! `smpsim presets` and preset errors through the binary.

use crate::support::{refused, smpsim};
use std::fs;

#[test]
fn list_names_every_builtin_with_a_description() {
    let out = smpsim().args(["presets", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for name in smpsim::spec::builtin_names() {
        let line = text.lines().find(|l| l.split_whitespace().next() == Some(name)).unwrap();
        assert!(line.len() > name.len() + 10, "{line}");
    }
    assert_eq!(text.lines().count(), smpsim::spec::builtin_names().count());
}

#[test]
fn show_round_trips_through_validate_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    for name in smpsim::spec::builtin_names() {
        let out =
            smpsim().current_dir(dir.path()).args(["presets", "show", name]).output().unwrap();
        assert!(out.status.success(), "{name}");
        let path = dir.path().join(format!("{name}.json"));
        fs::write(&path, &out.stdout).unwrap();
        smpsim()
            .args(["presets", "validate"])
            .arg(&path)
            .assert()
            .success()
            .stdout(format!("ok: {name}\n"));
    }
}

#[test]
fn set_changes_the_named_value_only() {
    let show = |extra: &[&str]| {
        let out = smpsim().args(["presets", "show", "norwood-4"]).args(extra).output().unwrap();
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let plain = show(&[]);
    let tuned = show(&["--set", "hairline.height_mm=75"]);
    assert_eq!(tuned["hairline"]["height_mm"], 75.0);
    let mut expected = plain.clone();
    expected["hairline"]["height_mm"] = serde_json::json!(75.0);
    assert_eq!(tuned, expected);
}

#[test]
fn bad_presets_name_file_path_line_and_allowed_range() {
    let dir = tempfile::tempdir().unwrap();
    let good =
        String::from_utf8(smpsim().args(["presets", "show", "norwood-4"]).output().unwrap().stdout)
            .unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    };
    let high = write("high.json", &good.replacen("\"height_mm\": 80.0", "\"height_mm\": 180.0", 1));
    let err = refused(&["presets", "validate", &high]);
    assert!(
        err.contains("high.json") && err.contains("hairline.height_mm") && err.contains("150"),
        "{err}"
    );

    let typo = write("typo.json", &good.replacen("\"height_mm\"", "\"heigth_mm\"", 1));
    let err = refused(&["presets", "validate", &typo]);
    assert!(err.contains("typo.json:") && err.contains("heigth_mm"), "{err}");

    let broken = write("broken.json", "{\"name\": 3");
    assert!(refused(&["presets", "validate", &broken]).contains("broken.json:1:"));

    let folder = dir.path().to_string_lossy().into_owned();
    assert!(refused(&["presets", "validate", &folder]).contains("folder"));
    assert!(refused(&["presets", "show", "norwood-9"]).contains("built-ins"));
    assert!(
        refused(&["presets", "show", "norwood-4", "--set", "hairline.nope=1"]).contains("nope")
    );
    assert!(refused(&["presets", "show", "norwood-4", "--set", "height"]).contains("PATH=VALUE"));
}
