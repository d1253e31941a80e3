//! Simplified ⇄ Traditional conversion with OpenCC 1.4's exact semantics, in pure Rust (in progress:
//! the embedded dictionaries).
//!
//! The dictionaries are OpenCC 1.4.2's (Apache-2.0), see `assets/opencc/README.md`.

#[allow(dead_code)]
mod dict;
