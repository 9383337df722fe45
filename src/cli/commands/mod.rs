//! One module per subcommand: each takes resolved options, calls the library, writes outputs.

pub mod presets;
pub mod preview;
pub mod sample;
pub mod serve;
pub mod stats;
pub mod stencil;
pub mod tune;
