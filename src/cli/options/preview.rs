//! `smpsim preview`'s flags as library options: flags over the scene file over defaults.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use smpsim::head::{LandmarkPoints, SceneMask, ScenePose};
use smpsim::{
    HeadBox, HeadModel, HeadSize, HeatmapOptions, ImageFormat, PhotoOptions, PlanOptions,
    PreviewOptions, Rendering, Scene, SkinType, StripOptions, View, ZoneKind, ZoomTarget,
};

use super::{image_output, look_of, plan_options, skin_of, view_of};
use crate::args::{FitArg, PhotoLookArg, PreviewArgs, ZoomArg};
use crate::output::{OutputTarget, check_output};
use crate::preset_source::{LoadedPreset, load_preset_on_head, read_text};

/// A fully resolved `smpsim preview` run.
pub struct PreviewJob {
    /// The preset and its layout.
    pub loaded: LoadedPreset,
    /// Seed and limits of the plan.
    pub plan: PlanOptions,
    /// The photo, or `None` for the built-in default head.
    pub photo: Option<PathBuf>,
    /// Limits for decoding the photo.
    pub photo_options: PhotoOptions,
    /// The view asked for (flag, else scene file); `None` lets the preset choose.
    pub view: Option<View>,
    /// Head box in the photo (flag, else scene file).
    pub head_box: Option<HeadBox>,
    /// Glabella in the photo (flag, else scene file).
    pub glabella_px: Option<[f64; 2]>,
    /// Landmarks in the photo (flags, else scene file).
    pub points: LandmarkPoints,
    /// Rotation from the view, degrees (flag, else scene file).
    pub rotation_deg: Option<[f64; 3]>,
    /// The scene file's whole pose, used when no flag places the head.
    pub whole_pose: Option<ScenePose>,
    /// What the automatic fit does with the photo (see [`FitRole`]).
    pub fit: FitRole,
    /// The scalp mask painted by hand (`--mask`), replacing the automatic one.
    pub mask: Option<PathBuf>,
    /// The scene file's mask and the file's path (when no `--mask` replaces it).
    pub scene_mask: Option<(PathBuf, SceneMask)>,
    /// Whether dots are matched to the photo's camera, and what replaces its measurement
    /// (`--photo-look`).
    pub photo_look: PhotoLookArg,
    /// The head model, from its measurements (flag, else scene file, else default).
    pub model: HeadModel,
    /// Size of the default head image, px.
    pub default_head_size_px: [u32; 2],
    /// The default head's skin.
    pub skin: SkinType,
    /// One preview (session, look, guides), before/after (`--compare`), the session strip
    /// (`--strip`, with `--years`), or the density heat map (`--heatmap`, with `--guides` for
    /// the zone borders).
    pub rendering: Rendering,
    /// Render a close-up of this region (`--zoom`).
    pub zoom: Option<ZoomTarget>,
    /// Angles of a turntable of the default head (`--turntable`).
    pub turntable: Option<u32>,
    /// The hairline traced on the photo, image px, and where it came from (`--hairline-px`,
    /// else the scene file's `hairline_px`, named in errors).
    pub hairline_px: Option<(Vec<[f64; 2]>, String)>,
    /// Output encoding.
    pub format: ImageFormat,
    /// Output file.
    pub output: OutputTarget,
    /// Where to write the alignment used as a scene file, if anywhere.
    pub save_scene: Option<OutputTarget>,
    /// The head measurements the model was built from (saved with the scene).
    pub head_size: HeadSize,
}

/// What the automatic fit does with a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FitRole {
    /// It places the head and gives the scalp mask (`--fit auto`, nothing placed by hand).
    Places,
    /// The head is placed by hand (box, glabella, landmarks, a scene's pose); the fit's head
    /// region only bounds the scalp mask, so dots stop at the head's edge in the photo.
    Bounds,
    /// No fit: no photo, or `--fit none`.
    Off,
}

impl PreviewJob {
    /// Resolves `smpsim preview`: flags over the scene file over defaults.
    pub fn from_args(args: &PreviewArgs) -> Result<Self> {
        let scene = match &args.scene {
            Some(path) => Scene::from_json(&read_text(path)?)
                .with_context(|| format!("--scene {}", path.display()))?,
            None => Scene::default(),
        };
        let head_size = args.head_mm.or(scene.head_mm).unwrap_or_default();
        let model = HeadModel::new(head_size).context("--head-mm")?;
        let loaded = load_preset_on_head(&args.preset.name, &args.preset.overrides, Some(&model))
            .with_context(|| {
            let HeadSize { length_mm, breadth_mm, height_mm } = head_size;
            format!(
                "--head-mm {length_mm}x{breadth_mm}x{height_mm} (the hairline is built \
                         about the top of this head)"
            )
        })?;
        let (output, format) = image_output(&args.output, "previews")?;
        let mut inputs: Vec<&Path> = loaded.input_files.iter().map(PathBuf::as_path).collect();
        inputs.extend(args.photo.as_deref());
        inputs.extend(args.scene.as_deref());
        inputs.extend(args.mask.as_deref());
        check_output("--output", &output, &inputs)?;
        let save_scene = args.save_scene.as_deref().map(OutputTarget::from_arg);
        if let Some(target) = &save_scene {
            check_output("--save-scene", target, &inputs)?;
            if let (OutputTarget::File(path), true) = (target, *target == output) {
                bail!("--save-scene {}: is the --output file too; choose another", path.display());
            }
        }
        let head_box = args.head_box.or_else(|| scene.head_box());
        let glabella_px = args.glabella.or(scene.glabella_px);
        let points = points_of(args, &scene)?;
        let rotation_deg = args.pose.or_else(|| scene.rotation_deg());
        if let (None, Some([yaw, pitch, roll])) = (&args.photo, args.pose) {
            // The default head is turned by moving the camera, which stays level.
            if roll != 0.0 {
                bail!(
                    "--pose {yaw},{pitch},{roll}: the default head turns by yaw and pitch only; \
                     roll must be 0 without --photo"
                );
            }
        }
        let whole_pose = scene.pose.filter(|_| {
            args.head_box.is_none()
                && args.glabella.is_none()
                && args.points.is_empty()
                && args.pose.is_none()
        });
        // Whatever the user gave to place the head wins over finding it; the fit still says
        // where the head stops.
        let placed_by_hand = head_box.is_some()
            || glabella_px.is_some()
            || !points.is_empty()
            || whole_pose.is_some();
        let fit = match (&args.photo, args.fit) {
            (Some(_), FitArg::Auto) if placed_by_hand => FitRole::Bounds,
            (Some(_), FitArg::Auto) => FitRole::Places,
            _ => FitRole::Off,
        };
        Ok(Self {
            fit,
            mask: args.mask.clone(),
            scene_mask: match (&args.mask, &args.scene, scene.mask) {
                (None, Some(path), Some(mask)) => Some((path.clone(), mask)),
                _ => None,
            },
            photo_look: args.photo_look,
            plan: plan_options(args.seed, smpsim::engine::DEFAULT_MAX_DOTS as u64),
            photo: args.photo.clone(),
            photo_options: PhotoOptions { max_pixels: u64::from(args.max_megapixels) * 1_000_000 },
            view: args.view.map(view_of).or(scene.view),
            head_box,
            glabella_px,
            points,
            rotation_deg,
            whole_pose,
            model,
            head_size,
            save_scene,
            default_head_size_px: args.size,
            skin: skin_of(args.skin),
            rendering: rendering_of(args),
            zoom: args.zoom.map(|z| match z {
                ZoomArg::Hairline => ZoomTarget::Zone(ZoneKind::Hairline),
                ZoomArg::Crown => ZoomTarget::Zone(ZoneKind::Crown),
                ZoomArg::Box([x_px, y_px, width_px, height_px]) => {
                    ZoomTarget::Box(HeadBox { x_px, y_px, width_px, height_px })
                }
            }),
            hairline_px: match (&args.hairline_px, &args.scene, scene.hairline_px) {
                (Some(traced), _, _) => Some((traced.0.clone(), "--hairline-px".to_owned())),
                (None, Some(path), Some(points)) => {
                    Some((points, format!("--scene {}: hairline_px", path.display())))
                }
                _ => None,
            },
            turntable: args.turntable,
            format,
            output,
            loaded,
        })
    }
}

/// The `--point` flags, else the scene file's landmarks; a landmark given twice is refused.
fn points_of(args: &PreviewArgs, scene: &Scene) -> Result<LandmarkPoints> {
    if args.points.is_empty() {
        return scene.points().context("--scene");
    }
    let mut points = LandmarkPoints::default();
    for &(landmark, px) in &args.points {
        points.insert(landmark, px).context("--point")?;
    }
    Ok(points)
}

/// What `--strip`, `--heatmap` and `--compare` ask for (clap lets at most one through), else
/// one preview.
fn rendering_of(args: &PreviewArgs) -> Rendering {
    if args.strip {
        return Rendering::Strip(StripOptions {
            years: args.years as f32,
            guides: args.guides,
            ..StripOptions::default()
        });
    }
    if args.heatmap {
        return Rendering::Heatmap(HeatmapOptions {
            outlines: args.guides,
            ..HeatmapOptions::default()
        });
    }
    let preview = PreviewOptions {
        session: args.session,
        look: look_of(args.look, args.years),
        guides: args.guides,
        ..PreviewOptions::default()
    };
    if args.compare { Rendering::Compare(preview) } else { Rendering::Single(preview) }
}
