//! `smpsim preview`: the planned dots over a head photo or the built-in default head.

use std::fs;
use std::io::{self, Write};

use anyhow::{Context, Result, anyhow};
use image::RgbImage;
use smpsim::head::PhotoError;
use smpsim::{
    Alignment, Background, DefaultSceneOptions, HeadModel, HeadSize, Preview, PreviewError,
    build_plan, decode_photo, encode_image, render::default_view,
};

use crate::args::PreviewArgs;
use crate::options::PreviewJob;
use crate::output::write_output;

/// Runs `smpsim preview`.
pub fn run(args: &PreviewArgs) -> Result<()> {
    let job = PreviewJob::from_args(args)?;
    let model = HeadModel::new(job.head_size).context("--head-mm")?;
    let plan = build_plan(&job.loaded.layout, &job.plan)
        .with_context(|| format!("--preset {}", job.loaded.preset.source_name()))?;
    let view = job.view.unwrap_or_else(|| default_view(&plan));
    let background = match &job.photo {
        Some(path) => {
            let image = read_photo(path, &job)?;
            let (width, height) = image.dimensions();
            let alignment =
                Alignment::fit(view, job.head_box, job.glabella_px, &model, width, height)
                    .context("--head/--glabella")?;
            report_alignment(&alignment);
            Background::Photo { image, alignment }
        }
        None => {
            let [width_px, height_px] = job.default_head_size_px;
            let scene = DefaultSceneOptions { skin: job.skin, seed: job.plan.seed };
            Background::DefaultHead { view, width_px, height_px, scene }
        }
    };
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
    })
}

/// Reads and decodes `--photo`, within `--max-megapixels`.
fn read_photo(path: &std::path::Path, job: &PreviewJob) -> Result<RgbImage> {
    let bytes =
        fs::read(path).map_err(|e| anyhow!("--photo {}: cannot read: {e}", path.display()))?;
    decode_photo(&bytes, &job.photo_options).map_err(|e| {
        // The library cannot know the flag that raises its limit; say it here.
        let hint = match e {
            PhotoError::TooLarge { .. } => "; --max-megapixels sets it (1–1000)",
            _ => "",
        };
        anyhow!("--photo {}: {e}{hint}", path.display())
    })
}

/// The flag a preview error comes from: the library names values, the command line flags.
fn flag_of(error: &PreviewError) -> &'static str {
    match error {
        PreviewError::Zoom(_) => "--zoom",
        _ => "--session/--look",
    }
}

/// Says on stderr which alignment was used, as flags that reproduce it, so it can be saved.
fn report_alignment(alignment: &Alignment) {
    let mut err = io::stderr().lock();
    if alignment.defaulted {
        let _ = writeln!(
            err,
            "note: no --head box given; the head model was fitted to the centre of the photo"
        );
    }
    let _ = writeln!(err, "alignment: {}", alignment_flags(alignment));
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
