//! `--set PATH=VALUE`: change one value of a preset by its JSON path and validate again.

use serde_json::Value;

use super::error::{Location, PresetError};
use super::{Preset, PresetSpec};

/// One step of a JSON path: a key or an array index.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key));
        } else if rest.is_empty() {
            return None;
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let end = stripped.find(']')?;
            out.push(Step::Index(stripped[..end].parse().ok()?));
            rest = &stripped[end + 1..];
        }
        if !rest.is_empty() {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Applies `path = value`; errors name `origin` (e.g. `--set hairline.height_mm`) after the
/// preset's source, so the user sees which flag and value were refused.
pub(super) fn apply(
    preset: &Preset,
    path: &str,
    value: &str,
    origin: &str,
) -> Result<Preset, PresetError> {
    // A path pasted by mistake may be megabytes long: quote only its start and end (callers
    // shorten `origin` the same way).
    let shown_path = super::validate::shortened(path, 200);
    let source = format!("{} (with {origin})", preset.source_name);
    let fail = |message: String| PresetError::Override {
        location: Box::new(Location {
            source_name: source.clone(),
            path: shown_path.clone(),
            line: None,
            column: None,
        }),
        message,
    };
    let new_value: Value =
        serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()));
    let mut root = serde_json::to_value(&preset.spec).map_err(|e| fail(e.to_string()))?;
    let steps = steps(path)
        .ok_or_else(|| fail("not a JSON path like `zones[1].total.feather_mm`".into()))?;
    let mut cur = &mut root;
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        cur = match step {
            Step::Key(k) => {
                let Value::Object(map) = cur else {
                    let k = super::validate::shortened(k, 80);
                    return Err(fail(format!("`{k}` is not inside an object")));
                };
                if last {
                    // New keys are allowed here; deserialising refuses unknown ones below.
                    map.insert((*k).to_string(), new_value);
                    break;
                }
                map.get_mut(*k).ok_or_else(|| {
                    fail(format!("no key `{}`", super::validate::shortened(k, 80)))
                })?
            }
            Step::Index(n) => {
                let Value::Array(items) = cur else {
                    return Err(fail(format!("[{n}] is not inside a list")));
                };
                let len = items.len();
                let item = items
                    .get_mut(*n)
                    .ok_or_else(|| fail(format!("index {n} but the list has {len} items")))?;
                if last {
                    *item = new_value;
                    break;
                }
                item
            }
        };
    }
    let spec: PresetSpec = serde_path_to_error::deserialize(root).map_err(|e| {
        // The path ends in the key set, which may be as long as the --set path.
        let p = super::validate::shortened(&e.path().to_string(), 200);
        PresetError::Json {
            location: Box::new(Location {
                source_name: source.clone(),
                path: p,
                line: None,
                column: None,
            }),
            // The value may be a long string pasted by mistake: quote only its start.
            message: super::validate::shortened(&e.into_inner().to_string(), 200),
        }
    })?;
    Preset::from_spec(spec, "", &source)
}
