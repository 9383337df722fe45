//! `smpsim preview --strip`, `--zoom` and `--heatmap` through the binary: what the images
//! contain, and refused input.

use std::path::Path;

use crate::support::{path_arg, refused, smpsim};
use image::RgbImage;

/// Runs `smpsim preview ARGS -o OUT` and returns the decoded image.
fn preview(args: &[&str], out: &Path) -> RgbImage {
    smpsim().arg("preview").args(args).args(["-o", path_arg(out)]).assert().success();
    image::open(out).unwrap().to_rgb8()
}

fn luma(p: [u8; 3]) -> f64 {
    0.299 * f64::from(p[0]) + 0.587 * f64::from(p[1]) + 0.114 * f64::from(p[2])
}

/// Mean luma of `image` over the columns `x0..x0+w` and rows `y0..y1`.
fn mean_luma(image: &RgbImage, x0: u32, w: u32, y0: u32, y1: u32) -> f64 {
    let mut sum = 0.0;
    for y in y0..y1 {
        for x in x0..x0 + w {
            sum += luma(image.get_pixel(x, y).0);
        }
    }
    sum / f64::from(w * (y1 - y0))
}

#[test]
fn a_strip_shows_every_session_then_healed_and_aged_darkening_session_by_session() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("strip.png");
    let base = ["--preset", "norwood-4", "--view", "top", "--size", "360x300"];
    let strip = preview(&[&base[..], &["--strip", "--years", "5"]].concat(), &out);
    // norwood-4 plans three sessions: SESSION 1-3, HEALED, AGED.
    assert_eq!(strip.dimensions(), (5 * 360, 300));
    // The head, below the titles and above the simulation labels.
    let darkness: Vec<f64> =
        (0..5).map(|i| 255.0 - mean_luma(&strip, i * 360 + 60, 240, 40, 260)).collect();
    assert!(darkness[0] < darkness[1] && darkness[1] < darkness[2], "{darkness:?}");
    // Fresh dots heal lighter; healed dots fade over the years.
    assert!(darkness[3] < darkness[2] && darkness[4] < darkness[3], "{darkness:?}");
    let panels: Vec<RgbImage> = (0..5)
        .map(|i| image::imageops::crop_imm(&strip, i * 360, 0, 360, 300).to_image())
        .collect();
    for i in 0..5 {
        for j in i + 1..5 {
            assert_ne!(panels[i], panels[j], "panels {i} and {j} are the same");
        }
    }
    // The healed panel is the ordinary preview of every session, but for title and rule.
    let single = preview(&base, &dir.path().join("single.png"));
    let (a, b) = (mean_luma(&panels[3], 60, 240, 40, 260), mean_luma(&single, 60, 240, 40, 260));
    assert!((a - b).abs() < 1e-9, "{a} vs {b}");
}

#[test]
fn strips_close_ups_and_heatmaps_are_the_same_on_one_thread_or_two() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str, look: &[&str]| {
        let out = dir.path().join(format!("look{threads}.png"));
        smpsim()
            .args(["--threads", threads, "preview", "--preset", "crown-only", "--size", "200x160"])
            .args(look)
            .args(["-o", path_arg(&out)])
            .assert()
            .success();
        std::fs::read(&out).unwrap()
    };
    for look in [&["--strip"][..], &["--zoom", "crown"], &["--heatmap", "--view", "top"]] {
        assert_eq!(run("1", look), run("2", look), "{look:?}");
    }
}

#[test]
fn a_strip_over_a_photo_has_panels_as_wide_as_the_photo() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    RgbImage::from_pixel(240, 180, image::Rgb([205, 160, 135])).save(&photo).unwrap();
    let strip = preview(
        &["--preset", "hairline-only", "--photo", path_arg(&photo), "--strip", "--view", "left"],
        &dir.path().join("strip.png"),
    );
    // hairline-only plans three sessions: SESSION 1-3, HEALED, AGED.
    assert_eq!(strip.dimensions(), (5 * 240, 180));
}

/// Sizes of the 4-connected blobs where `after` is darker than `before` by more than 10 in luma,
/// above row `max_y` (below it is the simulation label).
fn dark_blobs(before: &RgbImage, after: &RgbImage, max_y: u32) -> Vec<usize> {
    let (w, h) = (after.width() as usize, max_y as usize);
    let dark: Vec<bool> = (0..w * h)
        .map(|i| {
            let (x, y) = ((i % w) as u32, (i / w) as u32);
            luma(before.get_pixel(x, y).0) - luma(after.get_pixel(x, y).0) > 10.0
        })
        .collect();
    let mut seen = vec![false; w * h];
    let mut sizes = Vec::new();
    for start in 0..w * h {
        if !dark[start] || seen[start] {
            continue;
        }
        seen[start] = true;
        let (mut stack, mut size) = (vec![start], 0);
        while let Some(i) = stack.pop() {
            size += 1;
            let (x, y) = (i % w, i / w);
            let near = [
                (x > 0).then(|| i - 1),
                (x + 1 < w).then(|| i + 1),
                (y > 0).then(|| i - w),
                (y + 1 < h).then(|| i + w),
            ];
            for j in near.into_iter().flatten() {
                if dark[j] && !seen[j] {
                    seen[j] = true;
                    stack.push(j);
                }
            }
        }
        sizes.push(size);
    }
    sizes
}

fn halves(compare: &RgbImage) -> (RgbImage, RgbImage) {
    let (w, h) = (compare.width() / 2, compare.height());
    (
        image::imageops::crop_imm(compare, 0, 0, w, h).to_image(),
        image::imageops::crop_imm(compare, w, 0, w, h).to_image(),
    )
}

fn median(mut v: Vec<usize>) -> usize {
    v.sort_unstable();
    v[v.len() / 2]
}

#[test]
fn a_hairline_close_up_shows_its_dots_far_larger_than_the_whole_head_does() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["--preset", "norwood-4", "--size", "1000x1000", "--compare"];
    let full = preview(&base, &dir.path().join("full.png"));
    let zoom = preview(&[&base[..], &["--zoom", "hairline"]].concat(), &dir.path().join("z.png"));
    // The middle of the hairline is far smaller than the head: magnified to the output's
    // 1000 px width.
    assert_eq!(zoom.width(), 2 * 1000);
    assert!(zoom.height() > 250 && zoom.height() < 1000, "{}", zoom.height());
    let (full_before, full_after) = halves(&full);
    let (zoom_before, zoom_after) = halves(&zoom);
    let full_blobs = dark_blobs(&full_before, &full_after, 900);
    let zoom_blobs = dark_blobs(&zoom_before, &zoom_after, zoom.height() * 9 / 10);
    // Not compared by count with the whole head: on the scanned head's front view the dome's
    // dots are foreshortened into specks that merge below the blob threshold.
    assert!(zoom_blobs.len() > 300, "{} dots in the close-up", zoom_blobs.len());
    assert!(full_blobs.len() > 300, "{} dots on the whole head", full_blobs.len());
    let (z, f) = (median(zoom_blobs), median(full_blobs));
    // Each dot drawn at the close-up's scale: many pixels, not a one-pixel speck.
    // Measured 18 px against 2 px.
    assert!(z > 6 * f && z > 12, "median dot {z} px close up vs {f} px");
}

#[test]
fn a_close_up_box_is_in_the_unzoomed_image_pixels() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["--preset", "crown-only", "--view", "top", "--size", "400x300"];
    let zoom =
        preview(&[&base[..], &["--zoom", "100,50,200,100"]].concat(), &dir.path().join("z.png"));
    // On the default head the close-up is as large as --size.
    assert_eq!(zoom.dimensions(), (400, 200));
    // A scale bar in the bottom-right corner: white text and bar on a dark box.
    let white = |img: &RgbImage, x0: u32, y0: u32| {
        img.enumerate_pixels()
            .filter(|(x, y, p)| *x >= x0 && *y >= y0 && p.0 == [245, 245, 240])
            .count()
    };
    assert!(white(&zoom, 330, 165) > 40, "no scale bar");
    // A photo whose blue channel is its x coordinate: the close-up of its top-left corner
    // (outside the head, so no dots) is that ramp, 2000 / 60 times wider.
    let photo = dir.path().join("head.png");
    RgbImage::from_fn(300, 200, |x, _| image::Rgb([180, 140, x as u8])).save(&photo).unwrap();
    let close = preview(
        &["--preset", "norwood-3", "--photo", path_arg(&photo), "--zoom", "0,0,60,40"],
        &dir.path().join("pz.png"),
    );
    assert_eq!(close.dimensions(), (2000, 1333));
    let k = 2000.0 / 60.0;
    for x in [300u32, 1000, 1700] {
        let source_x = (f64::from(x) + 0.5) / k - 0.5;
        let blue = f64::from(close.get_pixel(x, 500).0[2]);
        assert!((blue - source_x).abs() <= 1.0, "x {x}: blue {blue}, source x {source_x}");
    }
}

#[test]
fn bad_zooms_are_refused_on_one_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("never.png");
    let out = path_arg(&out);
    let base = ["preview", "--preset", "norwood-4", "--size", "300x200"];
    for (zoom, says) in [
        ("250,150,100,20", "outside the 300×200 px image"),
        ("-1,0,10,10", "outside"),
        ("10,10,0,10", "no area"),
        ("1,2,3", "X,Y,W,H"),
        ("chin", "hairline, crown"),
        ("1,2,3,nan", "X,Y,W,H"),
    ] {
        let line = refused(&[&base[..], &["--zoom", zoom, "-o", out]].concat());
        assert!(line.contains("--zoom") && line.contains(says), "{zoom}: {line}");
    }
    let line = refused(&["preview", "--preset", "crown-only", "--zoom", "hairline", "-o", out]);
    assert!(line.contains("no hairline zone"), "{line}");
    for conflict in [["--strip", "--heatmap"], ["--strip", "--compare"], ["--heatmap", "--compare"]]
    {
        refused(&[&base[..], &conflict[..], &["-o", out]].concat());
    }
    assert!(!Path::new(out).exists());
}

#[test]
fn a_heatmap_colours_the_zones_by_density_with_a_legend_and_leaves_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["--preset", "crown-only", "--view", "top", "--size", "400x400"];
    let compare = preview(&[&base[..], &["--compare"]].concat(), &dir.path().join("c.png"));
    let (bare, dotted) = halves(&compare);
    let map = preview(&[&base[..], &["--heatmap"]].concat(), &dir.path().join("h.png"));
    assert_eq!(map.dimensions(), (400, 400));
    // Where the dots are (above the label), with 12 px of margin for the feathered border.
    let (mut lo, mut hi) = ([u32::MAX; 2], [0u32; 2]);
    for (x, y, p) in dotted.enumerate_pixels() {
        if y < 360 && p != bare.get_pixel(x, y) {
            (lo, hi) = ([lo[0].min(x), lo[1].min(y)], [hi[0].max(x), hi[1].max(y)]);
        }
    }
    let near_dots =
        |x: u32, y: u32| x + 12 >= lo[0] && x <= hi[0] + 12 && y + 12 >= lo[1] && y <= hi[1] + 12;
    let legend = |x: u32, y: u32| x >= 280 && y < 200;
    let label = |_: u32, y: u32| y >= 370;
    let mut colours = std::collections::HashSet::new();
    for (x, y, p) in map.enumerate_pixels() {
        if p == bare.get_pixel(x, y) {
            continue;
        }
        assert!(
            near_dots(x, y) || legend(x, y) || label(x, y),
            "({x},{y}) changed outside the zone"
        );
        if near_dots(x, y) && !legend(x, y) {
            colours.insert(p.0);
        }
    }
    // The crown's density varies (lower at the whorl, feathered at the edge): many colours.
    assert!(colours.len() > 50, "{} colours in the crown", colours.len());
    // The legend's colour bar holds both ends of the colour map.
    let has = |c: [u8; 3]| map.enumerate_pixels().any(|(x, y, p)| legend(x, y) && p.0 == c);
    assert!(has([253, 231, 37]) && has([68, 1, 84]), "no colour bar");
}
