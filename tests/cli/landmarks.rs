//! `smpsim preview --point` and `--pose`: landmarks place the head, bad ones are refused.

use std::fs;

use smpsim::head::{Camera, Landmark, Pose};
use smpsim::{HeadModel, HeadSize, View};

use crate::support::{path_arg, refused, smpsim};

/// `--point` flags for the front-view landmarks as `pose` puts them.
fn point_flags(pose: &Pose) -> Vec<String> {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let camera = Camera::from_pose(pose);
    [
        Landmark::Glabella,
        Landmark::NoseTip,
        Landmark::Chin,
        Landmark::LeftTempleCorner,
        Landmark::RightTempleCorner,
    ]
    .into_iter()
    .flat_map(|l| {
        let [x, y] = camera.project(l.head_point(&model));
        ["--point".to_owned(), format!("{l}={x:.1},{y:.1}")]
    })
    .collect()
}

fn turned() -> Pose {
    Pose {
        yaw_deg: 15.0,
        pitch_deg: 25.0,
        ..Pose::rolled(View::Front, 180.0, [200.0, 160.0], [1.0, 0.8])
    }
}

#[test]
fn landmarks_give_a_deterministic_preview_unlike_the_default_fit() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    image::RgbImage::from_pixel(400, 300, image::Rgb([205, 160, 135])).save(&photo).unwrap();
    let run = |name: &str, extra: &[String]| {
        let out = dir.path().join(name);
        let output = smpsim()
            .args([
                "preview",
                "--preset",
                "norwood-3",
                "--photo",
                path_arg(&photo),
                "--view",
                "front",
            ])
            .args(extra)
            .args(["-o", path_arg(&out)])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        (fs::read(&out).unwrap(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let flags = point_flags(&turned());
    let (a, err) = run("a.png", &flags);
    let (b, _) = run("b.png", &flags);
    let (default, _) = run("c.png", &[]);
    assert_eq!(a, b, "the same points gave different previews");
    assert_ne!(a, default, "the points changed nothing");
    assert!(err.contains("--point nose-tip="), "{err}");
    assert!(err.contains("roll 180.0°") && err.contains("pitch 25.0°"), "{err}");
    assert!(err.contains("solved from 5 landmarks"), "{err}");
}

#[test]
fn bad_landmarks_and_poses_are_refused_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    image::RgbImage::from_pixel(400, 300, image::Rgb([205, 160, 135])).save(&photo).unwrap();
    let out = dir.path().join("out.png");
    let (photo, out_s) = (path_arg(&photo), path_arg(&out));
    let base =
        ["preview", "--preset", "norwood-3", "--photo", photo, "--view", "front", "-o", out_s];
    let with = |extra: &[&str]| refused(&[&base[..], extra].concat());
    let err = with(&["--point", "glabella=500,20", "--point", "chin=200,250"]);
    assert!(
        err.contains("--point") && err.contains("400×300") && err.contains("glabella"),
        "{err}"
    );
    let err = with(&["--point", "ear=10,10"]);
    assert!(
        err.contains("--point") && err.contains("`ear`") && err.contains("left-tragus"),
        "{err}"
    );
    let err = with(&["--point", "chin=200,250", "--point", "chin=210,250"]);
    assert!(err.contains("--point") && err.contains("chin is given twice"), "{err}");
    let err = with(&["--point", "chin=200,250"]);
    assert!(err.contains("--point") && err.contains("at least 2"), "{err}");
    let err = with(&["--point", "inion=200,100", "--point", "chin=200,250"]);
    assert!(
        err.contains("--point") && err.contains("inion cannot be seen in the front view"),
        "{err}"
    );
    let contradictory = [
        "--point",
        "glabella=200,200",
        "--point",
        "chin=200,60",
        "--point",
        "nose-tip=390,150",
        "--point",
        "vertex=205,10",
        "--point",
        "left-temple-corner=120,100",
    ];
    let err = with(&contradictory);
    assert!(err.contains("--point") && err.contains("contradict") && err.contains("8 %"), "{err}");
    let err = with(&["--pose", "120,0,0"]);
    assert!(err.contains("--pose") && err.contains("±90"), "{err}");
    let err = with(&["--pose", "0,0,999"]);
    assert!(err.contains("--pose") && err.contains("0,0,999") && err.contains("±360"), "{err}");
    let err = with(&["--point", "chin=200"]);
    assert!(err.contains("--point") && err.contains("NAME=X,Y"), "{err}");
    assert!(!out.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "stray files left behind");
}

#[test]
fn a_pose_turns_the_box_placed_head() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    image::RgbImage::from_pixel(300, 300, image::Rgb([205, 160, 135])).save(&photo).unwrap();
    let out = dir.path().join("out.png");
    let output = smpsim()
        .args(["preview", "--preset", "norwood-3", "--photo", path_arg(&photo), "--view", "front"])
        .args(["--head", "50,20,200,260", "--pose", "0,20,90", "-o", path_arg(&out)])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("--head 50,20,200,260 --pose 0,20,90"), "{err}");
    assert!(err.contains("roll 90.0°"), "{err}");
}

#[test]
fn a_scene_file_carries_landmarks_and_refuses_unknown_ones() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    image::RgbImage::from_pixel(400, 300, image::Rgb([205, 160, 135])).save(&photo).unwrap();
    let flags = point_flags(&turned());
    let points: Vec<String> = flags
        .chunks(2)
        .map(|f| {
            let (name, xy) = f[1].split_once('=').unwrap();
            format!("\"{name}\": [{xy}]")
        })
        .collect();
    let scene = dir.path().join("scene.json");
    fs::write(
        &scene,
        format!("{{ \"view\": \"front\", \"points_px\": {{ {} }} }}", points.join(", ")),
    )
    .unwrap();
    let out = dir.path().join("out.png");
    let output = smpsim()
        .args(["preview", "--preset", "norwood-3", "--photo", path_arg(&photo)])
        .args(["--scene", path_arg(&scene), "-o", path_arg(&out)])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("solved from 5 landmarks") && err.contains("roll 180.0°"), "{err}");
    let refused_scene = |text: &str| {
        fs::write(&scene, text).unwrap();
        let out = dir.path().join("x.png");
        let args = ["preview", "--preset", "norwood-3", "--photo", path_arg(&photo)];
        refused(&[&args[..], &["--scene", path_arg(&scene), "-o", path_arg(&out)]].concat())
    };
    let err = refused_scene(r#"{ "view": "front", "points_px": { "ear": [1, 2] } }"#);
    assert!(err.contains("points_px.ear") && err.contains("nose-tip"), "{err}");
    // A scene's rotation is held to --pose's limits, naming the field.
    let err = refused_scene(
        r#"{ "view": "front", "pose": { "yaw_deg": 0, "pitch_deg": 0, "roll_deg": 999 } }"#,
    );
    assert!(err.contains("--scene") && err.contains("pose") && err.contains("±360"), "{err}");
}
