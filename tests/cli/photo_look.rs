//! `smpsim preview --photo-look`: the photo's camera measured and reported, turned off, or
//! overridden key by key; bad values refused on one line.

use crate::support::{path_arg, refused, smpsim, stderr_of};

const PHOTO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/photos/left-04.jpg");

/// The preview of the test photo with `extra` flags, and what it said on stderr.
fn preview(dir: &std::path::Path, name: &str, extra: &[&str]) -> (Vec<u8>, String) {
    let out = dir.join(name);
    let run = smpsim()
        .args(["preview", "--preset", "norwood-4", "--view", "left", "--photo", PHOTO])
        .args(extra)
        .args(["-o", path_arg(&out)])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr_of(&run));
    (std::fs::read(&out).unwrap(), stderr_of(&run))
}

#[test]
fn the_measured_look_is_reported_and_each_setting_changes_the_dots() {
    let dir = tempfile::tempdir().unwrap();
    let (auto, said) = preview(dir.path(), "auto.png", &[]);
    let line = said.lines().find(|l| l.starts_with("photo look: ")).expect(&said);
    for part in ["blur ", " px", "grain ", "light ", "glare on "] {
        assert!(line.contains(part), "{line}");
    }
    let (off, said_off) = preview(dir.path(), "off.png", &["--photo-look", "off"]);
    assert!(!said_off.contains("photo look:"), "{said_off}");
    let (soft, said_soft) = preview(dir.path(), "soft.png", &["--photo-look", "blur=3,noise=0"]);
    assert!(said_soft.contains("blur 3.0 px, grain 0.0 levels"), "{said_soft}");
    let (again, _) = preview(dir.path(), "again.png", &[]);
    assert!(auto == again, "the same photo and flags give the same bytes");
    assert!(auto != off && soft != off && soft != auto);
}

#[test]
fn bad_photo_look_values_are_refused_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never.png");
    for (value, says) in [
        ("blur=9", "blur=9: expected a number from 0 to 8"),
        ("noise=-1", "noise=-1: expected a number from 0 to 32"),
        ("glare=maybe", "glare=maybe: expected on or off"),
        ("sharpness=2", "unknown key `sharpness`"),
        ("blur", "`blur`: expected auto, off, or KEY=VALUE pairs"),
    ] {
        let args = ["preview", "--preset", "norwood-4", "--photo", PHOTO, "--photo-look", value];
        let line = refused(&[&args[..], &["-o", path_arg(&out)]].concat());
        assert!(line.contains("--photo-look") && line.contains(says), "{value}: {line}");
        assert!(!out.exists(), "{value} wrote an output");
    }
}
