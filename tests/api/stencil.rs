//! Stencils read back: the PNG's DPI and scale bar, dot centres against the plan, tiled pages
//! against the single sheet, the SVG's units and dots, and refused options.

use crate::support::{builtin, on_threads};
use std::io::Cursor;
use std::sync::Arc;

use smpsim::engine::{SampleOptions, UniformDensity, sample_density};
use smpsim::stencil::PageInfo;
use smpsim::{
    Dot, MapPoint, MapRect, PageSize, Plan, PlanZone, SessionSelection, Stencil, StencilError,
    StencilFormat, StencilOptions, ZoneKind,
};

/// A plan of `positions` (sessions cycling 1..=3) over `extent`.
fn plan_of(extent: MapRect, positions: &[MapPoint], diameter_mm: f32) -> Plan {
    let mut dots: Vec<Dot> = positions
        .iter()
        .enumerate()
        .map(|(i, &position)| Dot {
            position,
            diameter_mm,
            fresh_diameter_mm: diameter_mm * 1.5,
            dilution: 10.0,
            session: (i % 3) as u8 + 1,
            zone: 0,
        })
        .collect();
    dots.sort_by_key(|d| d.session);
    let (w, h) = (extent.width_mm(), extent.height_mm());
    let ring = vec![
        MapPoint::new(extent.min.x_mm + 0.2 * w, extent.min.y_mm + 0.2 * h),
        MapPoint::new(extent.min.x_mm + 0.8 * w, extent.min.y_mm + 0.3 * h),
        MapPoint::new(extent.min.x_mm + 0.6 * w, extent.min.y_mm + 0.9 * h),
    ];
    Plan {
        preset_name: "test-card".into(),
        seed: 11,
        session_count: 3,
        zones: vec![PlanZone {
            name: "total".into(),
            kind: ZoneKind::Total,
            outlines_mm: vec![ring],
        }],
        // Diagonal, so it never lies along a cross's arm and the crosses can be measured.
        hairline_mm: vec![
            MapPoint::new(extent.min.x_mm, extent.min.y_mm + 0.1 * h),
            MapPoint::new(extent.max.x_mm, extent.max.y_mm),
        ],
        extent_mm: extent,
        dots,
        native_hair: Arc::new(UniformDensity { density_per_cm2: 0.0 }),
    }
}

/// A realistic dot set from the sampler: `density` dots/cm² over `w × h` mm offset from the
/// origin (so the frame's `extent.min` subtraction is exercised).
fn sampled_plan(w: f32, h: f32, density: f32, seed: u64) -> Plan {
    let extent =
        MapRect { min: MapPoint::new(-20.0, 35.0), max: MapPoint::new(w - 20.0, h + 35.0) };
    let field = UniformDensity { density_per_cm2: density };
    let options = SampleOptions { seed, ..SampleOptions::default() };
    let points = sample_density(extent, &field, &[], &options).expect("sampling a small card");
    plan_of(extent, &points, 0.15)
}

struct Decoded {
    width: usize,
    height: usize,
    /// Ink per pixel, 0 paper to 255 black (alpha when transparent).
    ink: Vec<u8>,
    dpi_x: f64,
    dpi_y: f64,
    transparent: bool,
}

impl Decoded {
    fn at(&self, x: usize, y: usize) -> u8 {
        self.ink[y * self.width + x]
    }
}

fn render(stencil: &Stencil, index: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    stencil.write_page(index, &mut bytes).expect("writing into memory");
    bytes
}

fn decode(bytes: &[u8]) -> Decoded {
    let mut reader = png::Decoder::new(Cursor::new(bytes)).read_info().expect("a valid PNG");
    let dims = reader.info().pixel_dims.expect("a pHYs chunk");
    assert_eq!(dims.unit, png::Unit::Meter);
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut buf).unwrap();
    let (width, height) = (frame.width as usize, frame.height as usize);
    let transparent = frame.color_type == png::ColorType::GrayscaleAlpha;
    let ink = if transparent {
        buf[..width * height * 2].chunks(2).map(|ga| ga[1]).collect()
    } else {
        assert_eq!(frame.color_type, png::ColorType::Grayscale);
        buf[..width * height].iter().map(|g| 255 - g).collect()
    };
    Decoded {
        width,
        height,
        ink,
        dpi_x: dims.xppu as f64 * 0.0254,
        dpi_y: dims.yppu as f64 * 0.0254,
        transparent,
    }
}

fn sheet_options(dpi: u32) -> StencilOptions {
    StencilOptions { dpi, page: PageSize::None, ..StencilOptions::default() }
}

/// Length in px of the longest dark horizontal bar below the map window: summed ink across
/// the bar's middle row, so anti-aliased ends count by their coverage.
fn scale_bar_length_px(img: &Decoded, page: &PageInfo) -> f64 {
    let below = (page.content_origin_px[1] + page.content_size_px[1]) as usize;
    let (mut row, mut run_end, mut best_run) = (0, 0, 0);
    for y in below..img.height {
        let mut run = 0;
        for x in 0..img.width {
            run = if img.at(x, y) > 128 { run + 1 } else { 0 };
            if run > best_run {
                (row, run_end, best_run) = (y, x + 1, run);
            }
        }
    }
    let (x0, x1) = (run_end - best_run, run_end);
    let mid_x = (x0 + x1) / 2;
    // The bar's rows are those dark at its middle column, contiguous with the longest run.
    let (mut top, mut bottom) = (row, row);
    while img.at(mid_x, top - 1) > 128 {
        top -= 1;
    }
    while img.at(mid_x, bottom + 1) > 128 {
        bottom += 1;
    }
    let middle = (top + bottom) / 2;
    (x0 - 2..x1 + 2).map(|x| img.at(x, middle) as f64 / 255.0).sum()
}

#[test]
fn phys_holds_the_dpi_and_the_scale_bar_measures_10_mm() {
    let plan = sampled_plan(30.0, 20.0, 20.0, 3);
    for dpi in [72, 300, 600, 1000] {
        let stencil = Stencil::new(&plan, &sheet_options(dpi)).unwrap();
        let img = decode(&render(&stencil, 0));
        assert!((img.dpi_x - dpi as f64).abs() < 0.01 && (img.dpi_y - dpi as f64).abs() < 0.01);
        let page = stencil.page(0).unwrap();
        assert_eq!((img.width, img.height), (page.width_px as usize, page.height_px as usize));
        let bar_mm = scale_bar_length_px(&img, &page) * 25.4 / dpi as f64;
        assert!((bar_mm - 10.0).abs() <= 0.1, "{dpi} dpi: bar measures {bar_mm} mm");
    }
}

/// Ink-weighted centroids of the 8-connected inked regions inside `window` (page px).
fn blob_centroids(img: &Decoded, window: [usize; 4]) -> Vec<[f64; 2]> {
    let [x0, y0, x1, y1] = window;
    let mut seen = vec![false; img.width * img.height];
    let mut centroids = Vec::new();
    for y in y0..y1 {
        for x in x0..x1 {
            if img.at(x, y) == 0 || seen[y * img.width + x] {
                continue;
            }
            let (mut sum, mut sx, mut sy) = (0.0, 0.0, 0.0);
            let mut stack = vec![(x, y)];
            seen[y * img.width + x] = true;
            while let Some((px, py)) = stack.pop() {
                let w = img.at(px, py) as f64;
                (sum, sx, sy) = (sum + w, sx + w * (px as f64 + 0.5), sy + w * (py as f64 + 0.5));
                for ny in py.saturating_sub(1)..(py + 2).min(y1) {
                    for nx in px.saturating_sub(1)..(px + 2).min(x1) {
                        let i = ny * img.width + nx;
                        if nx >= x0 && ny >= y0 && !seen[i] && img.at(nx, ny) > 0 {
                            seen[i] = true;
                            stack.push((nx, ny));
                        }
                    }
                }
            }
            centroids.push([sx / sum, sy / sum]);
        }
    }
    centroids
}

fn window_of(page: &PageInfo) -> [usize; 4] {
    let [x, y] = page.content_origin_px.map(|v| v as usize);
    let [w, h] = page.content_size_px.map(|v| v as usize);
    [x, y, x + w, y + h]
}

#[test]
fn dot_centres_in_the_png_are_the_plan_positions_within_half_a_pixel() {
    let plan = sampled_plan(40.0, 30.0, 40.0, 5);
    assert!(plan.dots.len() > 300, "{} dots", plan.dots.len());
    let dpi = 600;
    let stencil = Stencil::new(&plan, &sheet_options(dpi)).unwrap();
    let page = stencil.page(0).unwrap();
    let img = decode(&render(&stencil, 0));
    let found = blob_centroids(&img, window_of(&page));
    assert_eq!(found.len(), plan.dots.len(), "one blob per dot");
    let k = dpi as f64 / 25.4;
    let mut worst: f64 = 0.0;
    for dot in &plan.dots {
        // The documented frame, written out independently of the library's code.
        let canvas = [
            (dot.position.x_mm as f64 - plan.extent_mm.min.x_mm as f64) * k,
            (dot.position.y_mm as f64 - plan.extent_mm.min.y_mm as f64) * k,
        ];
        let want = page.canvas_to_page_px(canvas);
        let d = found
            .iter()
            .map(|c| ((c[0] - want[0]).powi(2) + (c[1] - want[1]).powi(2)).sqrt())
            .fold(f64::INFINITY, f64::min);
        worst = worst.max(d);
    }
    assert!(worst < 0.5, "worst centre error {worst} px");
}

/// The centre of the cross expected near `at` (page px): ink-weighted centre of the rows and
/// columns that carry its arms.
fn measure_cross(img: &Decoded, at: [f64; 2], arm_px: f64) -> [f64; 2] {
    let reach = (arm_px + 4.0) as usize;
    let (cx, cy) = (at[0] as usize, at[1] as usize);
    let (x0, x1, y0, y1) = (cx - reach, cx + reach, cy - reach, cy + reach);
    let rows: Vec<f64> =
        (y0..y1).map(|y| (x0..x1).map(|x| img.at(x, y) as f64).sum::<f64>()).collect();
    let cols: Vec<f64> =
        (x0..x1).map(|x| (y0..y1).map(|y| img.at(x, y) as f64).sum::<f64>()).collect();
    let centre = |sums: &[f64], origin: usize| {
        let max = sums.iter().cloned().fold(0.0, f64::max);
        let (mut w, mut s) = (0.0, 0.0);
        for (i, &v) in sums.iter().enumerate() {
            if v > 0.3 * max {
                w += v;
                s += v * (origin + i) as f64;
            }
        }
        s / w + 0.5
    };
    [centre(&cols, x0), centre(&rows, y0)]
}

#[test]
fn tiled_pages_put_back_by_their_marks_give_the_single_sheet() {
    let plan = sampled_plan(150.0, 120.0, 8.0, 9);
    let dpi = 150;
    let base = StencilOptions { dpi, outline: true, ..StencilOptions::default() };
    let sheet =
        Stencil::new(&plan, &StencilOptions { page: PageSize::None, ..base.clone() }).unwrap();
    let tiled_options =
        StencilOptions { page: PageSize::Custom { width_mm: 100.0, height_mm: 110.0 }, ..base };
    let tiled = Stencil::new(&plan, &tiled_options).unwrap();
    assert!(tiled.page_count() >= 4, "{} pages", tiled.page_count());
    let sheet_page = sheet.page(0).unwrap();
    let sheet_img = decode(&render(&sheet, 0));
    let k = dpi as f64 / 25.4;
    let arm_px = 3.0 * k;
    let crosses = tiled.alignment_crosses_px();
    assert!(!crosses.is_empty());

    // Where each cross is found on each page, back in canvas px.
    let mut found: Vec<Vec<[f64; 2]>> = vec![Vec::new(); crosses.len()];
    let mut compared = 0usize;
    for page in tiled.pages() {
        let img = decode(&render(&tiled, page.number - 1));
        let [wx0, wy0, wx1, wy1] = window_of(&page);
        for (i, &c) in crosses.iter().enumerate() {
            let p = page.canvas_to_page_px(c);
            if p[0] - arm_px >= wx0 as f64
                && p[0] + arm_px <= wx1 as f64
                && p[1] - arm_px >= wy0 as f64
                && p[1] + arm_px <= wy1 as f64
            {
                let m = measure_cross(&img, p, arm_px);
                found[i].push([
                    m[0] - page.content_origin_px[0] as f64 + page.window_origin_px[0] as f64,
                    m[1] - page.content_origin_px[1] as f64 + page.window_origin_px[1] as f64,
                ]);
            }
        }
        // Every window pixel away from the crosses equals the sheet's pixel at that canvas px.
        for y in wy0..wy1 {
            for x in wx0..wx1 {
                let canvas = [
                    x as i64 - page.content_origin_px[0] + page.window_origin_px[0],
                    y as i64 - page.content_origin_px[1] + page.window_origin_px[1],
                ];
                let near_cross = crosses.iter().any(|c| {
                    (c[0] - canvas[0] as f64).abs() < arm_px + 2.0
                        && (c[1] - canvas[1] as f64).abs() < arm_px + 2.0
                });
                let s = sheet_page.canvas_to_page_px(canvas.map(|v| v as f64));
                let (sx, sy) = (s[0] as i64, s[1] as i64);
                let [sx0, sy0, sx1, sy1] = window_of(&sheet_page).map(|v| v as i64);
                if near_cross || sx < sx0 || sy < sy0 || sx >= sx1 || sy >= sy1 {
                    continue;
                }
                assert_eq!(
                    img.at(x, y),
                    sheet_img.at(sx as usize, sy as usize),
                    "page {} px ({x}, {y})",
                    page.number
                );
                compared += 1;
            }
        }
    }
    let canvas_px = (150.0 * k) * (120.0 * k);
    assert!(compared as f64 > canvas_px, "compared {compared} px");
    for (cross, seen) in crosses.iter().zip(&found) {
        assert!(seen.len() >= 2, "cross {cross:?} is on {} pages", seen.len());
        for m in seen {
            let err = ((m[0] - cross[0]).powi(2) + (m[1] - cross[1]).powi(2)).sqrt();
            assert!(err < 0.5, "cross {cross:?} found at {m:?}");
        }
    }
}

#[test]
fn svg_is_xml_in_mm_with_one_circle_per_dot() {
    let plan = sampled_plan(40.0, 30.0, 30.0, 2);
    let options =
        StencilOptions { format: StencilFormat::Svg, outline: true, ..sheet_options(600) };
    let stencil = Stencil::new(&plan, &options).unwrap();
    let bytes = render(&stencil, 0);
    let text = String::from_utf8(bytes).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let svg = doc.root_element();
    let page = stencil.page(0).unwrap();
    let width_mm: f64 =
        svg.attribute("width").unwrap().strip_suffix("mm").unwrap().parse().unwrap();
    let height_mm: f64 =
        svg.attribute("height").unwrap().strip_suffix("mm").unwrap().parse().unwrap();
    assert!((width_mm - page.width_px as f64 * 25.4 / 600.0).abs() < 1e-3);
    let view_box: Vec<f64> =
        svg.attribute("viewBox").unwrap().split(' ').map(|v| v.parse().unwrap()).collect();
    assert_eq!(view_box, vec![0.0, 0.0, width_mm, height_mm]);
    let dots = doc.descendants().find(|n| n.attribute("id") == Some("dots")).unwrap();
    let circles: Vec<_> = dots.descendants().filter(|n| n.has_tag_name("circle")).collect();
    assert_eq!(circles.len(), plan.dots.len());
    // Each circle sits where the PNG puts the dot, in mm, with the drawn (minimum) radius.
    let first = plan.dots[0].position;
    let want = page.canvas_to_page_px([
        (first.x_mm - plan.extent_mm.min.x_mm) as f64 * 600.0 / 25.4,
        (first.y_mm - plan.extent_mm.min.y_mm) as f64 * 600.0 / 25.4,
    ]);
    let attr = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap().parse::<f64>().unwrap();
    assert!(circles.iter().any(|c| (attr(c, "cx") - want[0] * 25.4 / 600.0).abs() < 1e-3
        && (attr(c, "cy") - want[1] * 25.4 / 600.0).abs() < 1e-3
        && (attr(c, "r") - 0.15).abs() < 1e-4));
    let texts: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("text")).collect();
    assert!(texts.iter().any(|t| t.text().unwrap().contains("test-card | seed 11")));
    assert!(doc.descendants().any(|n| n.has_tag_name("polyline")));
}

#[test]
fn out_of_range_options_are_refused_with_the_value_and_what_is_allowed() {
    let plan = sampled_plan(20.0, 20.0, 10.0, 1);
    let refuse = |options: StencilOptions| Stencil::new(&plan, &options).err().unwrap();
    for dpi in [0, 71, 2401] {
        let err = refuse(StencilOptions { dpi, ..StencilOptions::default() });
        assert!(matches!(err, StencilError::DpiOutOfRange { dpi: d } if d == dpi));
        assert_eq!(err.to_string(), format!("dpi {dpi} is out of range: allowed 72 to 2400"));
    }
    let err = refuse(StencilOptions {
        page: PageSize::Custom { width_mm: 70.0, height_mm: 50.0 },
        ..StencilOptions::default()
    });
    assert!(matches!(err, StencilError::PageTooSmall { .. }), "{err}");
    assert!(err.to_string().contains("70 × 50 mm") && err.to_string().contains("scale bar"));
    let err = refuse(StencilOptions { sessions: SessionSelection::Only(4), ..Default::default() });
    assert_eq!(err.to_string(), "session 4 does not exist: the plan has sessions 1 to 3");
    let err = refuse(StencilOptions { min_dot_mm: f32::NAN, ..Default::default() });
    assert!(err.to_string().starts_with("min_dot_mm NaN is out of range"));
    let err = refuse(StencilOptions { overlap_mm: 60.0, ..Default::default() });
    assert!(err.to_string().contains("overlap_mm 60"));
    let stencil = Stencil::new(&plan, &StencilOptions::default()).unwrap();
    let err = stencil.write_page(stencil.page_count(), Vec::new()).unwrap_err();
    assert!(matches!(err, StencilError::PageOutOfRange { .. }));
}

#[test]
fn a_failing_writer_is_a_write_error() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let plan = sampled_plan(20.0, 20.0, 10.0, 1);
    for format in [StencilFormat::Png, StencilFormat::Svg] {
        let stencil =
            Stencil::new(&plan, &StencilOptions { format, ..sheet_options(100) }).unwrap();
        let err = stencil.write_page(0, Full).unwrap_err();
        assert!(matches!(err, StencilError::Write(_)), "{format:?}: {err}");
    }
}

#[test]
fn transparent_pages_carry_the_same_ink_as_alpha_over_clear_paper() {
    let plan = sampled_plan(30.0, 20.0, 20.0, 4);
    let opaque = decode(&render(&Stencil::new(&plan, &sheet_options(300)).unwrap(), 0));
    let options = StencilOptions { transparent: true, ..sheet_options(300) };
    let clear = decode(&render(&Stencil::new(&plan, &options).unwrap(), 0));
    assert!(clear.transparent && !opaque.transparent);
    assert_eq!(clear.ink, opaque.ink);
    assert_eq!(clear.at(0, 0), 0, "paper is fully transparent");
    assert!(clear.ink.contains(&255));
}

#[test]
fn the_same_plan_gives_the_same_bytes_on_one_or_two_threads() {
    let plan = sampled_plan(40.0, 30.0, 30.0, 8);
    let options = StencilOptions { outline: true, ..sheet_options(600) };
    let stencil = Stencil::new(&plan, &options).unwrap();
    let on = |threads| on_threads(threads, || render(&stencil, 0));
    let one = on(1);
    // Two blank pages would also be equal: the page must carry the plan's dots.
    let inked = decode(&one).ink.iter().filter(|&&v| v == 255).count();
    assert!(inked > plan.dots.len(), "{inked} fully inked pixels for {} dots", plan.dots.len());
    assert!(one == on(2), "the thread count changed the page");
}

#[test]
fn each_dot_is_drawn_at_its_healed_diameter_or_the_minimum() {
    let extent = MapRect::from_size_mm(20.0, 10.0);
    let mut plan = plan_of(extent, &[MapPoint::new(5.0, 5.0), MapPoint::new(15.0, 5.0)], 0.1);
    plan.dots[1].diameter_mm = 0.8;
    let dpi = 600;
    let stencil = Stencil::new(&plan, &sheet_options(dpi)).unwrap();
    let page = stencil.page(0).unwrap();
    let img = decode(&render(&stencil, 0));
    let k = dpi as f64 / 25.4;
    for dot in &plan.dots {
        let c =
            page.canvas_to_page_px([dot.position.x_mm as f64 * k, dot.position.y_mm as f64 * k]);
        let (cx, cy) = (c[0] as usize, c[1] as usize);
        let ink: f64 = (cy - 15..cy + 15)
            .flat_map(|y| (cx - 15..cx + 15).map(move |x| (x, y)))
            .map(|(x, y)| img.at(x, y) as f64 / 255.0)
            .sum();
        let r_px = (dot.diameter_mm as f64).max(0.3) / 2.0 * k;
        let want = std::f64::consts::PI * r_px * r_px;
        assert!(
            (ink - want).abs() < 0.01 * want,
            "{} mm dot: {ink} px² inked, want {want}",
            dot.diameter_mm
        );
    }
}

#[test]
fn sessions_select_and_shade_their_dots() {
    let plan = sampled_plan(40.0, 30.0, 30.0, 6);
    let count = |s: u8| plan.dots.iter().filter(|d| d.session <= s).count();
    let blobs = |sessions: SessionSelection| {
        let stencil =
            Stencil::new(&plan, &StencilOptions { sessions, ..sheet_options(300) }).unwrap();
        let img = decode(&render(&stencil, 0));
        let window = window_of(&stencil.page(0).unwrap());
        (blob_centroids(&img, window).len(), img, window)
    };
    assert_eq!(blobs(SessionSelection::Only(2)).0, count(2) - count(1));
    assert_eq!(blobs(SessionSelection::Through(2)).0, count(2));
    let (n, img, _) = blobs(SessionSelection::EachMarked);
    assert_eq!(n, plan.dots.len());
    // The pixel under each dot's centre (fully covered at 300 dpi: r = 1.8 px) has its
    // session's shade: 35 %, 67.5 %, 100 % ink.
    let stencil = Stencil::new(&plan, &sheet_options(300)).unwrap();
    let page = stencil.page(0).unwrap();
    let k = 300.0 / 25.4;
    for dot in &plan.dots {
        let c = page.canvas_to_page_px([
            (dot.position.x_mm - plan.extent_mm.min.x_mm) as f64 * k,
            (dot.position.y_mm - plan.extent_mm.min.y_mm) as f64 * k,
        ]);
        let want = [89, 172, 255][dot.session as usize - 1];
        assert_eq!(img.at(c[0] as usize, c[1] as usize), want, "session {}", dot.session);
    }
}

#[test]
fn a_preset_plan_prints_its_dots_where_its_csv_puts_them() {
    let layout = builtin("hairline-only").layout(&smpsim::MaskImages::new()).unwrap();
    let region = MapRect { min: MapPoint::new(-30.0, 60.0), max: MapPoint::new(30.0, 100.0) };
    let options = smpsim::PlanOptions { seed: 42, region_mm: Some(region), ..Default::default() };
    let plan = smpsim::build_plan(&layout, &options).unwrap();
    assert!(plan.dots.len() > 200, "{} dots", plan.dots.len());
    let mut csv = Vec::new();
    smpsim::write_dots_csv(&plan, &mut csv).unwrap();
    let csv_mm: Vec<[f64; 2]> = String::from_utf8(csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| {
            let mut fields = line.split(',').map(|f| f.parse::<f64>().unwrap_or(f64::NAN));
            [fields.next().unwrap(), fields.next().unwrap()]
        })
        .collect();

    let dpi = 600;
    let stencil = Stencil::new(&plan, &sheet_options(dpi)).unwrap();
    let page = stencil.page(0).unwrap();
    let img = decode(&render(&stencil, 0));
    let found = blob_centroids(&img, window_of(&page));
    assert_eq!(found.len(), csv_mm.len());
    let k = dpi as f64 / 25.4;
    let min = plan.extent_mm.min;
    for p in &csv_mm {
        let want =
            page.canvas_to_page_px([(p[0] - min.x_mm as f64) * k, (p[1] - min.y_mm as f64) * k]);
        let err = found
            .iter()
            .map(|c| ((c[0] - want[0]).powi(2) + (c[1] - want[1]).powi(2)).sqrt())
            .fold(f64::INFINITY, f64::min);
        assert!(err < 0.5, "CSV dot {p:?}: nearest blob {err} px away");
    }
}

/// Whether `text`, drawn with the shared font with capitals `cap_px` tall, appears anywhere below
/// the map window: ink on exactly the same pixels, each at least as dark (stencils darken
/// anti-aliased edges for print).
fn footer_shows(img: &Decoded, page: &PageInfo, text: &str, cap_px: f32) -> bool {
    let (w, h) = smpsim::render::text_size_px(text, cap_px);
    let mut glyphs = image::RgbImage::from_pixel(w, h, image::Rgb([255, 255, 255]));
    smpsim::render::draw_text(&mut glyphs, 0, 0, text, cap_px, [0, 0, 0]);
    let want: Vec<u8> = glyphs.pixels().map(|p| 255 - p[0]).collect();
    let (w, h) = (w as usize, h as usize);
    let anchor = want.iter().position(|&v| v == 255).unwrap();
    let (ax, ay) = (anchor % w, anchor / w);
    let below = (page.content_origin_px[1] + page.content_size_px[1]) as usize;
    (below..img.height - h).any(|y| {
        (0..img.width - w).any(|x| {
            img.at(x + ax, y + ay) == 255
                && (0..h).all(|j| {
                    (0..w).all(|i| {
                        let (got, want) = (img.at(x + i, y + j), want[j * w + i]);
                        (got == 0) == (want == 0) && got >= want
                    })
                })
        })
    })
}

#[test]
fn every_page_names_its_preset_seed_sessions_and_number() {
    let plan = sampled_plan(250.0, 200.0, 4.0, 12);
    let dpi = 300;
    // Capitals 2.2 mm tall, to the nearest pixel.
    let cap_px = (2.2 * dpi as f64 / 25.4).round() as f32;
    let options = StencilOptions {
        dpi,
        sessions: SessionSelection::Through(2),
        page: PageSize::A4,
        ..StencilOptions::default()
    };
    let stencil = Stencil::new(&plan, &options).unwrap();
    let count = stencil.page_count();
    assert!(count > 1);
    for page in stencil.pages() {
        let img = decode(&render(&stencil, page.number - 1));
        let number =
            format!("page {} of {count} (row {}, column {})", page.number, page.row, page.column);
        for text in ["test-card | seed 11 | sessions 1-2 of 3", "10 mm", number.as_str()] {
            assert!(footer_shows(&img, &page, text, cap_px), "page {}: no {text:?}", page.number);
        }
    }
}
