//! The JSON Schema (2020-12) of preset files, generated from the spec types: every key with its
//! type, description, default, allowed range and unit, so editors complete and check presets.
//!
//! Ranges come from `ranges.rs`, the table the validator reads too. A range's unit goes in a
//! `unit` keyword: JSON Schema has none, and validators ignore keywords they do not know.

use schemars::Schema;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use super::ranges::{MAP_X, MAP_Y, Range};
use super::spec::PresetSpec;

/// The JSON Schema of a preset file, as `smpsim presets schema` prints it.
pub fn preset_schema() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<PresetSpec>();
    // The type's name means nothing to someone editing a preset.
    schema.insert("title".into(), "smpsim preset".into());
    schema.to_value()
}

/// A number's schema for `range`: its bounds, and its unit where it has one.
fn number(range: Range) -> Value {
    let mut schema = json!({"type": "number", "minimum": range.min, "maximum": range.max});
    if !range.unit.is_empty() {
        schema["unit"] = range.unit.into();
    }
    schema
}

/// Adds `range` to a number's schema (used as `#[schemars(transform = in_range(RANGE))]`).
pub(crate) fn in_range(range: Range) -> impl FnMut(&mut Schema) {
    move |schema: &mut Schema| {
        schema.insert("minimum".into(), range.min.into());
        schema.insert("maximum".into(), range.max.into());
        if !range.unit.is_empty() {
            schema.insert("unit".into(), range.unit.into());
        }
    }
}

/// Makes an `[x, y]` pair's schema give each item its own range (an ellipse's semi-axes, a
/// mask's origin), keeping its other keywords (a `null` allowed by an `Option`).
pub(crate) fn pair_in(x: Range, y: Range) -> impl FnMut(&mut Schema) {
    move |schema: &mut Schema| {
        schema.remove("items");
        schema.insert("prefixItems".into(), json!([number(x), number(y)]));
        schema.insert("items".into(), false.into());
    }
}

/// An `[x, y]` point on the scalp map.
pub(crate) fn map_point(schema: &mut Schema) {
    pair_in(MAP_X, MAP_Y)(schema);
}

/// A list of at least `min_items` points on the scalp map (a polygon's corners, a strip's line).
pub(crate) fn map_points(min_items: usize) -> impl FnMut(&mut Schema) {
    move |schema: &mut Schema| {
        let mut item = Schema::default();
        item.insert("type".into(), "array".into());
        item.insert("minItems".into(), 2.into());
        item.insert("maxItems".into(), 2.into());
        map_point(&mut item);
        schema.insert("items".into(), item.to_value());
        schema.insert("minItems".into(), min_items.into());
    }
}

/// Bounds on a string's length in characters.
pub(crate) fn chars(min: usize, max: usize) -> impl FnMut(&mut Schema) {
    move |schema: &mut Schema| {
        schema.insert("minLength".into(), min.into());
        schema.insert("maxLength".into(), max.into());
    }
}

/// Bounds on a list's length.
pub(crate) fn items(min: usize, max: usize) -> impl FnMut(&mut Schema) {
    move |schema: &mut Schema| {
        schema.insert("minItems".into(), min.into());
        schema.insert("maxItems".into(), max.into());
    }
}
