//! CSV: a header line, then one dot per line.

use std::io::{self, Write};

use super::number::{push_milli, push_milli_trimmed, push_unsigned};
use super::{csv_frame, write_table};
use crate::geom::MapPoint;
use crate::plan::Plan;

/// Writes `x_mm,y_mm` and one line per point, coordinates in mm with three decimals.
pub fn write_points_csv(points: &[MapPoint], mut out: impl Write) -> io::Result<()> {
    write_table(points, &csv_frame(b"x_mm,y_mm\n"), &mut out, |text, p| {
        push_milli(text, p.x_mm);
        text.push(b',');
        push_milli(text, p.y_mm);
        text.push(b'\n');
    })
}

/// Writes every dot of `plan` as `x_mm,y_mm,diameter_mm,dilution,session,zone`, where `zone` is
/// the zone's name (quoted as RFC 4180 asks when it holds a comma, quote or line break) and
/// `dilution` the N of an N:1 pigment dilution.
pub fn write_dots_csv(plan: &Plan, mut out: impl Write) -> io::Result<()> {
    let frame = csv_frame(b"x_mm,y_mm,diameter_mm,dilution,session,zone\n");
    // Each zone's field once, not once per dot.
    let zone_fields: Vec<Vec<u8>> = plan.zones.iter().map(|zone| csv_field(&zone.name)).collect();
    write_table(&plan.dots, &frame, &mut out, |text, dot| {
        push_milli(text, dot.position.x_mm);
        text.push(b',');
        push_milli(text, dot.position.y_mm);
        text.push(b',');
        push_milli_trimmed(text, dot.diameter_mm);
        text.push(b',');
        push_milli_trimmed(text, dot.dilution);
        text.push(b',');
        push_unsigned(text, u64::from(dot.session));
        text.push(b',');
        text.extend_from_slice(zone_fields.get(usize::from(dot.zone)).map_or(&[], Vec::as_slice));
        text.push(b'\n');
    })
}

/// `text` as one CSV field: as it is, or in double quotes with its quotes doubled when it holds
/// a comma, a quote or a line break (RFC 4180).
fn csv_field(text: &str) -> Vec<u8> {
    if !text.contains([',', '"', '\n', '\r']) {
        return text.as_bytes().to_vec();
    }
    let mut field = Vec::with_capacity(text.len() + 2);
    field.push(b'"');
    for byte in text.bytes() {
        if byte == b'"' {
            field.push(b'"');
        }
        field.push(byte);
    }
    field.push(b'"');
    field
}

/// The name of zone `index`, or an empty string for an index the plan does not list.
pub(super) fn zone_name(plan: &Plan, index: u16) -> &str {
    plan.zones.get(usize::from(index)).map_or("", |zone| zone.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        assert_eq!(csv_field("crown"), b"crown");
        assert_eq!(csv_field("top, left"), b"\"top, left\"");
        assert_eq!(csv_field("the \"bridge\""), b"\"the \"\"bridge\"\"\"");
        assert_eq!(csv_field("a\nb"), b"\"a\nb\"");
    }
}
