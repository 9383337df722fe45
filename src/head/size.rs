//! The head's measurements, with the ranges an adult head falls in.

use std::fmt;
use std::str::FromStr;

/// Measurements of the head the scalp map is wrapped onto, mm.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadSize {
    /// Glabella to the back of the head, mm (allowed 150–260). Default: 195.
    pub length_mm: f32,
    /// Widest side-to-side breadth, mm (allowed 110–220). Default: 155.
    pub breadth_mm: f32,
    /// Height of the vault (top of the head) above the glabella, mm (allowed 60–160).
    /// Default: 125, which puts the top of the head about 175 mm of arc behind the glabella and
    /// gives a glabella-to-back arc of about 350 mm at glabella level (adult range 340–370).
    pub height_mm: f32,
}

impl Default for HeadSize {
    fn default() -> Self {
        Self { length_mm: 195.0, breadth_mm: 155.0, height_mm: 125.0 }
    }
}

/// Why a head size was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum HeadError {
    /// A measurement lies outside the range of adult heads.
    #[error("head {field} of {value_mm} mm is outside the allowed {min_mm}–{max_mm} mm")]
    OutOfRange {
        /// Which measurement (`length_mm`, `breadth_mm`, `height_mm`).
        field: &'static str,
        /// The value given, mm.
        value_mm: f32,
        /// Smallest allowed, mm.
        min_mm: f32,
        /// Largest allowed, mm.
        max_mm: f32,
    },
    /// The text is not `LENGTHxBREADTHxHEIGHT`.
    #[error("head size `{text}` is not LENGTHxBREADTHxHEIGHT in mm (e.g. 195x155x125)")]
    Syntax {
        /// The text given.
        text: String,
    },
}

impl HeadSize {
    /// Checks every measurement against the adult ranges documented on the fields.
    pub fn validate(&self) -> Result<(), HeadError> {
        let check = |field, value_mm: f32, min_mm, max_mm| {
            if (min_mm..=max_mm).contains(&value_mm) {
                Ok(())
            } else {
                Err(HeadError::OutOfRange { field, value_mm, min_mm, max_mm })
            }
        };
        check("length_mm", self.length_mm, 150.0, 260.0)?;
        check("breadth_mm", self.breadth_mm, 110.0, 220.0)?;
        check("height_mm", self.height_mm, 60.0, 160.0)
    }
}

impl FromStr for HeadSize {
    type Err = HeadError;

    /// Parses `LENGTHxBREADTHxHEIGHT` in mm, e.g. `195x155x125`, and validates it.
    fn from_str(text: &str) -> Result<Self, HeadError> {
        let syntax = || HeadError::Syntax { text: text.to_owned() };
        let parts: Vec<f32> = text
            .split(['x', 'X'])
            .map(|p| p.trim().parse::<f32>().map_err(|_| syntax()))
            .collect::<Result<_, _>>()?;
        let [length_mm, breadth_mm, height_mm] = parts[..] else {
            return Err(syntax());
        };
        let size = Self { length_mm, breadth_mm, height_mm };
        size.validate()?;
        Ok(size)
    }
}

impl fmt::Display for HeadSize {
    /// Formats as `LENGTHxBREADTHxHEIGHT`, the form [`FromStr`] reads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}x{}", self.length_mm, self.breadth_mm, self.height_mm)
    }
}
