//! `smpsim preview`: the planned dots over a head photo or the built-in default head.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use smpsim::{
    Alignment, Camera, DefaultSceneOptions, HeadModel, HeadSize, PhotoError, PhotoOptions, Plan,
    StripOptions, Unprojector, Zoom, ZoomOptions, ZoomTarget, build_plan, decode_photo,
    default_head_scene, default_view, draw_scale_bar, encode_image, render_heatmap, render_preview,
    render_strip, side_by_side, zoomed_default_head,
};

use crate::args::PreviewArgs;
use crate::options::PreviewJob;
use crate::output::write_output;
use crate::preset_source::load_preset_on_head;

/// Runs `smpsim preview`.
pub fn run(args: &PreviewArgs) -> Result<()> {
    let mut job = PreviewJob::from_args(args)?;
    let model = HeadModel::new(job.head_size).context("--head-mm")?;
    let mut plan = build_plan(&job.loaded.layout, &job.plan)
        .with_context(|| format!("--preset {}", job.loaded.preset.source_name()))?;
    let view = job.view.unwrap_or_else(|| default_view(&plan));
    let (background, alignment) = match &job.photo {
        Some(path) => {
            let photo = read_photo(path, &job.photo_options)?;
            let alignment = Alignment::fit(
                view,
                job.head_box,
                job.glabella_px,
                &model,
                photo.width(),
                photo.height(),
            )
            .context("--head/--glabella")?;
            if let Some(traced) = job.hairline_px.clone() {
                plan = follow_traced_line(args, &mut job, &traced, &model, &alignment)?;
            }
            // After the traced line is accepted, so a refusal stays one line.
            report_alignment(&alignment, true);
            match job.zoom {
                Some(target) => {
                    let zoom = resolve_zoom(target, &plan, &model, &alignment, photo.dimensions())?;
                    (zoom.resample(&photo), zoom.alignment(&alignment))
                }
                None => (photo, alignment),
            }
        }
        None => {
            let [width, height] = job.default_head_size_px;
            match job.zoom {
                Some(target) => {
                    // The default head is painted once, at the close-up's scale.
                    let alignment = Alignment::default_fit(view, &model, width, height);
                    let zoom = resolve_zoom(target, &plan, &model, &alignment, (width, height))?;
                    zoomed_default_head(&plan, &model, &alignment, &zoom, job.skin, job.plan.seed)?
                }
                None => {
                    let options = DefaultSceneOptions { skin: job.skin, seed: job.plan.seed };
                    default_head_scene(&plan, &model, view, width, height, &options)?
                }
            }
        }
    };

    // Close-ups carry a scale bar: spacing is what a practitioner judges there.
    let scale_bar = job.zoom.map(|_| Camera::new(&model, &alignment).scale_px_per_mm()[0]);
    let image = if let Some(strip) = &job.strip {
        let strip = StripOptions { scale_bar_px_per_mm: scale_bar, ..strip.clone() };
        render_strip(&plan, &model, &alignment, &background, &strip).context("--strip")?
    } else if let Some(heatmap) = &job.heatmap {
        let mut map = background;
        // The preset's target: every zone at its full density, as after the last session.
        render_heatmap(&job.loaded.layout, &plan, &model, &alignment, &mut map, heatmap);
        if let Some(px_per_mm) = scale_bar {
            draw_scale_bar(&mut map, px_per_mm);
        }
        map
    } else {
        let mut after = background.clone();
        // The library labels every rendered preview as a simulation (preset, session, look).
        render_preview(&plan, &model, &alignment, &mut after, &job.preview)
            .context("--session/--look")?;
        if let Some(px_per_mm) = scale_bar {
            draw_scale_bar(&mut after, px_per_mm);
        }
        if job.compare { side_by_side(&background, &after) } else { after }
    };
    write_output(&job.output, |out| {
        encode_image(&image, job.format, out).map_err(|e| io::Error::other(e.to_string()))
    })
}

/// The photo at `path`, decoded within `options`' limits; errors name `--photo`.
fn read_photo(path: &Path, options: &PhotoOptions) -> Result<image::RgbImage> {
    let bytes =
        fs::read(path).map_err(|e| anyhow!("--photo {}: cannot read: {e}", path.display()))?;
    decode_photo(&bytes, options).map_err(|e| {
        // The library cannot know the flag that raises its limit; say it here.
        let hint = match e {
            PhotoError::TooLarge { .. } => "; --max-megapixels sets it (1–1000)",
            _ => "",
        };
        anyhow!("--photo {}: {e}{hint}", path.display())
    })
}

/// Replaces the job's preset hairline by the line traced at `traced` px (the preview then shows
/// what was traced), prints it as a `--set` on stderr, and returns the plan for it.
fn follow_traced_line(
    args: &PreviewArgs,
    job: &mut PreviewJob,
    traced: &[[f64; 2]],
    model: &HeadModel,
    alignment: &Alignment,
) -> Result<Plan> {
    let set = traced_hairline(traced, model, alignment)?;
    let mut overrides = args.preset.overrides.clone();
    overrides.push(set.clone());
    job.loaded =
        load_preset_on_head(&args.preset.name, &overrides, Some(model)).context("--hairline-px")?;
    eprintln!("hairline: --set '{set}'");
    build_plan(&job.loaded.layout, &job.plan)
        .with_context(|| format!("--preset {}", job.loaded.preset.source_name()))
}

/// Largest gap the solver may leave between a traced pixel and its map point projected back, px:
/// beyond it the pixel hit the head where the wrap cannot be inverted.
const TRACE_TOLERANCE_PX: f64 = 0.5;

/// The traced pixels un-projected onto the scalp map through the fitted head, as the `--set`
/// assignment `hairline.points_mm=[[x, y], …]` (0.1 mm: far below a drawn line's width).
fn traced_hairline(
    points_px: &[[f64; 2]],
    model: &HeadModel,
    alignment: &Alignment,
) -> Result<String> {
    let camera = Camera::new(model, alignment);
    let unprojector = Unprojector::new(model, &camera);
    let mut points = Vec::with_capacity(points_px.len());
    for (i, &[x, y]) in points_px.iter().enumerate() {
        let why = |reason: &str| anyhow!("--hairline-px: point {} ({x},{y}) {reason}", i + 1);
        let map = unprojector.map_point([x, y]).ok_or_else(|| {
            why("misses the head: it is off the fitted head outline or below the scalp (face, neck)")
        })?;
        let back =
            camera.map_point(model, map).ok_or_else(|| why("is on the far side of the head"))?;
        let gap = (f64::from(back[0]) - x).hypot(f64::from(back[1]) - y);
        if gap > TRACE_TOLERANCE_PX {
            return Err(why(&format!("cannot be placed on the scalp map ({gap:.1} px off)")));
        }
        let round = |v: f32| (f64::from(v) * 10.0).round() / 10.0;
        points.push(format!("[{}, {}]", round(map.x_mm), round(map.y_mm)));
    }
    Ok(format!("hairline.points_mm=[{}]", points.join(", ")))
}

/// The close-up `target` over an un-zoomed image of `size` px, or a `--zoom` error.
fn resolve_zoom(
    target: ZoomTarget,
    plan: &Plan,
    model: &HeadModel,
    alignment: &Alignment,
    (width, height): (u32, u32),
) -> Result<Zoom> {
    Zoom::resolve(target, plan, model, alignment, width, height, &ZoomOptions::default())
        .context("--zoom")
}

/// Says on stderr which alignment was used, as flags that reproduce it, so it can be saved.
fn report_alignment(alignment: &Alignment, photo: bool) {
    let mut err = io::stderr().lock();
    if photo && alignment.defaulted {
        let _ = writeln!(
            err,
            "note: no --head box given; the head model was fitted to the centre of the photo"
        );
    }
    if photo {
        let _ = writeln!(err, "alignment: {}", alignment_flags(alignment));
    }
}

/// The flags that reproduce `alignment` (rounded to 0.1 px as in a saved scene file).
fn alignment_flags(alignment: &Alignment) -> String {
    let scene = alignment.to_scene(HeadSize::default());
    let mut flags = format!("--view {}", alignment.view);
    if let Some([x, y, w, h]) = scene.head_px {
        flags += &format!(" --head {x},{y},{w},{h}");
    }
    if let Some([x, y]) = scene.glabella_px {
        flags += &format!(" --glabella {x},{y}");
    }
    flags
}
