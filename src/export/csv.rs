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
/// the zone's name and `dilution` the N of an N:1 pigment dilution.
pub fn write_dots_csv(plan: &Plan, mut out: impl Write) -> io::Result<()> {
    let frame = csv_frame(b"x_mm,y_mm,diameter_mm,dilution,session,zone\n");
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
        text.extend_from_slice(zone_name(plan, dot.zone).as_bytes());
        text.push(b'\n');
    })
}

/// The name of zone `index`, or an empty string for an index the plan does not list.
pub(super) fn zone_name(plan: &Plan, index: u16) -> &str {
    plan.zones.get(usize::from(index)).map_or("", |zone| zone.name.as_str())
}
