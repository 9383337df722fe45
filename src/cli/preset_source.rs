//! Finding a preset from `--preset NAME|PATH` and `--set PATH=VALUE`, and decoding the mask
//! images it names: the CLI's side of preset loading (the library never opens files).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow, bail};
use smpsim::spec::{builtin_names, builtin_preset};
use smpsim::{HeadModel, Layout, MaskImages, PhotoOptions, Preset, decode_photo};

/// A preset ready to sample: the validated preset, its density layout, and the files it was read
/// from (so no output may overwrite them).
pub struct LoadedPreset {
    /// The validated preset, overrides applied.
    pub preset: Preset,
    /// Its density fields.
    pub layout: Layout,
    /// The preset file and mask images read, if any.
    pub input_files: Vec<PathBuf>,
    /// The decoded mask images, by the path the preset names (for layouts of variants).
    pub masks: MaskImages,
}

/// Loads `--preset` (a built-in name, or a path to a JSON file), applies each `--set PATH=VALUE`
/// in order, and decodes the mask images the preset names (relative to the preset's folder).
pub fn load_preset(name_or_path: &str, overrides: &[String]) -> Result<LoadedPreset> {
    load_preset_on_head(name_or_path, overrides, None)
}

/// As [`load_preset`], with the hairline first fitted to `head` (see
/// [`Preset::fitted_to_head`]), so a `--set` of the hairline still has the last word.
pub fn load_preset_on_head(
    name_or_path: &str,
    overrides: &[String],
    head: Option<&HeadModel>,
) -> Result<LoadedPreset> {
    let (mut preset, folder, mut input_files) = match builtin_preset(name_or_path) {
        Some(text) => (Preset::parse(text, name_or_path)?, PathBuf::from("."), Vec::new()),
        None => {
            let path = Path::new(name_or_path);
            if !path.exists() && !name_or_path.ends_with(".json") && !name_or_path.contains('/') {
                bail!(
                    "{name_or_path}: no built-in preset or preset file of that name; built-ins: {}",
                    builtin_names().collect::<Vec<_>>().join(", ")
                );
            }
            let text = read_text(path)?;
            let folder = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            (Preset::parse(&text, name_or_path)?, folder, vec![path.to_path_buf()])
        }
    };
    if let Some(head) = head {
        preset = preset.fitted_to_head(head)?;
    }
    for assignment in overrides {
        let (path, value) = assignment.split_once('=').ok_or_else(|| {
            anyhow!("--set {assignment}: expected PATH=VALUE, e.g. hairline.height_mm=75")
        })?;
        // The library's error already names the preset, `--set` and the path.
        let (path, value) = (path.trim(), value.trim());
        preset = preset.with_override_from(path, value, &format!("--set {path}"))?;
    }
    let mut masks: MaskImages = HashMap::new();
    for mask in preset.mask_paths() {
        let path = folder.join(&mask);
        let bytes = fs::read(&path)
            .map_err(|e| anyhow!("{}: cannot read the mask image: {e}", path.display()))?;
        // Same decoder and pixel limit as photos: a hostile header cannot force a huge allocation.
        let rgb = decode_photo(&bytes, &PhotoOptions::default())
            .with_context(|| format!("{} (mask image of the preset)", path.display()))?;
        masks.insert(mask, Arc::new(image::DynamicImage::ImageRgb8(rgb).into_luma8()));
        input_files.push(path);
    }
    let layout = preset.layout(&masks)?;
    Ok(LoadedPreset { preset, layout, input_files, masks })
}

/// Reads a preset or scene file, naming it in any error; refuses folders and files too large
/// to be one.
pub fn read_text(path: &Path) -> Result<String> {
    /// No real preset comes near this; larger files are refused before reading them.
    const MAX_PRESET_BYTES: u64 = 16 << 20;
    let meta = fs::metadata(path).map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
    if meta.is_dir() {
        bail!("{}: is a folder; expected a JSON file", path.display());
    }
    if meta.len() > MAX_PRESET_BYTES {
        bail!(
            "{}: {} bytes is too large for a preset or scene file (at most 16 MiB)",
            path.display(),
            meta.len()
        );
    }
    let bytes = fs::read(path).map_err(|e| anyhow!("{}: cannot read: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| anyhow!("{}: is not UTF-8 text", path.display()))
}
