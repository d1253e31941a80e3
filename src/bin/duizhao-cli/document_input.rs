//! Opening a FILE argument (or `-`) as a segmented document, for `info` and `segment`.

use std::path::Path;

use anyhow::Result;
use duizhao::document::{self, Document, LoadOptions};
use duizhao::{NoProgress, document::decode};

use crate::io;

/// Opens FILE (or standard input for `-`) with optional encoding and format overrides.
pub fn open(path: &str, encoding: Option<&str>) -> Result<Document> {
    let options = LoadOptions {
        encoding: encoding.map(decode::encoding_for_name).transpose()?,
        format: None,
    };
    let doc = if path == "-" {
        let bytes = io::read_bytes(path)?;
        let mut doc =
            document::load_bytes(Path::new("<stdin>"), &bytes, &options, &mut NoProgress)?;
        doc.name = "<stdin>".into();
        doc
    } else {
        document::load_path(Path::new(path), &options, &mut NoProgress)?
    };
    if doc.replacements > 0 {
        eprintln!(
            "duizhao-cli: warning: {}: {} invalid byte sequence(s) replaced with U+FFFD (first at byte {}); try --encoding",
            doc.name,
            doc.replacements,
            doc.first_bad_offset.unwrap_or(0)
        );
    }
    Ok(doc)
}
