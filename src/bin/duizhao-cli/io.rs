//! Input and output shared by the subcommands: `-` means standard input or output, files are decoded
//! through the document core (BOM, detection, or `--encoding`), and output files are written atomically.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};
use duizhao::document::decode::{self, Decoded};

/// Reads all of FILE (or standard input for `-`) as bytes.
pub fn read_bytes(path: &str) -> Result<Vec<u8>> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        Ok(buf)
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {path}"))
    }
}

/// Reads and decodes FILE (or `-`), honouring an `--encoding` override. Replaced bytes are reported on
/// standard error, never silently.
pub fn read_text(path: &str, encoding: Option<&str>) -> Result<Decoded> {
    let forced = encoding.map(decode::encoding_for_name).transpose()?;
    let bytes = read_bytes(path)?;
    let decoded = decode::decode(&bytes, forced);
    if decoded.replacements > 0 {
        eprintln!(
            "duizhao-cli: warning: {}: {} invalid byte sequence(s) in {} replaced with U+FFFD (first at byte {})",
            display_name(path),
            decoded.replacements,
            decoded.encoding.name(),
            decoded.first_bad_offset.unwrap_or(0)
        );
    }
    Ok(decoded)
}

/// Writes `bytes` to FILE atomically, or to standard output for `-` or no file.
pub fn write_output(path: Option<&str>, bytes: &[u8]) -> Result<()> {
    match path {
        None | Some("-") => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
        Some(p) => Ok(duizhao::export::write_atomic(Path::new(p), bytes)?),
    }
}

/// How a path is named in messages (`<stdin>` for `-`).
pub fn display_name(path: &str) -> &str {
    if path == "-" { "<stdin>" } else { path }
}
