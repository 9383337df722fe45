//! `smpsim preview`: the planned dots over a head photo or the built-in default head.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use anyhow::{Context, Result, anyhow};
use image::RgbImage;
use smpsim::head::{
    AlignError, AlignInput, AlignmentSource, FitDoubt, FitOptions, HeadFit, PhotoError, PhotoLook,
    ScalpMask, TracedHairline, fit_head, fit_to_alignment, measure_photo_look,
};
use smpsim::render::{ScanPose, TurntableOptions, frames_side_by_side, render_turntable};
use smpsim::{
    Alignment, Background, DefaultSceneOptions, HeadModel, HeadSize, ImageFormat, PhotoOptions,
    Preview, PreviewError, Rendering, Scene, View, build_plan, decode_photo, encode_animation,
    encode_image, render::default_view_of,
};

use crate::args::{PhotoLookArg, PhotoLookOverrides, PreviewArgs};
use crate::options::{FitRole, PreviewJob};
use crate::output::write_output;
use crate::preset_source::load_preset_on_head;

/// Runs `smpsim preview`.
pub fn run(args: &PreviewArgs) -> Result<()> {
    if args.photo.is_none() {
        // The default head's scan takes ~80 ms to load: start now, so it overlaps reading the
        // preset and planning (the renderer waits for it if it is not ready).
        std::thread::spawn(|| smpsim::render::ScanScene::shared().prepare());
    }
    let mut job = PreviewJob::from_args(args)?;
    let model = job.model.clone();
    let view = job.view.unwrap_or_else(|| default_view_of(&job.loaded.layout));
    let mut photo_alignment = None;
    let background = match job.photo.clone() {
        Some(path) => {
            let image = read_photo(&path, &job.photo_options)?;
            let (alignment, mask) = place_head(&job, &image, view, &model)?;
            if let Some((traced, origin)) = job.hairline_px.clone() {
                follow_traced_line(args, &mut job, (&traced, &origin), &model, &alignment)?;
            }
            // After the traced line is accepted, so a refusal stays one line.
            report_alignment(&alignment, &model);
            let look = photo_look(job.photo_look, &image, mask.as_ref(), &alignment, &model);
            let scene_mask =
                job.save_scene.as_ref().and(mask.as_ref()).map(ScalpMask::to_scene_mask);
            let hairline_px = job.hairline_px.as_ref().map(|(points, _)| points.clone());
            photo_alignment = Some((alignment, scene_mask, hairline_px));
            Background::Photo { image, alignment, mask, look }
        }
        None => {
            let [width_px, height_px] = job.default_head_size_px;
            let pose = job.rotation_deg.map(|r| default_head_pose(view, r)).transpose()?;
            let scene = DefaultSceneOptions { skin: job.skin, seed: job.plan.seed, pose };
            Background::DefaultHead { view, width_px, height_px, scene }
        }
    };
    // Planned once, after any traced line has replaced the preset's.
    let plan = build_plan(&job.loaded.layout, &job.plan)
        .with_context(|| format!("--preset {}", job.loaded.preset.source_name()))?;
    if let (Some(frames), Background::DefaultHead { scene, .. }) = (job.turntable, &background) {
        return write_turntable(&job, &plan, &model, frames, *scene);
    }
    let request = Preview {
        layout: &job.loaded.layout,
        plan: &plan,
        model: &model,
        background,
        zoom: job.zoom,
        rendering: job.rendering.clone(),
    };
    // The library labels every rendered preview as a simulation (preset, session, look).
    let rendered = request.render().map_err(|e| {
        let flag = flag_of(&e);
        anyhow::Error::new(e).context(flag)
    })?;
    write_output(&job.output, |out| {
        encode_image(&rendered.image, job.format, out).map_err(|e| io::Error::other(e.to_string()))
    })?;
    if let (Some(target), Some((alignment, mask, hairline_px))) = (&job.save_scene, photo_alignment)
    {
        let scene = Scene { mask, hairline_px, ..alignment.to_scene(job.head_size) };
        let text = scene.to_json_pretty().context("--save-scene")? + "\n";
        write_output(target, |out| out.write_all(text.as_bytes())).context("--save-scene")?;
    }
    Ok(())
}

/// Renders the turntable of `frames` angles and writes it: animated for an .apng output, else
/// the frames side by side.
fn write_turntable(
    job: &PreviewJob,
    plan: &smpsim::Plan,
    model: &HeadModel,
    frames: u32,
    scene: DefaultSceneOptions,
) -> Result<()> {
    let Rendering::Single(preview) = &job.rendering else {
        unreachable!("clap lets --turntable through only for single previews")
    };
    let options = TurntableOptions {
        frames,
        size_px: job.default_head_size_px,
        scene,
        preview: preview.clone(),
        ..TurntableOptions::default()
    };
    let images = render_turntable(&job.loaded.layout, plan, model, &options)
        .map_err(|e| anyhow::Error::new(e).context("--session/--look"))?;
    write_output(&job.output, |out| {
        let encoded = match job.format {
            ImageFormat::Apng => encode_animation(&images, TURNTABLE_FRAME_MS, out),
            format => encode_image(&frames_side_by_side(&images), format, out),
        };
        encoded.map_err(|e| io::Error::other(e.to_string()))
    })
}

/// How long each turntable angle shows in an animated PNG, ms.
const TURNTABLE_FRAME_MS: u16 = 250;

/// The photo at `path`, decoded within `options`' limits; errors name `--photo`.
fn read_photo(path: &Path, options: &PhotoOptions) -> Result<RgbImage> {
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

/// The head model's alignment on `image` and the scalp mask: from `--head`/`--glabella`/`--point`
/// (the mask: the placed outline inside the head the fit finds), or the automatic fit (reported on
/// stderr), or the centred default (`--fit none`, no mask); `--mask` replaces the mask.
fn place_head(
    job: &PreviewJob,
    image: &RgbImage,
    view: View,
    model: &HeadModel,
) -> Result<(Alignment, Option<ScalpMask>)> {
    let (width, height) = image.dimensions();
    // The painted (or saved) mask is read first: a refused mask must not leave a fit report
    // behind.
    let painted = match (&job.mask, &job.scene_mask) {
        (Some(path), _) => Some(read_mask(path, [width, height])?),
        (None, Some((path, saved))) => Some(
            ScalpMask::from_scene_mask(saved, [width, height])
                .map_err(|e| anyhow!("--scene {}: {e}", path.display()))?,
        ),
        (None, None) => None,
    };
    let options = FitOptions::default();
    match job.fit {
        FitRole::Off => return Ok((align(job, view, model, width, height)?, painted)),
        FitRole::Bounds => {
            let alignment = align(job, view, model, width, height)?;
            let mask = painted.unwrap_or_else(|| {
                let fit = fit_head(image, view, &options);
                ScalpMask::from_model_in_region(model, &alignment, &fit, width, height)
            });
            return Ok((alignment, Some(mask)));
        }
        FitRole::Places => {}
    }
    let fit = fit_head(image, view, &options);
    let alignment = fit_to_alignment(&fit, view, model, job.rotation_deg);
    // A roll given with --pose settles the orientation the fit was unsure of.
    let doubt =
        fit.doubt.filter(|d| !(job.rotation_deg.is_some() && *d == FitDoubt::UnclearOrientation));
    report_fit(&fit, doubt, painted.is_some());
    // A roll given with --pose says which way the face is: the mask's line across the head
    // follows it, not the fit's guess.
    let mask = painted
        .unwrap_or_else(|| ScalpMask::from_fit_placed(&fit, view, &alignment, width, height));
    Ok((alignment, Some(mask)))
}

/// The photo's look as `--photo-look` asks: measured on the scalp (the mask, else the head
/// model's vault where the flags put it), reported on stderr with what is unsure, and with the
/// values given as KEY=VALUE in place of the measured ones; `None` for `off`.
fn photo_look(
    arg: PhotoLookArg,
    image: &RgbImage,
    mask: Option<&ScalpMask>,
    alignment: &Alignment,
    model: &HeadModel,
) -> Option<PhotoLook> {
    let set = match arg {
        PhotoLookArg::Off => return None,
        PhotoLookArg::Auto => PhotoLookOverrides::default(),
        PhotoLookArg::Set(set) => set,
    };
    let (width, height) = image.dimensions();
    let vault;
    let scalp = match mask {
        Some(mask) => mask,
        None => {
            vault = ScalpMask::from_model(model, alignment, width, height);
            &vault
        }
    };
    let measured = measure_photo_look(image, scalp);
    let mut look = measured.look;
    look.blur_px = set.blur_px.unwrap_or(look.blur_px);
    look.noise_levels = set.noise_levels.unwrap_or(look.noise_levels);
    look.grain_px = set.grain_px.unwrap_or(look.grain_px);
    match set.glare {
        Some(false) => look.glare_share = 0.0,
        // Glare forced on: the split runs even where no highlight was counted.
        Some(true) => look.glare_share = look.glare_share.max(f32::MIN_POSITIVE),
        None => {}
    }
    let [r, g, b] = look.light_rgb;
    eprintln!(
        "photo look: blur {:.1} px, grain {:.1} levels ({:.1} px), light {r:.2}/{g:.2}/{b:.2} \
         (R/G/B), glare on {:.0} % of the scalp",
        look.blur_px,
        look.noise_levels,
        look.grain_px,
        look.glare_share * 100.0
    );
    let doubts: Vec<String> = [
        (measured.blur, set.blur_px.is_some(), "blur=PX"),
        (measured.noise, set.noise_levels.is_some(), "noise=LEVELS,grain=PX"),
        (measured.light, false, ""),
        (measured.glare, set.glare.is_some(), "glare=on|off"),
    ]
    .into_iter()
    .filter(|(certainty, overridden, _)| !certainty.is_sure() && !overridden)
    .filter_map(|(certainty, _, key)| {
        let doubt = certainty.doubt?;
        Some(if key.is_empty() { doubt.to_string() } else { format!("{doubt} ({key})") })
    })
    .collect();
    if !doubts.is_empty() {
        eprintln!(
            "note: the photo look is unsure: {}; check the preview, or set it with --photo-look",
            doubts.join("; ")
        );
    }
    Some(look)
}

/// The scalp mask painted in the image at `path`, which must be `size_px`; errors name `--mask`.
fn read_mask(path: &Path, size_px: [u32; 2]) -> Result<ScalpMask> {
    let bytes =
        fs::read(path).map_err(|e| anyhow!("--mask {}: cannot read: {e}", path.display()))?;
    let image = decode_photo(&bytes, &PhotoOptions::default()).map_err(|e| {
        // The decoder speaks of "the photo"; here the file is the mask.
        let why = match e {
            PhotoError::Empty => "it is empty (0 bytes)".to_owned(),
            PhotoError::UnsupportedFormat { .. } => {
                "it is not a JPEG, PNG or WebP image".to_owned()
            }
            other => other.to_string().replacen("the photo", "the image", 1),
        };
        anyhow!(
            "--mask {}: {why}; a mask is a greyscale image the size of the photo, white = scalp",
            path.display()
        )
    })?;
    ScalpMask::from_image(&image, size_px).map_err(|e| anyhow!("--mask {}: {e}", path.display()))
}

/// Says on stderr what the automatic fit found and, when it is unsure, which flags fix it.
fn report_fit(fit: &HeadFit, doubt: Option<FitDoubt>, painted_mask: bool) {
    let o = &fit.outline;
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "fit: head outline centre {:.0},{:.0} px, semi-axes {:.0}×{:.0} px at {:.0}°; top of the \
         head (forehead from above) points {:.0}° clockwise from up; confidence {:.2}",
        o.center_px[0],
        o.center_px[1],
        o.semi_axes_px[0],
        o.semi_axes_px[1],
        o.angle_rad.to_degrees(),
        fit.roll_deg(),
        fit.confidence
    );
    if let Some([x, y]) = fit.glabella_px {
        let _ = writeln!(
            err,
            "fit: brows found, glabella at {x:.0},{y:.0} px: the head hangs from the outline's \
             top to there"
        );
    }
    match doubt {
        // The outline is fine, only its direction is in doubt: one angle fixes it.
        Some(FitDoubt::UnclearOrientation) => {
            let _ = writeln!(
                err,
                "warning: the automatic fit is unsure ({}); check the preview, or say which way \
                 the top of the head (from above, the forehead) points with --pose 0,0,DEGREES \
                 clockwise from up (180: toward the bottom of the photo, 90: to the right), or \
                 place the head with landmarks, --point NAME=X,Y",
                FitDoubt::UnclearOrientation
            );
        }
        Some(doubt) => {
            let mask = if painted_mask { "" } else { ", --mask FILE (white = scalp)" };
            let _ = writeln!(
                err,
                "warning: the automatic fit is unsure ({doubt}); check the preview, or give the \
                 right --view, the head with --head X,Y,W,H and --glabella X,Y or with \
                 landmarks, --point NAME=X,Y{mask}, or --fit none"
            );
        }
        None => {}
    }
}

/// The flag a preview error comes from: the library names values, the command line flags.
/// The default head turned by `--pose` from `view`, refused if the camera would pass straight
/// above or below the head.
fn default_head_pose(view: View, [yaw, pitch, roll]: [f64; 3]) -> Result<ScanPose> {
    let base = ScanPose::of_view(view).pitch_deg;
    let (lo, hi) = (ScanPose::PITCH_RANGE_DEG[0] - base, ScanPose::PITCH_RANGE_DEG[1] - base);
    if !(f64::from(lo)..=f64::from(hi)).contains(&pitch) {
        return Err(anyhow!(
            "--pose {yaw},{pitch},{roll}: with --view {view} the default head's pitch must lie \
             within {lo} to {hi}"
        ));
    }
    Ok(ScanPose::turned(view, yaw as f32, pitch as f32))
}

fn flag_of(error: &PreviewError) -> &'static str {
    match error {
        PreviewError::Zoom(_) => "--zoom",
        PreviewError::Pose(_) => "--view/--pose",
        _ => "--session/--look",
    }
}

/// Replaces the job's preset hairline by the line traced at `traced` px (the preview then shows
/// what was traced) and prints it as a `--set` on stderr; errors name `origin` (the flag or the
/// scene file the points came from).
fn follow_traced_line(
    args: &PreviewArgs,
    job: &mut PreviewJob,
    (traced, origin): (&[[f64; 2]], &str),
    model: &HeadModel,
    alignment: &Alignment,
) -> Result<()> {
    let line = TracedHairline::from_photo(traced, model, alignment)
        .map_err(|e| anyhow!("{origin}: {e}"))?;
    let set = line.to_set();
    let mut overrides = args.preset.overrides.clone();
    overrides.push(set.clone());
    job.loaded = load_preset_on_head(&args.preset.name, &overrides, Some(model))
        .context(origin.to_owned())?;
    eprintln!("hairline: --set '{set}'");
    Ok(())
}

/// The head model's alignment with the photo: the scene file's whole pose, or what the flags
/// and the scene file measured; errors name the flag the refused value belongs to.
fn align(
    job: &PreviewJob,
    view: View,
    model: &HeadModel,
    width: u32,
    height: u32,
) -> Result<Alignment> {
    if let Some(pose) = job.whole_pose.and_then(|p| p.whole(view)) {
        return Ok(Alignment::from_pose(pose));
    }
    let input = AlignInput {
        view,
        head_box: job.head_box,
        glabella_px: job.glabella_px,
        points: job.points,
        rotation_deg: job.rotation_deg,
    };
    Alignment::from_input(&input, model, width, height).map_err(|e| {
        let flag = match &e {
            AlignError::EmptyBox { .. } | AlignError::BoxOutsidePhoto { .. } => "--head",
            AlignError::GlabellaOutside { .. }
            | AlignError::GlabellaNotVisible { .. }
            | AlignError::GlabellaWithoutBox => "--glabella",
            AlignError::TurnOutOfRange { .. } => "--pose",
            _ if input.points.is_empty() => "--head/--glabella",
            _ => "--point",
        };
        anyhow::Error::new(e).context(flag)
    })
}

/// Says on stderr which alignment was used, as flags that reproduce it, so it can be saved.
fn report_alignment(alignment: &Alignment, model: &HeadModel) {
    let mut err = io::stderr().lock();
    if alignment.defaulted() {
        let _ = writeln!(
            err,
            "note: no --head box given (nor --point); the head model was fitted to the centre of the photo"
        );
    }
    let _ = writeln!(err, "alignment: {}", alignment_flags(alignment, model));
    let p = alignment.pose;
    let [sx, sy] = p.scale_px_per_mm;
    let [ox, oy] = p.origin_px;
    let _ = write!(
        err,
        "pose: {} view, yaw {:.1}°, pitch {:.1}°, roll {:.1}°, {sx:.3}×{sy:.3} px/mm, head centre at {ox:.1},{oy:.1} px",
        p.view, p.yaw_deg, p.pitch_deg, p.roll_deg
    );
    match alignment.source {
        AlignmentSource::Landmarks { points, rms_px, .. } => {
            let _ = writeln!(err, "; solved from {} landmarks, {rms_px:.1} px RMS", points.len());
        }
        _ => {
            let _ = writeln!(err);
        }
    }
}

/// The flags that reproduce `alignment` (rounded to 0.1 px and 0.1°, as in a saved scene file).
fn alignment_flags(alignment: &Alignment, model: &HeadModel) -> String {
    let scene = alignment.to_scene(HeadSize::default());
    let mut flags = format!("--view {}", alignment.view());
    if let Some(p) = scene.pose.filter(|p| p.origin_px.is_some()) {
        // A whole pose (the automatic fit's): the box the turned model spans, turned as it is.
        let [x0, y0, x1, y1] = alignment.pose.outline(model).bounds_px();
        let round = |v: f64| (v * 10.0).round() / 10.0;
        let [x, y, w, h] = [x0, y0, x1 - x0, y1 - y0].map(round);
        return flags
            + &format!(
                " --head {x},{y},{w},{h} --pose {},{},{}",
                round(p.yaw_deg),
                round(p.pitch_deg),
                round(p.roll_deg)
            );
    }
    if let Some([x, y, w, h]) = scene.head_px {
        flags += &format!(" --head {x},{y},{w},{h}");
    }
    if let Some([x, y]) = scene.glabella_px {
        flags += &format!(" --glabella {x},{y}");
    }
    for (name, [x, y]) in &scene.points_px {
        flags += &format!(" --point {name}={x},{y}");
    }
    if let Some(p) = scene.pose.filter(|p| p.origin_px.is_none()) {
        flags += &format!(" --pose {},{},{}", p.yaw_deg, p.pitch_deg, p.roll_deg);
    }
    flags
}
