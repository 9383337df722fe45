//! The presets shipped in `presets/`, embedded so the binary works from any folder.

/// Name and text of every built-in preset, in the order `presets list` shows them.
const BUILTINS: &[(&str, &str)] = &[
    ("norwood-2", include_str!("../../presets/norwood-2.json")),
    ("norwood-3", include_str!("../../presets/norwood-3.json")),
    ("norwood-4", include_str!("../../presets/norwood-4.json")),
    ("norwood-5", include_str!("../../presets/norwood-5.json")),
    ("norwood-6", include_str!("../../presets/norwood-6.json")),
    ("norwood-7", include_str!("../../presets/norwood-7.json")),
    ("ludwig-1", include_str!("../../presets/ludwig-1.json")),
    ("ludwig-2", include_str!("../../presets/ludwig-2.json")),
    ("ludwig-3", include_str!("../../presets/ludwig-3.json")),
    ("crown-only", include_str!("../../presets/crown-only.json")),
    ("hairline-only", include_str!("../../presets/hairline-only.json")),
    ("fut-scar", include_str!("../../presets/fut-scar.json")),
    ("full-shave", include_str!("../../presets/full-shave.json")),
];

/// A built-in preset as `presets list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresetInfo {
    /// Name to pass to `--preset`.
    pub name: &'static str,
    /// One-line description from the file.
    pub description: String,
}

/// Names of the built-in presets.
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().map(|(n, _)| *n)
}

/// The JSON text of built-in preset `name`, if there is one.
pub fn builtin_preset(name: &str) -> Option<&'static str> {
    BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// Every built-in preset's name and description.
pub fn list_builtins() -> Vec<PresetInfo> {
    #[derive(serde::Deserialize)]
    struct Head {
        description: String,
    }
    BUILTINS
        .iter()
        .map(|(name, text)| PresetInfo {
            name,
            description: serde_json::from_str::<Head>(text)
                .map(|h| h.description)
                .unwrap_or_default(),
        })
        .collect()
}
