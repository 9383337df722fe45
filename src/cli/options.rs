//! The one place where command-line arguments become library options.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use smpsim::{
    DensityField, HeadBox, HeadModel, HeadSize, HeatmapOptions, ImageFormat, LinearDensity,
    LinearSpacing, Look, MapRect, PageSize, PhotoOptions, PlanOptions, PreviewOptions,
    SampleOptions, Scene, SessionSelection, SkinType, StencilFormat, StencilOptions, StripOptions,
    UniformDensity, View, ZoneKind, ZoomTarget,
};

use crate::args::{
    LookArg, PageArg, PointFormat, PreviewArgs, SampleArgs, SkinArg, StencilArgs, StencilFormatArg,
    ViewArg, ZoomArg,
};
use crate::output::{OutputTarget, check_output};
use crate::preset_source::{LoadedPreset, load_preset, read_text};

/// A fully resolved `smpsim sample --preset` run.
pub struct PresetSampleJob {
    /// The preset and its layout.
    pub loaded: LoadedPreset,
    /// Seed and limits of the plan.
    pub plan: PlanOptions,
    /// Text format of the output.
    pub format: PointFormat,
    /// Where the dots go.
    pub output: OutputTarget,
}

impl PresetSampleJob {
    /// Resolves `smpsim sample --preset NAME [--set …]`.
    pub fn from_args(name: &str, args: &SampleArgs) -> Result<Self> {
        let loaded = load_preset(name, &args.overrides)?;
        let output = OutputTarget::from_arg(&args.output);
        let inputs: Vec<&Path> = loaded.input_files.iter().map(PathBuf::as_path).collect();
        check_output("--output", &output, &inputs)?;
        Ok(Self {
            loaded,
            plan: plan_options(args.seed, args.max_dots),
            format: point_format(args.format, &output),
            output,
        })
    }
}

/// Plan options from `--seed` and `--max-dots`.
pub fn plan_options(seed: u64, max_dots: u64) -> PlanOptions {
    PlanOptions {
        seed,
        max_dots: usize::try_from(max_dots).unwrap_or(usize::MAX),
        ..PlanOptions::default()
    }
}

/// What `smpsim sample` was asked to follow over its rectangle.
pub enum RectField {
    /// `--density [--density-to]`, in dots/cm².
    Density(Box<dyn DensityField>),
    /// `--spacing [--spacing-to]`, in mm.
    Spacing(LinearSpacing),
}

/// A fully resolved `smpsim sample` run over a rectangle.
pub struct RectSampleJob {
    /// The rectangle, mm, origin at (0,0).
    pub domain: MapRect,
    /// Target density, or spacing, over it.
    pub field: RectField,
    /// Seed and limits.
    pub options: SampleOptions,
    /// Text format of the output.
    pub format: PointFormat,
    /// Where the dots go.
    pub output: OutputTarget,
}

impl RectSampleJob {
    /// Resolves `smpsim sample --domain … --density …|--spacing …`.
    pub fn from_args(args: &SampleArgs) -> Result<Self> {
        let Some(domain) = args.domain else {
            bail!("--domain is required (WIDTHxHEIGHT in mm, e.g. 200x200)");
        };
        let domain = MapRect::from_size_mm(domain.width_mm as f32, domain.height_mm as f32);
        let field = match (args.density, args.spacing) {
            (Some(from), None) => RectField::Density(match args.density_to {
                None => Box::new(UniformDensity { density_per_cm2: from as f32 }),
                Some(to) => Box::new(LinearDensity {
                    from_per_cm2: from as f32,
                    to_per_cm2: to as f32,
                    x0_mm: 0.0,
                    x1_mm: domain.width_mm(),
                }),
            }),
            (None, Some(from)) => RectField::Spacing(LinearSpacing::across(
                domain,
                from as f32,
                args.spacing_to.unwrap_or(from) as f32,
            )),
            _ => bail!("give --density DOTS_PER_CM2 or --spacing MM"),
        };
        let output = OutputTarget::from_arg(&args.output);
        check_output("--output", &output, &[] as &[&Path])?;
        Ok(Self {
            domain,
            field,
            options: SampleOptions {
                seed: args.seed,
                max_dots: usize::try_from(args.max_dots).unwrap_or(usize::MAX),
            },
            format: point_format(args.format, &output),
            output,
        })
    }
}

/// The format asked for, else the one the output's extension names, else CSV.
fn point_format(asked: Option<PointFormat>, output: &OutputTarget) -> PointFormat {
    asked.unwrap_or(match output.extension().as_deref() {
        Some("json") => PointFormat::Json,
        _ => PointFormat::Csv,
    })
}

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
    /// Head measurements (flag, else scene file, else default).
    pub head_size: HeadSize,
    /// Size of the default head image, px.
    pub default_head_size_px: [u32; 2],
    /// The default head's skin.
    pub skin: SkinType,
    /// Session, look, guides.
    pub preview: PreviewOptions,
    /// Write before and after side by side.
    pub compare: bool,
    /// Write the session strip (`--strip`, with `--years`) instead of one preview.
    pub strip: Option<StripOptions>,
    /// Render a close-up of this region (`--zoom`).
    pub zoom: Option<ZoomTarget>,
    /// Colour the head by target density instead of drawing dots (`--heatmap`, with
    /// `--guides` for the zone borders).
    pub heatmap: Option<HeatmapOptions>,
    /// Output encoding.
    pub format: ImageFormat,
    /// Output file.
    pub output: OutputTarget,
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
        let loaded =
            load_preset(&args.preset.name, &with_head_top(&args.preset.overrides, head_size)?)
                .with_context(|| {
                    let HeadSize { length_mm, breadth_mm, height_mm } = head_size;
                    format!(
                        "--head-mm {length_mm}x{breadth_mm}x{height_mm} (the hairline is built \
                         about the top of this head)"
                    )
                })?;
        let output = OutputTarget::from_arg(&args.output);
        let OutputTarget::File(output_path) = &output else {
            bail!("--output -: previews are images; give a file name ending in .png or .jpg");
        };
        let extension = output.extension().unwrap_or_default();
        let Some(format) = ImageFormat::from_extension(&extension) else {
            bail!(
                "--output {}: unsupported image type {extension:?}; use .png, .jpg or .jpeg",
                output_path.display()
            );
        };
        let mut inputs: Vec<&Path> = loaded.input_files.iter().map(PathBuf::as_path).collect();
        inputs.extend(args.photo.as_deref());
        inputs.extend(args.scene.as_deref());
        check_output("--output", &output, &inputs)?;
        let look = match args.look {
            LookArg::Fresh => Look::Fresh,
            LookArg::Healed => Look::Healed,
            LookArg::Aged => Look::Aged { years: args.years as f32 },
        };
        Ok(Self {
            plan: plan_options(args.seed, DEFAULT_MAX_DOTS),
            photo: args.photo.clone(),
            photo_options: PhotoOptions { max_pixels: u64::from(args.max_megapixels) * 1_000_000 },
            view: args.view.map(view_of).or(scene.view),
            head_box: args.head_box.or_else(|| scene.head_box()),
            glabella_px: args.glabella.or(scene.glabella_px),
            head_size,
            default_head_size_px: args.size,
            skin: skin_of(args.skin),
            preview: PreviewOptions {
                session: args.session,
                look,
                guides: args.guides,
                ..PreviewOptions::default()
            },
            compare: args.compare,
            strip: args.strip.then(|| StripOptions {
                years: args.years as f32,
                guides: args.guides,
                ..StripOptions::default()
            }),
            zoom: args.zoom.map(|z| match z {
                ZoomArg::Hairline => ZoomTarget::Zone(ZoneKind::Hairline),
                ZoomArg::Crown => ZoomTarget::Zone(ZoneKind::Crown),
                ZoomArg::Box([x_px, y_px, width_px, height_px]) => {
                    ZoomTarget::Box(HeadBox { x_px, y_px, width_px, height_px })
                }
            }),
            heatmap: args
                .heatmap
                .then(|| HeatmapOptions { outlines: args.guides, ..HeatmapOptions::default() }),
            format,
            output,
            loaded,
        })
    }
}

/// The preset overrides, plus — for a head of other than the default size — the hairline built
/// about that head's top (`hairline.vertex_y_mm`), so the hairline sits on the head as designed.
fn with_head_top(overrides: &[String], head_size: HeadSize) -> Result<Vec<String>> {
    let mut all = overrides.to_vec();
    if head_size != HeadSize::default() {
        let top_mm = HeadModel::new(head_size).context("--head-mm")?.top_map_y_mm();
        all.insert(0, format!("hairline.vertex_y_mm={:.1}", top_mm));
    }
    Ok(all)
}

/// Dot limit of plans made for previews and stencils (as `sample --max-dots`' default).
pub const DEFAULT_MAX_DOTS: u64 = 50_000_000;

/// The library's view for `--view`.
pub fn view_of(view: ViewArg) -> View {
    match view {
        ViewArg::Front => View::Front,
        ViewArg::Top => View::Top,
        ViewArg::Left => View::Left,
        ViewArg::Right => View::Right,
        ViewArg::Back => View::Back,
    }
}

/// The library's skin type for `--skin`.
pub fn skin_of(skin: SkinArg) -> SkinType {
    match skin {
        SkinArg::I => SkinType::I,
        SkinArg::II => SkinType::II,
        SkinArg::III => SkinType::III,
        SkinArg::IV => SkinType::IV,
        SkinArg::V => SkinType::V,
        SkinArg::VI => SkinType::VI,
    }
}

/// A fully resolved `smpsim stencil` run.
pub struct StencilJob {
    /// The preset and its layout.
    pub loaded: LoadedPreset,
    /// Seed and limits of the plan.
    pub plan: PlanOptions,
    /// How the stencil is drawn.
    pub stencil: StencilOptions,
    /// Output file (pages get `-pNN` before the extension when there are several).
    pub output: PathBuf,
}

impl StencilJob {
    /// Resolves `smpsim stencil`.
    pub fn from_args(args: &StencilArgs) -> Result<Self> {
        let loaded = load_preset(&args.preset.name, &args.preset.overrides)?;
        let output = OutputTarget::from_arg(&args.output);
        let OutputTarget::File(path) = &output else {
            bail!("--output -: stencils are files; give a name ending in .png or .svg");
        };
        let inputs: Vec<&Path> = loaded.input_files.iter().map(PathBuf::as_path).collect();
        check_output("--output", &output, &inputs)?;
        let format = match (args.format, output.extension().as_deref()) {
            (Some(StencilFormatArg::Svg), _) | (None, Some("svg")) => StencilFormat::Svg,
            _ => StencilFormat::Png,
        };
        let sessions = match (args.session, args.through, args.sessions) {
            (Some(n), _, _) => SessionSelection::Only(n),
            (None, Some(n), _) => SessionSelection::Through(n),
            (None, None, true) => SessionSelection::EachMarked,
            (None, None, false) => SessionSelection::All,
        };
        let page = match args.page {
            PageArg::A4 => PageSize::A4,
            PageArg::Letter => PageSize::Letter,
            PageArg::None => PageSize::None,
        };
        Ok(Self {
            plan: plan_options(args.seed, DEFAULT_MAX_DOTS),
            stencil: StencilOptions {
                dpi: args.dpi,
                sessions,
                page,
                format,
                outline: args.outline,
                min_dot_mm: args.min_dot_mm as f32,
                transparent: args.transparent,
                overlap_mm: args.overlap_mm as f32,
            },
            output: path.clone(),
            loaded,
        })
    }
}
