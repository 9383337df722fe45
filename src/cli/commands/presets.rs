//! `smpsim presets list|show|validate|save|schema`.

use std::path::{Path, PathBuf};

use anyhow::Result;
use smpsim::Preset;
use smpsim::spec::{list_builtins, preset_schema};

use crate::args::PresetsCommand;
use crate::output::{OutputTarget, check_output, write_output};
use crate::preset_source::{load_preset, read_text};

/// Runs `smpsim presets …`.
pub fn run(command: &PresetsCommand) -> Result<()> {
    match command {
        PresetsCommand::List => write_output(&OutputTarget::Stdout, |out| {
            let presets = list_builtins();
            let width = presets.iter().map(|p| p.name.len()).max().unwrap_or(0);
            for info in presets {
                writeln!(out, "{:width$}  {}", info.name, info.description)?;
            }
            Ok(())
        }),
        PresetsCommand::Show { name, overrides } => {
            let loaded = load_preset(name, overrides)?;
            let json = loaded.preset.to_json_pretty();
            write_output(&OutputTarget::Stdout, |out| writeln!(out, "{json}"))
        }
        PresetsCommand::Validate { file } => {
            let text = read_text(file)?;
            let preset = Preset::parse(&text, &file.display().to_string())?;
            // Mask images and zone geometry are checked when the layout is built.
            load_preset(&file.display().to_string(), &[])?;
            let name = &preset.spec().name;
            write_output(&OutputTarget::Stdout, |out| writeln!(out, "ok: {name}"))
        }
        PresetsCommand::Save { preset, output } => {
            let loaded = load_preset(&preset.name, &preset.overrides)?;
            let output = OutputTarget::from_arg(output);
            let inputs: Vec<&Path> = loaded.input_files.iter().map(PathBuf::as_path).collect();
            check_output("--output", &output, &inputs)?;
            // The same text as `presets show`: every default written out, so the file says
            // exactly what will be sampled.
            let json = loaded.preset.to_json_pretty();
            write_output(&output, |out| writeln!(out, "{json}"))?;
            warn_if_masks_left_behind(&loaded.preset.mask_paths(), &preset.name, &output);
            Ok(())
        }
        PresetsCommand::Schema => {
            let json = serde_json::to_string_pretty(&preset_schema())?;
            write_output(&OutputTarget::Stdout, |out| writeln!(out, "{json}"))
        }
    }
}

/// Mask images are named relative to the preset's folder: a preset saved elsewhere no longer
/// finds them, so say which to copy (the file itself stays exactly what `show` prints).
fn warn_if_masks_left_behind(masks: &[String], source: &str, output: &OutputTarget) {
    let OutputTarget::File(path) = output else { return };
    if masks.is_empty() {
        return;
    }
    let folder_of = |p: &Path| {
        let parent = p.parent().filter(|f| !f.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::canonicalize(parent).ok()
    };
    // A built-in name's masks resolve from the current folder, like a file there.
    let source_path = Path::new(source);
    let source_folder =
        if source_path.exists() { folder_of(source_path) } else { folder_of(Path::new("x")) };
    if source_folder != folder_of(path) {
        eprintln!(
            "note: {} names mask images relative to its folder ({}); copy them beside {}",
            path.display(),
            masks.join(", "),
            path.display()
        );
    }
}
