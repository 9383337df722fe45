//! The one place where command-line arguments become library options: one resolver per
//! subcommand (in the manner of ripgrep's low-level → high-level arguments), taking defaults and
//! ranges from the library's own constants. Commands receive a resolved job and never read a
//! flag themselves.

mod preview;
mod sample;
mod stats;
mod stencil;
mod tune;

use std::path::Path;

use anyhow::{Result, bail};
use smpsim::{ImageFormat, Look, PlanOptions, SkinType, View};

pub use preview::{FitRole, PreviewJob};
pub use sample::{PresetSampleJob, RectField, RectSampleJob};
pub use stats::StatsJob;
pub use stencil::StencilJob;
pub use tune::TuneJob;

use crate::args::{LookArg, SkinArg, ViewArg};
use crate::output::OutputTarget;

/// Plan options from `--seed` and `--max-dots`.
pub fn plan_options(seed: u64, max_dots: u64) -> PlanOptions {
    PlanOptions {
        seed,
        max_dots: usize::try_from(max_dots).unwrap_or(usize::MAX),
        ..PlanOptions::default()
    }
}

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

/// The library's look for `--look` and `--years`.
pub fn look_of(look: LookArg, years: f64) -> Look {
    match look {
        LookArg::Fresh => Look::Fresh,
        LookArg::Healed => Look::Healed,
        LookArg::Aged => Look::Aged { years: years as f32 },
    }
}

/// `--output FILE` for an image (`what`: "previews", "sheets"): a file, never standard output,
/// and its format from the extension.
fn image_output(path: &Path, what: &str) -> Result<(OutputTarget, ImageFormat)> {
    let output = OutputTarget::from_arg(path);
    let OutputTarget::File(output_path) = &output else {
        bail!("--output -: {what} are images; give a file name ending in .png or .jpg");
    };
    let extension = output.extension().unwrap_or_default();
    let Some(format) = ImageFormat::from_extension(&extension) else {
        bail!(
            "--output {}: unsupported image type {extension:?}; use .png, .jpg, .jpeg or .apng",
            output_path.display()
        );
    };
    Ok((output, format))
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;
    use crate::args::Cli;

    #[test]
    fn the_command_line_defaults_are_the_library_defaults() {
        use clap::Parser;
        let cli =
            Cli::try_parse_from(["smpsim", "preview", "--preset", "norwood-4", "-o", "p.png"])
                .unwrap();
        let crate::args::Command::Preview(args) = cli.command else { unreachable!() };
        assert_eq!(skin_of(args.skin), SkinType::default());
        assert_eq!(look_of(args.look, args.years), Look::default());
        let job = PreviewJob::from_args(&args).unwrap();
        assert_eq!(job.plan.max_dots, PlanOptions::default().max_dots);
        assert_eq!(job.photo_options.max_pixels, smpsim::head::DEFAULT_MAX_PIXELS);
    }

    #[test]
    fn every_skin_and_view_maps_to_its_own_library_value() {
        let skins: Vec<SkinType> = SkinArg::value_variants().iter().map(|&s| skin_of(s)).collect();
        assert_eq!(skins, SkinType::ALL);
        let views: Vec<View> = ViewArg::value_variants().iter().map(|&v| view_of(v)).collect();
        assert_eq!(views, View::ALL);
    }
}
