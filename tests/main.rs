//! Integration tests, compiled as one binary (ripgrep's layout): CLI runs in temporary folders,
//! conformance checks against `../shared/conformance`, and GUI tests with egui_kittest.

mod convert;
mod util;
