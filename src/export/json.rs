//! JSON: an array of objects with the same keys as the CSV columns.

use std::io::{self, Write};

use super::csv::zone_name;
use super::number::{push_milli, push_milli_trimmed, push_unsigned};
use super::{JSON_FRAME, write_table};
use crate::geom::MapPoint;
use crate::plan::Plan;

/// Writes `[{"x_mm":…,"y_mm":…}, …]`, one object per line.
pub fn write_points_json(points: &[MapPoint], mut out: impl Write) -> io::Result<()> {
    write_table(points, &JSON_FRAME, &mut out, |text, p| {
        text.extend_from_slice(b"{\"x_mm\":");
        push_milli(text, p.x_mm);
        text.extend_from_slice(b",\"y_mm\":");
        push_milli(text, p.y_mm);
        text.push(b'}');
    })
}

/// Writes every dot of `plan` as an array of objects with the keys `x_mm`, `y_mm`,
/// `diameter_mm`, `dilution`, `session` and `zone`.
pub fn write_dots_json(plan: &Plan, mut out: impl Write) -> io::Result<()> {
    // Zone names come from presets; serde_json escapes them properly once, up front.
    let zone_names: Vec<String> = (0..plan.zones.len())
        .map(|index| serde_json::to_string(zone_name(plan, index as u16)).unwrap_or_default())
        .collect();
    write_table(&plan.dots, &JSON_FRAME, &mut out, |text, dot| {
        text.extend_from_slice(b"{\"x_mm\":");
        push_milli(text, dot.position.x_mm);
        text.extend_from_slice(b",\"y_mm\":");
        push_milli(text, dot.position.y_mm);
        text.extend_from_slice(b",\"diameter_mm\":");
        push_milli_trimmed(text, dot.diameter_mm);
        text.extend_from_slice(b",\"dilution\":");
        push_milli_trimmed(text, dot.dilution);
        text.extend_from_slice(b",\"session\":");
        push_unsigned(text, u64::from(dot.session));
        text.extend_from_slice(b",\"zone\":");
        let name = zone_names.get(usize::from(dot.zone)).map_or("\"\"", String::as_str);
        text.extend_from_slice(name.as_bytes());
        text.push(b'}');
    })
}
