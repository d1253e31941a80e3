//! Streaming conversion: text in, converted text out, in pieces, so memory stays flat on any input.
//!
//! Text is converted up to the last safe cut in what has arrived: a newline, or, on a very long line,
//! a char that no OpenCC dictionary key contains (。，！？； and spaces), after which no match can
//! start or end differently, so the output equals converting the whole text at once (a cut is also
//! moved back before an ideographic description sequence that may span it). Bytes come in
//! two ways: [`Utf8Input`] insists on valid UTF-8 (standard input) and names the offset of the first
//! bad byte; [`DecodingInput`] decodes any encoding the foundation's detection chose, replacing bad
//! bytes and counting them. Main types: [`ConvertWriter`], [`Utf8Input`], [`DecodingInput`].

use std::io::Write;

use encoding_rs::{DecoderResult, Encoding};

use super::Converter;

/// Pending text beyond which a long line is cut at the last safe char.
const MAX_PENDING: usize = 1 << 20;
/// Converted output is written in blocks of about this size.
const WRITE_BLOCK: usize = 64 * 1024;
/// Chars that appear in no OpenCC dictionary key (checked by a test), so cutting after one is exact.
const SAFE_CUTS: [char; 8] = ['\n', '。', '，', '！', '？', '；', ' ', '\t'];

/// Converts text pushed in pieces and writes the result to `W`.
pub struct ConvertWriter<'c, W: Write> {
    converter: &'c Converter,
    pending: String,
    out: String,
    writer: W,
}

impl<'c, W: Write> ConvertWriter<'c, W> {
    /// A writer converting with `converter` into `writer`.
    pub fn new(converter: &'c Converter, writer: W) -> Self {
        ConvertWriter {
            converter,
            pending: String::new(),
            out: String::new(),
            writer,
        }
    }

    /// Adds text; converts and writes whatever can be converted exactly already.
    pub fn push(&mut self, text: &str) -> std::io::Result<()> {
        self.pending.push_str(text);
        let cut = match self.pending.rfind('\n') {
            Some(i) => Some(i + 1),
            None if self.pending.len() > MAX_PENDING => self
                .pending
                .rfind(SAFE_CUTS)
                .map(|i| i + self.pending[i..].chars().next().map_or(1, char::len_utf8))
                // No safe char in a whole megabyte: cut anyway at a char boundary (a phrase
                // spanning exactly this point could convert differently).
                .or_else(|| {
                    Some(floor_char_boundary(
                        &self.pending,
                        self.pending.len() / 2 + 1,
                    ))
                }),
            None => None,
        };
        // An ideographic description sequence may run across a newline; never cut inside one.
        if let Some(cut) = cut
            .map(|c| super::ids::safe_cut(&self.pending, c))
            .filter(|&c| c > 0)
        {
            self.converter
                .convert_into(&self.pending[..cut], &mut self.out);
            self.pending.drain(..cut);
            if self.out.len() >= WRITE_BLOCK {
                self.writer.write_all(self.out.as_bytes())?;
                self.out.clear();
            }
        }
        Ok(())
    }

    /// Converts what is left, flushes, and returns the writer.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.converter.convert_into(&self.pending, &mut self.out);
        self.pending.clear();
        self.writer.write_all(self.out.as_bytes())?;
        self.writer.flush()?;
        Ok(self.writer)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Bytes that must be valid UTF-8, fed in chunks; a char split between chunks is carried over.
#[derive(Debug, Default)]
pub struct Utf8Input {
    carry: Vec<u8>,
    offset: u64,
}

impl Utf8Input {
    /// A fresh input at offset 0.
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates `chunk` and hands the complete text to `sink`. Returns the byte offset (from the
    /// start of the input) of the first invalid byte, if any.
    pub fn feed<E>(
        &mut self,
        chunk: &[u8],
        mut sink: impl FnMut(&str) -> Result<(), E>,
    ) -> Result<Result<(), u64>, E> {
        let joined;
        let bytes: &[u8] = if self.carry.is_empty() {
            chunk
        } else {
            self.carry.extend_from_slice(chunk);
            joined = std::mem::take(&mut self.carry);
            &joined
        };
        let start = self.offset;
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                self.offset += bytes.len() as u64;
                sink(s)?;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                let text = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                sink(text)?;
                if e.error_len().is_some() {
                    return Ok(Err(start + valid as u64));
                }
                // An incomplete char at the end: keep it for the next chunk.
                self.offset += valid as u64;
                self.carry = bytes[valid..].to_vec();
            }
        }
        Ok(Ok(()))
    }

    /// Ends the input; an incomplete char left over is invalid (its offset is returned).
    pub fn finish(&self) -> Result<(), u64> {
        if self.carry.is_empty() {
            Ok(())
        } else {
            Err(self.offset)
        }
    }
}

/// Bytes in a known encoding, fed in chunks and decoded with replacement of malformed sequences.
pub struct DecodingInput {
    decoder: encoding_rs::Decoder,
    text: String,
    offset: u64,
    /// How many malformed sequences were replaced by U+FFFD.
    pub replacements: usize,
    /// Byte offset of the first malformed sequence.
    pub first_bad_offset: Option<u64>,
}

impl DecodingInput {
    /// Decodes `encoding` (any byte-order mark must already be skipped; `offset` counts it).
    pub fn new(encoding: &'static Encoding, offset: u64) -> Self {
        DecodingInput {
            decoder: encoding.new_decoder_without_bom_handling(),
            text: String::new(),
            offset,
            replacements: 0,
            first_bad_offset: None,
        }
    }

    /// Decodes `chunk` (`last`: no more bytes follow) and hands the text to `sink`.
    pub fn feed<E>(
        &mut self,
        chunk: &[u8],
        last: bool,
        mut sink: impl FnMut(&str) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut consumed = 0;
        loop {
            self.text.clear();
            self.text.reserve(
                self.decoder
                    .max_utf8_buffer_length_without_replacement(chunk.len() - consumed)
                    .unwrap_or(chunk.len() * 3 + 16),
            );
            let (result, read) = self.decoder.decode_to_string_without_replacement(
                &chunk[consumed..],
                &mut self.text,
                last,
            );
            consumed += read;
            match result {
                DecoderResult::InputEmpty => {
                    sink(&self.text)?;
                    break;
                }
                DecoderResult::OutputFull => sink(&self.text)?,
                DecoderResult::Malformed(bad, after) => {
                    self.replacements += 1;
                    let at = (self.offset + consumed as u64)
                        .saturating_sub(u64::from(bad) + u64::from(after));
                    self.first_bad_offset.get_or_insert(at);
                    self.text.push('\u{FFFD}');
                    sink(&self.text)?;
                }
            }
        }
        self.offset += chunk.len() as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::convert::Config;

    fn stream(config: Config, pieces: &[&str]) -> String {
        let c = Converter::new(config);
        let mut w = ConvertWriter::new(&c, Vec::new());
        for p in pieces {
            w.push(p).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    #[test]
    fn pieces_convert_like_the_whole() {
        let text = "软件和信息\n之后，基于云计算。\n\n⿰\n車爾後⿰车\n没有换行的最后一行";
        for config in [Config::S2twp, Config::S2t, Config::T2s] {
            let whole = Converter::new(config).convert(text);
            // Split at every char boundary, including inside phrases.
            for (i, _) in text.char_indices() {
                assert_eq!(
                    stream(config, &[&text[..i], &text[i..]]),
                    whole,
                    "{config} split at {i}"
                );
            }
        }
        assert_eq!(stream(Config::S2t, &[]), "");
    }

    #[test]
    fn safe_cut_chars_are_in_no_dictionary_key() {
        for dict in crate::convert::dict::all() {
            for (key, _) in dict.entries() {
                assert!(!key.contains(SAFE_CUTS), "{}: {key}", dict.name);
            }
        }
    }

    #[test]
    fn long_lines_are_cut_safely() {
        let line = "之后，基于云计算".repeat(MAX_PENDING / 20);
        let c = Converter::new(Config::S2twp);
        assert_eq!(
            stream(Config::S2twp, &[&line, &line]),
            c.convert(&(line.clone() + &line))
        );
    }

    #[test]
    fn utf8_input_carries_split_chars_and_names_bad_offsets() {
        let bytes = "之后x".as_bytes();
        let mut got = String::new();
        let mut input = Utf8Input::new();
        for b in bytes {
            let r: Result<_, ()> = input.feed(std::slice::from_ref(b), |s| {
                got.push_str(s);
                Ok(())
            });
            assert_eq!(r, Ok(Ok(())));
        }
        assert_eq!((got.as_str(), input.finish()), ("之后x", Ok(())));
        let mut input = Utf8Input::new();
        let r: Result<_, ()> = input.feed(b"ab", |_| Ok(()));
        assert_eq!(r, Ok(Ok(())));
        let r: Result<_, ()> = input.feed(b"c\xFFd", |_| Ok(()));
        assert_eq!(r, Ok(Err(3)));
        let mut input = Utf8Input::new();
        let _: Result<_, ()> = input.feed(&"之".as_bytes()[..2], |_| Ok(()));
        assert_eq!(input.finish(), Err(0));
    }

    #[test]
    fn decoding_input_replaces_and_counts() {
        let gbk = encoding_rs::GBK.encode("之后").0.into_owned();
        let mut bytes = gbk.clone();
        bytes.push(0xFF);
        bytes.extend_from_slice(&gbk);
        let mut input = DecodingInput::new(encoding_rs::GBK, 0);
        let mut got = String::new();
        for (i, chunk) in bytes.chunks(3).enumerate() {
            let last = (i + 1) * 3 >= bytes.len();
            let _: Result<(), ()> = input.feed(chunk, last, |s| {
                got.push_str(s);
                Ok(())
            });
        }
        assert_eq!(got, "之后\u{FFFD}之后");
        assert_eq!((input.replacements, input.first_bad_offset), (1, Some(4)));
    }
}
