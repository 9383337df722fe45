//! Preset errors: one line naming the file, the JSON path, line and column where known, the value
//! and what is allowed.

use std::fmt;

/// Where in a preset something is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file name or built-in name the text came from.
    pub source_name: String,
    /// JSON path such as `zones[1].total.feather_mm` (`.` for the whole document).
    pub path: String,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// 1-based column, where known.
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source_name)?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, ": {}", self.path)
    }
}

/// Why a preset was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PresetError {
    /// Not JSON, a wrong type, a missing or unknown key.
    #[error("{location}: {message}")]
    Json {
        /// Where.
        location: Box<Location>,
        /// serde's description (e.g. "unknown field `x`, expected one of ...").
        message: String,
    },
    /// A number outside its allowed range (or not finite).
    #[error("{location} = {value} is out of range: allowed {allowed}")]
    OutOfRange {
        /// Where.
        location: Box<Location>,
        /// The value as written.
        value: String,
        /// The allowed range with its unit, e.g. `50–150 mm`.
        allowed: String,
    },
    /// Values that are each fine but do not fit together.
    #[error("{location}: {message}")]
    Inconsistent {
        /// Where.
        location: Box<Location>,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// A mask image the preset names was not supplied by the caller.
    #[error("{location}: mask image `{mask_path}` was not supplied (it must be decoded first)")]
    MissingMask {
        /// Where.
        location: Box<Location>,
        /// The path as written in the preset.
        mask_path: String,
    },
    /// A `--set PATH=VALUE` override that does not fit the preset.
    #[error("{location}: cannot set: {message}")]
    Override {
        /// Where.
        location: Box<Location>,
        /// What went wrong.
        message: String,
    },
}

impl PresetError {
    /// Where the error is.
    pub fn location(&self) -> &Location {
        match self {
            PresetError::Json { location, .. }
            | PresetError::OutOfRange { location, .. }
            | PresetError::Inconsistent { location, .. }
            | PresetError::MissingMask { location, .. }
            | PresetError::Override { location, .. } => location,
        }
    }
}
