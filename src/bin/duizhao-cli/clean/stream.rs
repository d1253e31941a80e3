//! Streaming for `clean`: decoding a file of any size a block at a time, cleaning it chunk by chunk with the
//! core's [`StreamCleaner`], writing each cleaned chunk at once, and driving the progress bar.

use std::io::{Read, Write};

use anyhow::{Context, Result};
use duizhao::clean::{self, Change, ChangeKind, CleanOptions, StreamCleaner};
use duizhao::convert::Converter;
use duizhao::document::decode;
use encoding_rs::Encoding;
use indicatif::{ProgressBar, ProgressStyle};

use super::Outcome;

pub(super) fn progress_bar(size: Option<u64>, name: &str) -> ProgressBar {
    match size {
        Some(n) if n > 4 << 20 => {
            let bar = ProgressBar::new(n);
            if let Ok(style) =
                ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(format!("cleaning {name}"));
            bar
        }
        _ => ProgressBar::hidden(),
    }
}

/// Counts and (optionally) changes gathered while streaming.
pub(super) struct StreamState {
    cleaner: StreamCleaner,
    chunk_bytes: usize,
    keep_changes: bool,
    /// Converts the cleaned text to another script before it is written.
    converter: Option<Converter>,
    changes: Vec<Change>,
    per_rule: Vec<(clean::Rule, usize, usize)>,
    bytes_in: u64,
    offset: usize,
}

impl StreamState {
    pub(super) fn new(
        options: CleanOptions,
        keep_changes: bool,
        converter: Option<Converter>,
    ) -> Self {
        StreamState {
            chunk_bytes: options.chunk_bytes,
            cleaner: StreamCleaner::new(options),
            keep_changes,
            converter,
            changes: Vec::new(),
            per_rule: Vec::new(),
            bytes_in: 0,
            offset: 0,
        }
    }

    /// Cleans one chunk and writes the result.
    fn chunk(&mut self, text: &str, is_last: bool, out: &mut dyn Write) -> std::io::Result<()> {
        let changes = self.cleaner.clean_chunk(text, is_last);
        let accepted: Vec<bool> = changes.iter().map(|c| c.kind == ChangeKind::Fix).collect();
        let cleaned = clean::apply(text, &changes, &accepted);
        match &self.converter {
            // Chunks end at line breaks, so no phrase is cut in two.
            Some(converter) => out.write_all(converter.convert(&cleaned).as_bytes())?,
            None => out.write_all(cleaned.as_bytes())?,
        }
        for c in changes {
            match self.per_rule.iter_mut().find(|(r, _, _)| *r == c.rule) {
                Some((_, f, g)) => *(if c.kind == ChangeKind::Fix { f } else { g }) += 1,
                None => self.per_rule.push((
                    c.rule,
                    usize::from(c.kind == ChangeKind::Fix),
                    usize::from(c.kind == ChangeKind::Flag),
                )),
            }
            if self.keep_changes {
                let mut c = c;
                c.span = c.span.start + self.offset..c.span.end + self.offset;
                self.changes.push(c);
            }
        }
        self.offset += text.len();
        Ok(())
    }

    pub(super) fn into_outcome(mut self) -> Outcome {
        self.per_rule
            .sort_by_key(|(r, _, _)| clean::Rule::ALL.iter().position(|x| x == r));
        Outcome {
            bytes_in: self.bytes_in,
            fixes: self.per_rule.iter().map(|(_, f, _)| f).sum(),
            flags: self.per_rule.iter().map(|(_, _, g)| g).sum(),
            per_rule: self.per_rule,
            changes: self.changes,
            metadata: self.cleaner.into_metadata(),
        }
    }
}

/// Reads, decodes and cleans `reader` chunk by chunk into `out`.
pub(super) fn stream(
    reader: &mut dyn Read,
    forced: Option<&'static Encoding>,
    name: &str,
    state: &mut StreamState,
    out: &mut dyn Write,
    bar: &ProgressBar,
) -> Result<()> {
    let chunk = state.chunk_bytes.max(1024);
    let mut raw = vec![0u8; chunk];
    // Sniff the encoding on the first block (byte-order mark, else detection), then decode as a stream.
    let mut head = Vec::new();
    while head.len() < 64 * 1024 {
        let n = reader
            .read(&mut raw)
            .with_context(|| format!("reading {name}"))?;
        if n == 0 {
            break;
        }
        head.extend_from_slice(&raw[..n]);
    }
    let encoding = forced.unwrap_or_else(|| decode::decode(&head, None).encoding);
    let mut decoder = match forced {
        Some(enc) => enc.new_decoder_without_bom_handling(),
        None => encoding.new_decoder_with_bom_removal(),
    };
    let mut text = String::new();
    let mut replaced = false;
    let mut pending: Vec<u8> = head;
    let mut eof = pending.is_empty();
    loop {
        if !pending.is_empty() || eof {
            state.bytes_in += pending.len() as u64;
            bar.inc(pending.len() as u64);
            let needed = decoder
                .max_utf8_buffer_length(pending.len())
                .unwrap_or(pending.len() * 3 + 16);
            text.reserve(needed);
            let (_, _, had) = decoder.decode_to_string(&pending, &mut text, eof);
            replaced |= had;
            pending.clear();
        }
        // Clean whole chunks while there is more than one; keep the tail for the next read.
        while text.len() > 2 * chunk || (eof && !text.is_empty()) {
            let cut = clean::split_point(&text, chunk);
            let is_last = eof && cut == text.len();
            if !is_last && cut == text.len() {
                break;
            }
            state
                .chunk(&text[..cut], is_last, out)
                .with_context(|| format!("writing the cleaned {name}"))?;
            text.drain(..cut);
        }
        if eof {
            break;
        }
        let n = reader
            .read(&mut raw)
            .with_context(|| format!("reading {name}"))?;
        if n == 0 {
            eof = true;
        } else {
            pending.extend_from_slice(&raw[..n]);
        }
    }
    if replaced {
        eprintln!(
            "duizhao-cli: warning: {name}: invalid byte sequences in {} replaced with U+FFFD (flagged by the mojibake rule)",
            encoding.name()
        );
    }
    Ok(())
}
