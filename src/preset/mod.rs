//! Presets: the JSON a practitioner starts from, validated once into a [`Layout`].
//!
//! # Use
//! ```
//! let text = smpsim::spec::builtin_preset("norwood-7").unwrap();
//! let preset = smpsim::Preset::parse(text, "norwood-7").unwrap();
//! let layout = preset.layout(&smpsim::MaskImages::new()).unwrap();
//! assert_eq!(layout.sessions().len(), 3);
//! ```
//! Errors are one line: `file:line:column: json.path = value is out of range: allowed lo–hi unit`.

mod builtin;
mod error;
mod layout;
mod locate;
mod overrides;
mod ranges;
mod schema;
mod spec;
mod validate;
mod zone_spec;

pub use builtin::{PresetInfo, builtin_names, builtin_preset, list_builtins};
pub use error::{Location, PresetError};
pub use layout::{Layout, LayoutSession, LayoutZone, MaskImages};
pub use schema::preset_schema;
pub use spec::{
    CrownSpec, DiffuseSpec, DiscSpec, DotSpec, EllipseSpec, HairlineSpec, HairlineStyleSpec,
    HairlineZoneSpec, MaskSpec, PolygonSpec, PresetSpec, RegionSpec, ScarSpec, SchemaRef,
    SessionSpec, StripSpec, TotalSpec, ZoneSpec,
};
pub use validate::MAX_SESSIONS;

use validate::Checker;

use crate::head::{HeadModel, HeadSize};

/// A parsed and validated preset, remembering where it came from for later error messages.
#[derive(Clone, Debug)]
pub struct Preset {
    spec: PresetSpec,
    source_name: String,
    /// The text it was parsed from, to point at lines; empty after overrides (lines no longer match).
    text: String,
}

impl Preset {
    /// The built-in preset `name` (see [`list_builtins`]), or `None` for an unknown name.
    /// Built-ins are validated by the test suite, so a known name always parses.
    pub fn builtin(name: &str) -> Option<Self> {
        builtin_preset(name).and_then(|text| Self::parse(text, name).ok())
    }

    /// Parses and validates preset JSON; `source_name` (file or built-in name) starts every error.
    pub fn parse(text: &str, source_name: &str) -> Result<Self, PresetError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let spec: PresetSpec = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            json_error(source_name, text, path, &inner)
        })?;
        // Without this, anything after the preset's closing brace would be silently ignored.
        de.end().map_err(|e| json_error(source_name, text, ".".to_string(), &e))?;
        Self::from_spec(spec, text, source_name)
    }

    /// Validates an already-built spec (e.g. one edited in code).
    pub fn from_spec(spec: PresetSpec, text: &str, source_name: &str) -> Result<Self, PresetError> {
        validate::validate(&spec, &Checker::new(text, source_name))?;
        Ok(Self { spec, source_name: source_name.to_string(), text: text.to_string() })
    }

    /// The validated values.
    pub fn spec(&self) -> &PresetSpec {
        &self.spec
    }

    /// Where the preset came from.
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The preset as pretty JSON with every default written out (to save a tuned preset).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.spec).expect("preset types always serialise")
    }

    /// Paths of the mask images the preset names; decode each and pass it to [`Preset::layout`].
    pub fn mask_paths(&self) -> Vec<String> {
        self.spec
            .zones
            .iter()
            .filter_map(|z| match z {
                ZoneSpec::Diffuse(DiffuseSpec { region: RegionSpec::Mask(m), .. }) => {
                    Some(m.path.clone())
                }
                _ => None,
            })
            .collect()
    }

    /// The density fields of the preset; `masks` holds every image of [`Preset::mask_paths`].
    pub fn layout(&self, masks: &MaskImages) -> Result<Layout, PresetError> {
        Layout::build(&self.spec, &Checker::new(&self.text, &self.source_name), masks)
    }

    /// The preset with the value at JSON `path` (e.g. `zones[1].total.feather_mm`) replaced by
    /// `value` (JSON; a bare word is taken as a string), validated again. Errors name the
    /// override as `override PATH`.
    pub fn with_override(&self, path: &str, value: &str) -> Result<Self, PresetError> {
        // A path pasted by mistake may be megabytes long: quote only its start and end.
        overrides::apply(self, path, value, &format!("override {}", validate::shortened(path, 200)))
    }

    /// The preset with its hairline built about the top of `head` (`hairline.vertex_y_mm` set to
    /// the map y of the head's top), so that on a head of any size the hairline sits where it
    /// was designed. On the default head the preset is returned as it is: presets are written
    /// for it, and a preset's own `vertex_y_mm` stays in force there.
    pub fn fitted_to_head(&self, head: &HeadModel) -> Result<Self, PresetError> {
        if head.size() == HeadSize::default() {
            return Ok(self.clone());
        }
        let top_mm = format!("{:.1}", head.top_map_y_mm());
        self.with_override_from("hairline.vertex_y_mm", &top_mm, "the head's size")
    }

    /// As [`Preset::with_override`], but errors name `origin` (e.g. `--set PATH`, as the
    /// command line says, or `variation PATH=VALUE`) as the place the value came from; a long
    /// `origin` is quoted by its start and end.
    pub fn with_override_from(
        &self,
        path: &str,
        value: &str,
        origin: &str,
    ) -> Result<Self, PresetError> {
        overrides::apply(self, path, value, &validate::shortened(origin, 240))
    }
}

/// A serde_json error as a one-line preset error with path, line and column.
fn json_error(source_name: &str, text: &str, path: String, e: &serde_json::Error) -> PresetError {
    let full = e.to_string();
    // serde_json appends " at line L column C"; the location already says that.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    // serde quotes the offending key or string: a 10 MB one must not become a 10 MB message.
    let mut message = validate::shortened(&message, 200);
    if message == "trailing characters" && path != "." {
        // serde_json's words for a third item in an `[x, y]` pair.
        message = "too many items for this fixed-length list".to_string();
    }
    let known = e.line() > 0;
    if known && non_finite_at(text, e.line(), e.column()) {
        message.push_str(
            " (NaN and Infinity are not JSON numbers; write a finite number in the key's allowed range)",
        );
    }
    PresetError::Json {
        location: Box::new(Location {
            source_name: source_name.to_string(),
            // The path holds the unknown key itself, however long.
            path: validate::shortened(&path, 200),
            line: known.then_some(e.line()),
            column: known.then_some(e.column()),
        }),
        message,
    }
}

/// Whether the text at 1-based `line`, `column` (or just before it) spells NaN or Infinity,
/// which other tools write into JSON but JSON does not allow.
fn non_finite_at(text: &str, line: usize, column: usize) -> bool {
    let Some(line_text) = text.lines().nth(line - 1) else { return false };
    let start = line_text.char_indices().nth(column.saturating_sub(2)).map_or(0, |(i, _)| i);
    let token = line_text[start..].trim_start_matches([' ', ':', '-', '+', '[', ',']);
    ["nan", "infinity", "inf"]
        .iter()
        .any(|word| token.get(..word.len()).is_some_and(|t| t.eq_ignore_ascii_case(word)))
}
