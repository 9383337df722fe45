//! `smpsim presets schema`: the shipped schema file is what the binary prints, every shipped
//! preset names it and passes it, and its ranges are exactly the ones the validator enforces.
//!
//! The presets are checked with a small validator of the keywords the schema uses (a full JSON
//! Schema crate would add some 70 crates to the build). It refuses to run on a keyword it does not
//! know, so a schema that grows a new keyword cannot pass here unchecked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use smpsim::{Preset, PresetError};

use crate::support::{path_arg, smpsim};

/// What a shipped preset writes as `$schema`: the schema file beside it.
const SCHEMA_LINK: &str = "./preset.schema.json";

fn presets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("presets")
}

fn shipped_schema() -> Value {
    let text = std::fs::read_to_string(presets_dir().join("preset.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Every shipped preset file but the schema, with its text.
fn shipped_presets() -> Vec<(PathBuf, String)> {
    let mut files: Vec<_> = std::fs::read_dir(presets_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| !p.ends_with("preset.schema.json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    files.sort();
    assert!(files.len() >= smpsim::spec::builtin_names().count(), "{files:?}");
    files
}

// ---------------------------------------------------------------------------------------------
// A validator for the subset of JSON Schema 2020-12 the preset schema uses.

/// Keywords that only describe and never refuse.
const ANNOTATIONS: &[&str] =
    &["$schema", "$defs", "title", "description", "default", "format", "unit", "writeOnly"];

struct Validator<'a> {
    root: &'a Value,
}

impl Validator<'_> {
    /// Why `value` at JSON path `at` does not fit `schema` (empty when it fits).
    fn errors(&self, schema: &Value, value: &Value, at: &str) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(schema, value, at, &mut errors);
        errors
    }

    fn resolve(&self, reference: &str) -> &Value {
        let pointer = reference.strip_prefix('#').unwrap_or_else(|| panic!("{reference}"));
        self.root.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {reference}"))
    }

    fn check(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return errors.push(format!("{at}: nothing is allowed here")),
            Value::Object(map) => map,
            other => panic!("not a schema: {other}"),
        };
        let items_from = schema.get("prefixItems").and_then(Value::as_array).map_or(0, Vec::len);
        for (keyword, arg) in schema {
            match keyword.as_str() {
                "$ref" => self.check(self.resolve(arg.as_str().unwrap()), value, at, errors),
                "type" => {
                    let names: Vec<&str> = match arg {
                        Value::String(s) => vec![s.as_str()],
                        Value::Array(a) => a.iter().map(|t| t.as_str().unwrap()).collect(),
                        _ => panic!("type {arg}"),
                    };
                    if !names.iter().any(|t| has_type(value, t)) {
                        errors.push(format!("{at}: {value} is not of type {arg}"));
                    }
                }
                "const" if value != arg => errors.push(format!("{at}: {value} is not {arg}")),
                "enum" if !arg.as_array().unwrap().contains(value) => {
                    errors.push(format!("{at}: {value} is not one of {arg}"));
                }
                "required" => {
                    if let Value::Object(obj) = value {
                        for key in arg.as_array().unwrap() {
                            if !obj.contains_key(key.as_str().unwrap()) {
                                errors.push(format!("{at}: `{key}` is missing"));
                            }
                        }
                    }
                }
                "properties" => {
                    if let Value::Object(obj) = value {
                        for (key, sub) in arg.as_object().unwrap() {
                            if let Some(v) = obj.get(key) {
                                self.check(sub, v, &join(at, key), errors);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    if let Value::Object(obj) = value {
                        let known = schema.get("properties").and_then(Value::as_object);
                        for (key, v) in obj {
                            if !known.is_some_and(|k| k.contains_key(key)) {
                                self.check(arg, v, &join(at, key), errors);
                            }
                        }
                    }
                }
                "prefixItems" => {
                    if let Value::Array(items) = value {
                        for (i, (sub, v)) in arg.as_array().unwrap().iter().zip(items).enumerate() {
                            self.check(sub, v, &format!("{at}[{i}]"), errors);
                        }
                    }
                }
                "items" => {
                    if let Value::Array(items) = value {
                        for (i, v) in items.iter().enumerate().skip(items_from) {
                            self.check(arg, v, &format!("{at}[{i}]"), errors);
                        }
                    }
                }
                "minItems" | "maxItems" => {
                    if let Value::Array(items) = value {
                        bound(keyword, arg, items.len() as f64, at, errors);
                    }
                }
                "minLength" | "maxLength" => {
                    if let Value::String(s) = value {
                        bound(keyword, arg, s.chars().count() as f64, at, errors);
                    }
                }
                "minimum" | "maximum" => {
                    if let Some(x) = value.as_f64() {
                        bound(keyword, arg, x, at, errors);
                    }
                }
                "oneOf" | "anyOf" => {
                    let fits = arg
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|sub| self.errors(sub, value, at).is_empty())
                        .count();
                    let ok = if keyword == "oneOf" { fits == 1 } else { fits >= 1 };
                    if !ok {
                        errors.push(format!("{at}: {value} fits {fits} of the {keyword} choices"));
                    }
                }
                "const" | "enum" => {}
                k if ANNOTATIONS.contains(&k) => {}
                unknown => panic!("the test validator does not know keyword `{unknown}`"),
            }
        }
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => panic!("unknown type {name}"),
    }
}

/// Applies `minimum`, `maximum`, `minItems`, … to `x`.
fn bound(keyword: &str, limit: &Value, x: f64, at: &str, errors: &mut Vec<String>) {
    let limit = limit.as_f64().unwrap();
    let ok = if keyword.starts_with("min") { x >= limit } else { x <= limit };
    if !ok {
        errors.push(format!("{at}: {x} breaks {keyword} {limit}"));
    }
}

/// The JSON path of `key` inside `at`, as preset errors and `--set` write it.
fn join(at: &str, key: &str) -> String {
    if at.is_empty() { key.to_string() } else { format!("{at}.{key}") }
}

// ---------------------------------------------------------------------------------------------

#[test]
fn the_shipped_schema_is_what_presets_schema_prints() {
    let out = smpsim().args(["presets", "schema"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let shipped = std::fs::read(presets_dir().join("preset.schema.json")).unwrap();
    assert!(
        out.stdout == shipped,
        "presets/preset.schema.json is out of date; regenerate it with \
         `cargo run -- presets schema > presets/preset.schema.json`"
    );
    // The library gives the same schema the binary prints.
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, smpsim::spec::preset_schema());
    assert_eq!(printed["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn every_shipped_preset_names_the_schema_and_passes_it() {
    let schema = shipped_schema();
    let v = Validator { root: &schema };
    for (path, text) in shipped_presets() {
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["$schema"], SCHEMA_LINK, "{}", path.display());
        let errors = v.errors(&schema, &value, "");
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        // With every default written out, as `presets show` and `presets save` print it.
        let name = path.file_stem().unwrap().to_str().unwrap();
        let full: Value =
            serde_json::from_str(&Preset::parse(&text, name).unwrap().to_json_pretty()).unwrap();
        let errors = v.errors(&schema, &full, "");
        assert!(errors.is_empty(), "{name} with its defaults: {errors:#?}");
    }
    let errors = v.errors(&schema, &every_kind(), "");
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_test_validator_refuses_what_the_schema_forbids() {
    // Without this, a validator that accepted everything would pass every preset.
    let schema = shipped_schema();
    let v = Validator { root: &schema };
    let base = every_kind();
    let refused = |edit: &dyn Fn(&mut Value), why: &str| {
        let mut value = base.clone();
        edit(&mut value);
        assert!(!v.errors(&schema, &value, "").is_empty(), "accepted {why}");
    };
    refused(&|p| p["heigth_mm"] = json!(80), "an unknown top-level key");
    refused(&|p| p["hairline"]["height_mm"] = json!(151), "a height above its maximum");
    refused(&|p| p["hairline"]["height_mm"] = json!("80"), "a number written as a string");
    refused(
        &|p| {
            p.as_object_mut().unwrap().remove("zones");
        },
        "a missing required key",
    );
    refused(&|p| p["zones"][0] = json!({"beard": {}}), "an unknown zone kind");
    refused(&|p| p["zones"][0]["hairline"]["style"] = json!("wavy"), "an unknown style");
    refused(&|p| p["zones"][1]["crown"]["whorl_mm"] = json!([0, 400]), "a point off the map");
    refused(&|p| p["zones"][1]["crown"]["whorl_mm"] = json!([0, 1, 2]), "a point of 3 numbers");
    refused(&|p| p["zones"] = json!([]), "no zones");
    refused(&|p| p["name"] = json!("x".repeat(41)), "a 41-character name");
    refused(&|p| p["pattern_seed"] = json!(1.5), "a fractional seed");
    refused(&|p| p["zones"][2]["diffuse"]["region"]["mask"]["dpi"] = json!(1), "a key in a mask");
}

#[test]
fn presets_validate_accepts_and_show_drops_the_schema_key() {
    let dir = tempfile::tempdir().unwrap();
    let text = smpsim::spec::builtin_preset("norwood-4").unwrap();
    assert!(text.contains(SCHEMA_LINK), "built-ins are embedded with their $schema key");
    let file = dir.path().join("mine.json");
    std::fs::write(&file, text).unwrap();
    smpsim()
        .args(["presets", "validate", path_arg(&file)])
        .assert()
        .success()
        .stdout("ok: norwood-4\n");
    // `show` prints what the preset means: the key names no value, so it is not printed.
    let out = smpsim().args(["presets", "show", "norwood-4"]).output().unwrap();
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(shown.get("$schema").is_none(), "{shown}");
    // Any link works, and a file without one reads to the same preset.
    let elsewhere = text.replace(SCHEMA_LINK, "https://example.org/smpsim/preset.schema.json");
    let without = text.replacen(&format!("\"$schema\": \"{SCHEMA_LINK}\","), "", 1);
    assert_ne!(without, text);
    let spec = |t: &str| Preset::parse(t, "t").unwrap().spec().clone();
    assert_eq!(spec(&elsewhere), spec(text));
    assert_eq!(spec(&without), spec(text));
    // It is still a string, as JSON Schema says.
    let number = text.replace(&format!("\"{SCHEMA_LINK}\""), "7");
    let err = Preset::parse(&number, "t").unwrap_err();
    assert_eq!(err.location().path, "$schema", "{err}");
}

// ---------------------------------------------------------------------------------------------
// The schema's ranges against the validator's.

/// A preset with every zone and region kind and every optional point set, so that every ranged
/// key of the schema appears in some preset the range test walks.
fn every_kind() -> Value {
    json!({
        "$schema": SCHEMA_LINK,
        "name": "every-kind",
        "description": "every zone and region kind once",
        "hairline": {"points_mm": [
            [-90, 95], {"x_mm": -40, "y_mm": 100, "corner": true}, [0, 85], [40, 100], [90, 95]
        ]},
        "sessions": [
            {"cumulative_percent": 30, "dilution": 20},
            {"cumulative_percent": 100, "dilution": 12}
        ],
        "zones": [
            {"hairline": {}},
            {"crown": {"second_whorl_mm": [10, 215]}},
            {"diffuse": {"density_per_cm2": 20, "region": {"mask": {
                "path": "mask.png", "origin_mm": [-50, 100], "mm_per_px": 1}}}},
            {"total": {"density_per_cm2": 40, "region": {"ellipse": {
                "center_mm": [0, 170], "semi_axes_mm": [60, 80], "rotation_deg": 15}}}},
            {"total": {"density_per_cm2": 40, "region": {"polygon": {
                "points_mm": [[-40, 120], [40, 120], [50, 200], [0, 230], [-50, 200]]}}}},
            {"scar": {"strip": {"points_mm": [[-100, 285], [100, 285]], "width_mm": 5},
                      "fue_discs": [{"center_mm": [20, 265], "diameter_mm": 1}]}}
        ]
    })
}

/// A value with a numeric range in the schema, found in a preset.
struct Ranged {
    /// JSON path in the preset, as `--set` takes it.
    path: String,
    /// Where the range is written in the schema.
    pointer: String,
    min: Option<f64>,
    max: Option<f64>,
    integer: bool,
}

impl Validator<'_> {
    /// Walks `value` and `schema` together, collecting every number that has a range.
    fn ranged(
        &self,
        schema: &Value,
        pointer: &str,
        value: &Value,
        at: &str,
        out: &mut Vec<Ranged>,
    ) {
        let Value::Object(map) = schema else { return };
        if let Some(r) = map.get("$ref").and_then(Value::as_str) {
            let target = r.strip_prefix('#').unwrap();
            self.ranged(self.resolve(r), target, value, at, out);
        }
        for keyword in ["oneOf", "anyOf"] {
            for (i, sub) in
                map.get(keyword).and_then(Value::as_array).into_iter().flatten().enumerate()
            {
                if self.errors(sub, value, at).is_empty() {
                    self.ranged(sub, &format!("{pointer}/{keyword}/{i}"), value, at, out);
                }
            }
        }
        match value {
            Value::Object(obj) => {
                let props = map.get("properties").and_then(Value::as_object);
                for (key, v) in obj {
                    if let Some(sub) = props.and_then(|p| p.get(key)) {
                        let p = format!(
                            "{pointer}/properties/{}",
                            key.replace('~', "~0").replace('/', "~1")
                        );
                        self.ranged(sub, &p, v, &join(at, key), out);
                    }
                }
            }
            Value::Array(items) => {
                let prefix = map.get("prefixItems").and_then(Value::as_array);
                for (i, v) in items.iter().enumerate() {
                    let at = format!("{at}[{i}]");
                    match prefix.and_then(|p| p.get(i)) {
                        Some(sub) => {
                            self.ranged(sub, &format!("{pointer}/prefixItems/{i}"), v, &at, out)
                        }
                        None => {
                            if let Some(sub) = map.get("items") {
                                self.ranged(sub, &format!("{pointer}/items"), v, &at, out);
                            }
                        }
                    }
                }
            }
            Value::Number(_) => {
                let min = map.get("minimum").and_then(Value::as_f64);
                let max = map.get("maximum").and_then(Value::as_f64);
                if min.is_some() || max.is_some() {
                    let integer = map.get("type") == Some(&json!("integer"));
                    out.push(Ranged {
                        path: at.to_string(),
                        pointer: pointer.to_string(),
                        min,
                        max,
                        integer,
                    });
                }
            }
            _ => {}
        }
    }
}

/// Pointers of every schema object that states a `minimum` or `maximum`.
fn ranged_pointers(schema: &Value, pointer: &str, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("minimum") || map.contains_key("maximum") {
                out.insert(pointer.to_string());
            }
            for (k, v) in map {
                // `default` holds values, not schemas.
                if k != "default" {
                    let k = k.replace('~', "~0").replace('/', "~1");
                    ranged_pointers(v, &format!("{pointer}/{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                ranged_pointers(v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// The number just past `bound`, away from the range (`below` for a minimum), as JSON.
fn just_past(bound: f64, below: bool, integer: bool) -> String {
    let step = if integer { 1.0 } else { bound.abs().max(1.0) * 1e-9 };
    as_json(if below { bound - step } else { bound + step }, integer)
}

/// `x` as JSON text; an integer key refuses `0.0`, so it gets `0`.
fn as_json(x: f64, integer: bool) -> String {
    if integer { format!("{}", x as i64) } else { serde_json::to_string(&x).unwrap() }
}

#[test]
fn the_schema_ranges_are_the_validators_ranges() {
    let schema = smpsim::spec::preset_schema();
    let v = Validator { root: &schema };
    let mut presets: Vec<Preset> = smpsim::spec::builtin_names()
        .map(|n| Preset::parse(smpsim::spec::builtin_preset(n).unwrap(), n).unwrap())
        .collect();
    presets.push(Preset::parse(&every_kind().to_string(), "every-kind").unwrap());

    let mut seen = BTreeSet::new();
    let mut checked = 0;
    for preset in &presets {
        // Every default written out, so defaulted keys are checked too.
        let value: Value = serde_json::from_str(&preset.to_json_pretty()).unwrap();
        let mut ranged = Vec::new();
        v.ranged(&schema, "", &value, "", &mut ranged);
        for r in ranged {
            // A key's range is the validator's wherever it appears: each schema range is
            // checked once, on the first preset that has it (all of them took 18 s).
            if !seen.insert(r.pointer.clone()) {
                continue;
            }
            let name = preset.source_name();
            for (bound, below) in [(r.min, true), (r.max, false)] {
                let Some(bound) = bound else { continue };
                // Just outside: refused, naming this key.
                let text = just_past(bound, below, r.integer);
                let err = preset
                    .with_override(&r.path, &text)
                    .err()
                    .unwrap_or_else(|| panic!("{name}: {} = {text} accepted", r.path));
                assert!(
                    err.location().path == r.path
                        && (r.integer || matches!(err, PresetError::OutOfRange { .. })),
                    "{name}: {} = {text} refused for another reason: {err}",
                    r.path
                );
                // The bound itself: never out of range (it may still clash with another key,
                // e.g. `height_mm` 150 with `vertex_y_mm` 175).
                let text = as_json(bound, r.integer);
                if let Err(err) = preset.with_override(&r.path, &text) {
                    assert!(
                        matches!(err, PresetError::Inconsistent { .. }),
                        "{name}: the schema's bound {} = {text} is refused: {err}",
                        r.path
                    );
                }
                checked += 1;
            }
        }
    }
    let mut all = BTreeSet::new();
    ranged_pointers(&schema, "", &mut all);
    let missed: Vec<_> = all.difference(&seen).collect();
    assert!(missed.is_empty(), "ranges no preset here exercises (extend every_kind): {missed:?}");
    // Both bounds of every ranged key: 143 when this was written.
    assert!(checked >= 140, "only {checked} bounds checked");
}

/// Builds a list or string of a given length.
type Make = dyn Fn(usize) -> Value;

#[test]
fn the_schema_counts_and_lengths_are_the_validators() {
    let schema = smpsim::spec::preset_schema();
    let base = Preset::parse(&every_kind().to_string(), "every-kind").unwrap();
    let limit = |pointer: &str, keyword: &str| {
        schema.pointer(pointer).unwrap()[keyword].as_u64().unwrap_or_else(|| panic!("{pointer}"))
            as usize
    };
    let accepts = |path: &str, value: Value| base.with_override(path, &value.to_string()).is_ok();
    let sessions = |n: usize| {
        let s: Vec<Value> = (1..=n)
            .map(|i| json!({"cumulative_percent": 100 * i / n, "dilution": 20 - i}))
            .collect();
        json!(s)
    };
    let zones = |n: usize| json!(vec![json!({"hairline": {}}); n]);
    let name = |n: usize| json!("n".repeat(n));
    let square = |n: usize| {
        let corners = [[-40, 120], [40, 120], [40, 200], [-40, 200]];
        json!(corners[..n.min(4)])
    };
    let line = |n: usize| json!((0..n).map(|i| [10 * i, 280]).collect::<Vec<_>>());
    // A gentle arc across the forehead, any number of points long.
    let hairline = |n: usize| {
        let x = |i: usize| -100.0 + 200.0 * i as f64 / (n.max(2) - 1) as f64;
        json!((0..n).map(|i| [x(i), 90.0 + x(i) * x(i) / 1000.0]).collect::<Vec<_>>())
    };
    let cases: [(&str, &str, &str, &Make); 8] = [
        ("name", "/properties/name", "Length", &name),
        ("description", "/properties/description", "Length", &name),
        ("zones[1].crown.name", "/$defs/CrownSpec/properties/name", "Length", &name),
        ("sessions", "/properties/sessions", "Items", &sessions),
        ("zones", "/properties/zones", "Items", &zones),
        (
            "zones[4].total.region.polygon.points_mm",
            "/$defs/PolygonSpec/properties/points_mm",
            "Items",
            &square,
        ),
        ("zones[5].scar.strip.points_mm", "/$defs/StripSpec/properties/points_mm", "Items", &line),
        ("hairline.points_mm", "/$defs/HairlineSpec/properties/points_mm", "Items", &hairline),
    ];
    for (path, pointer, kind, make) in cases {
        let min = limit(pointer, &format!("min{kind}"));
        assert!(accepts(path, make(min)), "{path}: {min} (the schema's minimum) refused");
        assert!(min == 0 || !accepts(path, make(min - 1)), "{path}: {} accepted", min - 1);
        if schema.pointer(pointer).unwrap().get(format!("max{kind}")).is_some() {
            let max = limit(pointer, &format!("max{kind}"));
            assert!(accepts(path, make(max)), "{path}: {max} (the schema's maximum) refused");
            assert!(!accepts(path, make(max + 1)), "{path}: {} accepted", max + 1);
        }
    }
}

#[test]
fn descriptions_state_the_schema_ranges_and_defaults() {
    // The doc comments that become descriptions repeat range and default for readers of the
    // code; they must say what the schema's keywords say.
    let schema = smpsim::spec::preset_schema();
    let mut checked = 0;
    let mut stack = vec![("".to_string(), &schema)];
    while let Some((pointer, node)) = stack.pop() {
        let Value::Object(map) = node else {
            if let Value::Array(a) = node {
                stack.extend(a.iter().enumerate().map(|(i, v)| (format!("{pointer}/{i}"), v)));
            }
            continue;
        };
        if let Some(text) = map.get("description").and_then(Value::as_str) {
            let text = text.replace('\n', " ").replace('−', "-");
            if let Some(rest) = text.split("allowed ").nth(1) {
                let mut ends = rest.splitn(2, '–');
                let lo: Option<f64> = ends.next().and_then(|s| s.trim().parse().ok());
                let hi: Option<f64> = ends.next().and_then(|s| {
                    let number = s.split(|c: char| !(c.is_ascii_digit() || c == '.')).next()?;
                    number.trim_end_matches('.').parse().ok()
                });
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    // A pair such as semi-axes states its range once for both items.
                    let ranged = match map.get("prefixItems").and_then(Value::as_array) {
                        Some(items) => items.iter().collect(),
                        None => vec![node],
                    };
                    for r in ranged {
                        let bounds = (r["minimum"].as_f64(), r["maximum"].as_f64());
                        assert_eq!(bounds, (Some(lo), Some(hi)), "{pointer}: {text}");
                    }
                    checked += 1;
                }
            }
            if let Some(rest) = text.split("Default ").nth(1) {
                let word = rest.split([';', ' ']).next().unwrap().trim_end_matches('.');
                if let Ok(n) = word.parse::<f64>() {
                    let default = map.get("default").and_then(Value::as_f64);
                    assert_eq!(default, Some(n), "{pointer}: {text}");
                }
            }
        }
        for (k, v) in map {
            if k != "default" {
                stack.push((format!("{pointer}/{k}"), v));
            }
        }
    }
    assert!(checked > 40, "only {checked} descriptions state a range");
}
