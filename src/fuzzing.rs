//! The fuzz targets' bodies: one function per reader or transform, taking arbitrary bytes, as the
//! libFuzzer targets in `fuzz/` call them and as `cargo test` replays their seed corpora
//! (`tests/fuzz_corpus.rs`). A target fails by panicking (or by what AddressSanitizer sees); an error
//! returned for bad input is the expected outcome. Not part of the stable API.
//!
//! Main items: [`TARGETS`] and [`run`].

use std::path::Path;

use crate::NoProgress;

/// The targets, by the name of their `fuzz/fuzz_targets/*.rs` file and corpus folder.
pub const TARGETS: &[&str] = &[
    "decode", "segment", "document", "tmx", "tbx", "table", "clean", "convert", "beads",
];

/// Runs target `name` on `data`; `false` if there is no such target.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "decode" => decode(data),
        "segment" => segment(data),
        "document" => document(data),
        "tmx" => tmx(data),
        "tbx" => glossary_file("terms.tbx", data),
        "table" => table(data),
        "clean" => clean(data),
        "convert" => convert(data),
        "beads" => beads(data),
        _ => return false,
    }
    true
}

/// Encoding detection and decoding: the text is valid UTF-8 and replacements are counted.
pub fn decode(data: &[u8]) {
    let decoded = crate::document::decode::decode(data, None);
    assert!(decoded.replacements <= data.len());
}

/// The sentence segmenter: spans are in order, inside the text and on character boundaries.
pub fn segment(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut end = 0;
    for s in crate::document::segment::sentences(&text) {
        assert!(s.start >= end && s.end <= text.len() && s.start <= s.end);
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        end = s.end;
    }
}

/// Every document reader, chosen by the first byte (text, Markdown, HTML, DOCX).
pub fn document(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let name = match kind % 4 {
        0 => "release.txt",
        1 => "release.md",
        2 => "release.html",
        _ => "release.docx",
    };
    let options = crate::document::LoadOptions::default();
    if let Ok(doc) = crate::document::load_bytes(Path::new(name), rest, &options, &mut NoProgress) {
        for s in doc.sentences() {
            assert!(s.span.end <= doc.text.len());
        }
    }
}

/// The TMX reader.
pub fn tmx(data: &[u8]) {
    let _ = crate::tm::tmx::read_bytes(Path::new("memory.tmx"), data, &mut NoProgress);
}

/// The glossary importers (TSV, CSV, OmegaT by the first byte), parsing only.
pub fn table(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let name = match kind % 3 {
        0 => "terms.tsv",
        1 => "terms.csv",
        _ => "terms.txt",
    };
    glossary_file(name, rest);
}

fn glossary_file(name: &str, data: &[u8]) {
    let options = crate::glossary::ImportOptions::default();
    let _ = crate::glossary::exchange::parse(Path::new(name), data, &options);
}

/// The cleaning pipeline with every rule: changes are in order and inside the text.
pub fn clean(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let options = crate::clean::CleanOptions::default();
    if let Ok(report) = crate::clean::clean(&text, &options, &mut NoProgress) {
        let mut end = 0;
        for c in &report.changes {
            assert!(c.span.start >= end && c.span.end <= text.len(), "{c:?}");
            end = c.span.end;
        }
        let _ = report.cleaned();
    }
}

/// The converter, with the configuration chosen by the first byte: the output is no more than a few
/// times the input (a dictionary phrase is never much longer than what it replaces).
pub fn convert(data: &[u8]) {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let configs = crate::convert::Config::ALL;
    let config = configs[kind as usize % configs.len()];
    let text = String::from_utf8_lossy(rest);
    let out = crate::convert::Converter::new(config).convert(&text);
    assert!(out.len() <= text.len() * 4 + 16, "{config:?}");
}

/// The bead-file reader (`[0,1]:[0]`).
pub fn beads(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::align::export::parse_beads(&text, "beads.txt");
}
