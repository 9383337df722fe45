//! `--vary PATH=V1,V2,…`: the values one preset key takes across a variation sheet, and the
//! presets of the sheet's cells, each validated exactly like a preset file.

use std::str::FromStr;

use super::TuneError;
use crate::preset::Preset;

/// Most cells a sheet may have: 6 × 6 previews of 600 px already make a 3800-px-wide sheet.
pub const MAX_SHEET_CELLS: usize = 36;

/// Most `--vary` axes: the first varies along the columns, the second along the rows.
pub const MAX_VARY_AXES: usize = 2;

/// One preset key and the values it takes, as given by `--vary PATH=V1,V2,…`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variation {
    /// JSON path in the preset's own key names, e.g. `hairline.height_mm`.
    pub path: String,
    /// Each value as written (JSON; a bare word is a string), in order.
    pub values: Vec<String>,
}

impl FromStr for Variation {
    type Err = TuneError;

    /// Parses `PATH=V1,V2,…`; commas inside `[…]`, `{…}` or quotes belong to one value, so a
    /// point such as `[10,20]` is one value.
    fn from_str(text: &str) -> Result<Self, TuneError> {
        let syntax = |message: &str| TuneError::VarySyntax {
            text: super::shortened(text),
            message: message.to_string(),
        };
        let (path, list) = text
            .split_once('=')
            .ok_or_else(|| syntax("expected PATH=V1,V2,…, e.g. hairline.height_mm=70,80,90"))?;
        let path = path.trim();
        if path.is_empty() {
            return Err(syntax("the PATH before `=` is empty"));
        }
        let values = split_values(list).ok_or_else(|| syntax("unbalanced brackets or quotes"))?;
        if values.iter().any(String::is_empty) {
            return Err(syntax("an empty value; separate values with single commas"));
        }
        Ok(Self { path: path.to_string(), values })
    }
}

/// Splits at commas outside brackets and strings; `None` if they do not balance.
fn split_values(list: &str) -> Option<Vec<String>> {
    let (mut values, mut current) = (Vec::new(), String::new());
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    for c in list.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '[' | '{' if !in_string => depth += 1,
            ']' | '}' if !in_string => depth -= 1,
            ',' if !in_string && depth == 0 => {
                values.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        if depth < 0 {
            return None;
        }
        current.push(c);
    }
    if depth != 0 || in_string {
        return None;
    }
    values.push(current.trim().to_string());
    Some(values)
}

/// One cell of a sheet: its preset and which value of each axis it shows.
#[derive(Clone, Debug)]
pub struct SheetCell {
    /// The base preset with this cell's values applied and validated.
    pub preset: Preset,
    /// Column, from 0 (the first `--vary`'s value index).
    pub column: usize,
    /// Row, from 0 (the second `--vary`'s value index; 0 with one `--vary`).
    pub row: usize,
}

/// The presets of every cell, row by row: `base` with the first variation's value of the cell's
/// column and the second's of its row. Every value is checked on its own and in every
/// combination before anything is rendered, and errors name `--vary PATH=VALUE`.
pub fn sheet_cells(base: &Preset, variations: &[Variation]) -> Result<Vec<SheetCell>, TuneError> {
    if variations.is_empty() {
        return Err(TuneError::NoVariation);
    }
    if variations.len() > MAX_VARY_AXES {
        return Err(TuneError::TooManyAxes { count: variations.len() });
    }
    if let [columns, rows] = variations
        && columns.path == rows.path
    {
        // The second would overwrite the first in every cell: the columns would not differ.
        return Err(TuneError::SameAxis { path: super::shortened(&columns.path) });
    }
    let columns = variations[0].values.len();
    let rows = variations.get(1).map_or(1, |v| v.values.len());
    if columns * rows > MAX_SHEET_CELLS {
        return Err(TuneError::TooManyCells { columns, rows });
    }
    let with = |preset: &Preset, axis: &Variation, value: &str| {
        let origin = format!("variation {}={value}", axis.path);
        preset.with_override_from(&axis.path, value, &super::shortened(&origin))
    };
    // Each value alone first, so the error names the value at fault rather than a combination.
    for axis in variations {
        for value in &axis.values {
            with(base, axis, value)?;
        }
    }
    let mut cells = Vec::with_capacity(columns * rows);
    for row in 0..rows {
        for (column, value) in variations[0].values.iter().enumerate() {
            let mut preset = with(base, &variations[0], value)?;
            if let Some(axis) = variations.get(1) {
                preset = with(&preset, axis, &axis.values[row])?;
            }
            cells.push(SheetCell { preset, column, row });
        }
    }
    Ok(cells)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Preset {
        Preset::builtin("norwood-4").unwrap()
    }

    #[test]
    fn values_split_at_top_level_commas_only() {
        let v: Variation =
            "zones[1].total.region.polygon.points_mm=[[0,1],[2,3]], 7 ,\"a,b\"".parse().unwrap();
        assert_eq!(v.path, "zones[1].total.region.polygon.points_mm");
        assert_eq!(v.values, ["[[0,1],[2,3]]", "7", "\"a,b\""]);
        for bad in ["hairline.height_mm", "=1,2", "a=1,,2", "a=[1,2", "a=1]", "a=\"x"] {
            assert!(bad.parse::<Variation>().is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn cells_run_along_columns_then_rows_with_both_values_applied() {
        let columns: Variation = "hairline.height_mm=70,80,90".parse().unwrap();
        let rows: Variation = "sessions[2].dilution=10,12".parse().unwrap();
        let cells = sheet_cells(&base(), &[columns, rows]).unwrap();
        assert_eq!(cells.len(), 6);
        let got: Vec<(usize, usize, f64, f64)> = cells
            .iter()
            .map(|c| {
                let spec = c.preset.spec();
                (c.column, c.row, spec.hairline.height_mm, spec.sessions[2].dilution)
            })
            .collect();
        assert_eq!(got[0], (0, 0, 70.0, 10.0));
        assert_eq!(got[2], (2, 0, 90.0, 10.0));
        assert_eq!(got[4], (1, 1, 80.0, 12.0));
    }

    #[test]
    fn bad_values_and_too_many_cells_are_refused_naming_the_flag() {
        let bad: Variation = "hairline.height_mm=80,999".parse().unwrap();
        let message = sheet_cells(&base(), &[bad]).unwrap_err().to_string();
        assert!(message.contains("variation hairline.height_mm=999"), "{message}");
        assert!(message.contains("out of range"), "{message}");
        let wide: Variation = "seed_dummy=1,2,3,4,5,6,7".parse().unwrap();
        let tall: Variation = "hairline.height_mm=60,65,70,75,80,85".parse().unwrap();
        let message = sheet_cells(&base(), &[wide, tall.clone()]).unwrap_err().to_string();
        assert!(message.contains("42 cells") && message.contains("36"), "{message}");
        let message = sheet_cells(&base(), &[tall.clone(), tall]).unwrap_err().to_string();
        assert!(message.contains("both variations name hairline.height_mm"), "{message}");
    }
}
