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

/// Refuses an output that is one of the inputs: duizhao-cli never writes over a file it was given to read.
pub fn refuse_input_as_output(output: Option<&str>, inputs: &[&str]) -> Result<()> {
    let Some(out) = output.filter(|o| *o != "-") else {
        return Ok(());
    };
    for input in inputs.iter().filter(|i| **i != "-") {
        if duizhao::export::same_file(Path::new(input), Path::new(out)) {
            anyhow::bail!(
                "{out} is one of the input files: duizhao-cli never writes over its input; choose another output file"
            );
        }
    }
    Ok(())
}

/// Refuses an output folder that already holds files (they would be replaced) unless `force` is given.
pub fn refuse_nonempty_folder(dir: &Path, force: bool) -> Result<()> {
    let n = duizhao::export::entries_in(dir)?;
    if n > 0 && !force {
        anyhow::bail!(
            "{} already holds {n} entr{}: files with the same names would be replaced; choose an empty or new folder, or give --force",
            dir.display(),
            if n == 1 { "y" } else { "ies" }
        );
    }
    Ok(())
}

/// How a path is named in messages (`<stdin>` for `-`).
pub fn display_name(path: &str) -> &str {
    if path == "-" { "<stdin>" } else { path }
}
