//! `smpsim sample` through the binary: outputs, formats and refused input.

use crate::support::{smpsim, stderr_of};
use std::fs;

#[test]
fn csv_to_stdout_has_header_and_dots_inside_the_domain() {
    let out = smpsim()
        .args(["sample", "--domain", "30x20", "--density", "40", "--seed", "7"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("x_mm,y_mm"));
    let mut count = 0;
    for line in lines {
        let (x, y) = line.split_once(',').unwrap();
        let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
        assert!((0.0..=30.0).contains(&x) && (0.0..=20.0).contains(&y), "{line}");
        count += 1;
    }
    // 6 cm² at 40 dots/cm².
    assert!((200..=280).contains(&count), "{count} dots");
}

#[test]
fn spacing_is_kept_between_every_pair() {
    let out = smpsim()
        .args(["sample", "--domain", "40x40", "--spacing", "1.5", "--seed", "2"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let points: Vec<(f64, f64)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| {
            let (x, y) = l.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    assert!(points.len() > 500, "{} dots", points.len());
    for (i, a) in points.iter().enumerate() {
        for b in &points[i + 1..] {
            // 1 µm of slack for the three-decimal output.
            assert!(
                ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt() >= 1.5 - 0.002,
                "{a:?} {b:?}"
            );
        }
    }
}

#[test]
fn json_format_follows_the_extension_and_parses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("points.json");
    smpsim()
        .args(["sample", "--domain", "20x20", "--density", "30", "-o"])
        .arg(&path)
        .assert()
        .success();
    let value: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    let dots = value.as_array().unwrap();
    assert!(!dots.is_empty());
    assert!(dots.iter().all(|d| d["x_mm"].is_f64() && d["y_mm"].is_f64()));
}

#[test]
fn same_seed_same_bytes_other_seed_other_dots() {
    let run = |seed: &str, threads: &str| {
        smpsim()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "sample",
                "--domain",
                "40x40",
                "--density",
                "50",
                "--density-to",
                "10",
                "--seed",
                seed,
            ])
            .output()
            .unwrap()
            .stdout
    };
    let one = run("3", "1");
    assert_eq!(one, run("3", "2"));
    assert_eq!(one, run("3", "8"));
    assert_ne!(one, run("4", "2"));
}

#[test]
fn bad_values_get_one_line_naming_the_flag_and_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["--domain", "0x10", "--density", "4"], "--domain"),
        (&["--domain", "10x10", "--density", "-3"], "--density"),
        (&["--domain", "10x10", "--density", "NaN"], "--density"),
        (&["--domain", "10x10", "--density", "inf"], "--density"),
        (&["--domain", "10x10", "--density", "4", "--format", "xml"], "--format"),
        (&["--domain", "10x10", "--spacing", "0"], "--spacing"),
        (&["--domain", "10x10", "--spacing", "1", "--spacing-to", "500"], "--spacing-to"),
        (&["--domain", "10x10", "--density", "4", "--spacing", "1"], "--spacing"),
        (&["--domain", "100000x100000", "--density", "100"], "--max-dots"),
    ];
    for (args, flag) in cases {
        let out = smpsim().arg("sample").args(*args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr_of(&out);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(flag), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} wrote output");
    }
}

#[test]
fn a_refused_run_creates_and_truncates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("fresh.csv");
    smpsim()
        .args(["sample", "--domain", "100000x100000", "--density", "100", "-o"])
        .arg(&fresh)
        .assert()
        .code(2);
    assert!(!fresh.exists());

    let earlier = dir.path().join("earlier.csv");
    fs::write(&earlier, "keep me").unwrap();
    smpsim()
        .args(["sample", "--domain", "10x10", "--density", "nan", "-o"])
        .arg(&earlier)
        .assert()
        .code(2);
    assert_eq!(fs::read_to_string(&earlier).unwrap(), "keep me");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "temporary files left behind");
}

#[test]
fn a_missing_output_folder_is_named() {
    let out = smpsim()
        .args(["sample", "--domain", "10x10", "--density", "4", "-o", "no/such/dir/p.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("no/such/dir"));
}
