//! `smpsim preview`: the planned dots over a head photo or the built-in default head.

use std::fs;
use std::io::{self, Write};

use anyhow::{Context, Result, anyhow};
use smpsim::{
    Alignment, DefaultSceneOptions, HeadModel, PhotoError, build_plan, decode_photo,
    default_head_scene, default_view, encode_image, render_preview, side_by_side,
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
    let (background, alignment) = match &job.photo {
        Some(path) => {
            let bytes = fs::read(path)
                .map_err(|e| anyhow!("--photo {}: cannot read: {e}", path.display()))?;
            let photo = decode_photo(&bytes, &job.photo_options).map_err(|e| {
                // The library cannot know the flag that raises its limit; say it here.
                let hint = match e {
                    PhotoError::TooLarge { .. } => "; --max-megapixels sets it (1–1000)",
                    _ => "",
                };
                anyhow!("--photo {}: {e}{hint}", path.display())
            })?;
            let alignment = Alignment::fit(
                view,
                job.head_box,
                job.glabella_px,
                &model,
                photo.width(),
                photo.height(),
            )
            .context("--head/--glabella")?;
            (photo, alignment)
        }
        None => {
            let [width, height] = job.default_head_size_px;
            let options = DefaultSceneOptions { skin: job.skin, seed: job.plan.seed };
            default_head_scene(&plan, &model, view, width, height, &options)?
        }
    };
    report_alignment(&alignment, job.photo.is_some());

    let mut after = background.clone();
    // The library labels every rendered preview as a simulation (preset, session, look).
    render_preview(&plan, &model, &alignment, &mut after, &job.preview)
        .context("--session/--look")?;
    let image = if job.compare { side_by_side(&background, &after) } else { after };
    write_output(&job.output, |out| {
        encode_image(&image, job.format, out).map_err(|e| io::Error::other(e.to_string()))
    })
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
        let _ = writeln!(err, "alignment: {}", alignment.to_flags());
    }
}
