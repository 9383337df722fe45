//! Values several subcommands share: views, looks, skin types, and numbers in a range.

use std::ops::RangeInclusive;

use clap::ValueEnum;

/// `--view`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ViewArg {
    /// Facing the client.
    Front,
    /// From above.
    Top,
    /// The client's left side.
    Left,
    /// The client's right side.
    Right,
    /// From behind.
    Back,
}

/// `--fit`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FitArg {
    /// Find the head in the photo (outline, orientation, scalp mask).
    Auto,
    /// No automatic fit: the head model centred in the photo, no scalp mask.
    None,
}

/// `--look`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LookArg {
    /// Right after a session: larger, darker dots.
    Fresh,
    /// Healed (a few weeks on).
    Healed,
    /// Years on: lighter, slightly spread (scars fade faster).
    Aged,
}

/// `--skin`: Fitzpatrick skin types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[allow(clippy::upper_case_acronyms)]
pub enum SkinArg {
    /// Type I: very fair.
    I,
    /// Type II: fair.
    II,
    /// Type III: medium.
    III,
    /// Type IV: olive.
    IV,
    /// Type V: brown.
    V,
    /// Type VI: dark brown to black.
    VI,
}

pub(super) fn parse_years(text: &str) -> Result<f64, String> {
    let (min, max) = bounds(&smpsim::Look::AGED_YEARS_RANGE);
    parse_in_range(text, min, max, "years")
}

pub(super) fn parse_in_range(text: &str, min: f64, max: f64, unit: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && (min..=max).contains(&value) => Ok(value),
        _ => Err(format!("expected a number from {min} to {max} {unit}")),
    }
}

/// A library range of whole numbers as clap's `value_parser!(…).range(…)` takes it, so the
/// grammar checks exactly what the library allows.
pub(super) fn whole_range<T: Copy + Into<i64>>(range: RangeInclusive<T>) -> RangeInclusive<i64> {
    (*range.start()).into()..=(*range.end()).into()
}

/// A library range of millimetres or years as a `parse_in_range` bound pair.
pub(super) fn bounds(range: &RangeInclusive<f32>) -> (f64, f64) {
    (f64::from(*range.start()), f64::from(*range.end()))
}

/// Sessions a plan may have: 1 to the most a preset may plan.
pub(super) fn session_range() -> RangeInclusive<i64> {
    1..=smpsim::spec::MAX_SESSIONS as i64
}
