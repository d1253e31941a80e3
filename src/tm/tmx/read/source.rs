//! The bytes under the reader, streamed: [`Decoding`] turns a file in any encoding into UTF-8 a block at a
//! time (refusing bytes that are not valid in it), and [`Tracked`] counts lines as the parser consumes
//! text, so that an error names its line (and column) without the file ever being held whole.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs::{Decoder, DecoderResult, Encoding};

/// Bytes read from the file at a time.
const BLOCK: usize = 256 * 1024;

/// Decodes `inner` (in `encoding`, its BOM already skipped) to UTF-8 as it is read. Malformed input is an
/// [`io::ErrorKind::InvalidData`] error; a character cut off by the end of the file ends the text there
/// (the XML parser then says where the truncated document breaks off).
pub struct Decoding<R> {
    inner: R,
    decoder: Decoder,
    raw: Vec<u8>,
    raw_start: usize,
    raw_end: usize,
    eof: bool,
    out: Vec<u8>,
    out_start: usize,
    /// Bad bytes were met: once the text before them is handed out, reading fails.
    poisoned: bool,
    /// Bytes read from `inner` so far, for progress.
    read: Arc<AtomicU64>,
}

impl<R: Read> Decoding<R> {
    /// A decoder over `inner`; `read` counts the raw bytes taken from it.
    pub fn new(inner: R, encoding: &'static Encoding, read: Arc<AtomicU64>) -> Self {
        Decoding {
            inner,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: vec![0; BLOCK],
            raw_start: 0,
            raw_end: 0,
            eof: false,
            out: Vec::with_capacity(BLOCK * 3 + 16),
            out_start: 0,
            poisoned: false,
            read,
        }
    }

    /// Decodes more into `out`; false at the end of the text.
    fn refill(&mut self) -> io::Result<bool> {
        self.out.clear();
        self.out_start = 0;
        loop {
            if self.raw_start == self.raw_end && !self.eof {
                let n = self.inner.read(&mut self.raw)?;
                self.read.fetch_add(n as u64, Ordering::Relaxed);
                self.raw_start = 0;
                self.raw_end = n;
                self.eof = n == 0;
            }
            let input = &self.raw[self.raw_start..self.raw_end];
            let room = self
                .decoder
                .max_utf8_buffer_length_without_replacement(input.len())
                .unwrap_or(BLOCK * 3)
                .max(16);
            self.out.resize(room, 0);
            let (result, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(input, &mut self.out, self.eof);
            self.raw_start += read;
            self.out.truncate(written);
            if let DecoderResult::Malformed(_, _) = result {
                if self.eof && self.raw_start == self.raw_end {
                    // A character cut off at the end of the file.
                    return Ok(!self.out.is_empty());
                }
                self.poisoned = true;
                if self.out.is_empty() {
                    return Err(malformed(self.decoder.encoding()));
                }
                return Ok(true);
            }
            if !self.out.is_empty() {
                return Ok(true);
            }
            if self.eof {
                return Ok(false);
            }
        }
    }
}

fn malformed(encoding: &'static Encoding) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!(
            "the file is not valid {} (and declares no other encoding)",
            encoding.name()
        ),
    )
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Decoding<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.out_start == self.out.len() {
            if self.poisoned {
                return Err(malformed(self.decoder.encoding()));
            }
            if !self.refill()? {
                return Ok(&[]);
            }
        }
        Ok(&self.out[self.out_start..])
    }

    fn consume(&mut self, n: usize) {
        self.out_start = (self.out_start + n).min(self.out.len());
    }
}

/// Newline offsets remembered for locating errors: far more lines than one event spans.
const RECENT_LINES: usize = 1 << 12;
/// Bytes of the current line kept for counting columns in characters.
const LINE_TAIL: usize = 1 << 20;

/// A [`BufRead`] that counts lines in what the parser consumes.
pub struct Tracked<B> {
    inner: B,
    consumed: u64,
    /// Offsets of the latest newlines (just past each `\n`), oldest first.
    recent: VecDeque<u64>,
    /// Newlines no longer in `recent`.
    forgotten: u64,
    /// The current line's bytes (its end, when it is very long) and how many characters came before them.
    tail: Vec<u8>,
    tail_start: u64,
    tail_chars_before: u64,
}

impl<B: BufRead> Tracked<B> {
    /// Tracks lines of `inner`.
    pub fn new(inner: B) -> Self {
        Tracked {
            inner,
            consumed: 0,
            recent: VecDeque::new(),
            forgotten: 0,
            tail: Vec::new(),
            tail_start: 0,
            tail_chars_before: 0,
        }
    }

    /// The 1-based line of byte `offset` of the text.
    pub fn line_of(&self, offset: u64) -> usize {
        let before = self.recent.partition_point(|&p| p <= offset) as u64;
        (self.forgotten + before + 1) as usize
    }

    /// The 1-based line and (when still known) character column of byte `offset` of the text.
    pub fn locate(&self, offset: u64) -> (usize, Option<usize>) {
        let line = self.line_of(offset);
        let column = (offset >= self.tail_start && offset <= self.consumed).then(|| {
            let upto = (offset - self.tail_start) as usize;
            let chars = self.tail[..upto.min(self.tail.len())]
                .iter()
                .filter(|&&b| (b & 0xC0) != 0x80)
                .count() as u64;
            (self.tail_chars_before + chars + 1) as usize
        });
        (line, column)
    }
}

impl<B: BufRead> Read for Tracked<B> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<B: BufRead> BufRead for Tracked<B> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let taken = &buf[..n.min(buf.len())];
            let mut line_start = 0;
            for i in memchr::memchr_iter(b'\n', taken) {
                let at = self.consumed + i as u64 + 1;
                self.recent.push_back(at);
                if self.recent.len() > RECENT_LINES {
                    self.recent.pop_front();
                    self.forgotten += 1;
                }
                line_start = i + 1;
                self.tail.clear();
                self.tail_start = at;
                self.tail_chars_before = 0;
            }
            self.tail.extend_from_slice(&taken[line_start..]);
            if self.tail.len() > LINE_TAIL {
                let cut = self.tail.len() - LINE_TAIL / 2;
                let dropped = self.tail.drain(..cut);
                self.tail_chars_before += dropped.filter(|&b| (b & 0xC0) != 0x80).count() as u64;
                self.tail_start += cut as u64;
            }
        }
        self.consumed += n as u64;
        self.inner.consume(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out at most `step` bytes per read (blocks split anywhere).
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn decode(bytes: &[u8], encoding: &'static Encoding, step: usize) -> io::Result<String> {
        let mut out = String::new();
        Decoding::new(Trickle(bytes, step), encoding, Arc::default()).read_to_string(&mut out)?;
        Ok(out)
    }

    #[test]
    fn decoding_streams_any_encoding_and_refuses_bad_bytes() {
        let text = "<seg>两江 café 𝐀</seg>";
        let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        for step in [1, 2, 3, 7, 4096] {
            assert_eq!(
                decode(text.as_bytes(), encoding_rs::UTF_8, step).unwrap(),
                text
            );
            assert_eq!(decode(&utf16, encoding_rs::UTF_16LE, step).unwrap(), text);
        }
        let cut = &text.as_bytes()[..7];
        assert_eq!(decode(cut, encoding_rs::UTF_8, 3).unwrap(), "<seg>");
        let err = decode(b"<a>ok\xff</a>", encoding_rs::UTF_8, 2).unwrap_err();
        assert!(err.to_string().contains("not valid UTF-8"), "{err}");
    }

    #[test]
    fn lines_and_columns_are_tracked_as_text_is_consumed() {
        let text = "ab\n两江x\n\nz".as_bytes();
        let mut t = Tracked::new(io::BufReader::with_capacity(2, text));
        let mut all = Vec::new();
        t.read_to_end(&mut all).unwrap();
        assert_eq!(t.locate(12), (4, Some(1)));
        assert_eq!(t.locate(13), (4, Some(2)));
        assert_eq!(t.locate(11).0, 3);
        assert_eq!(t.locate(3).0, 2);
        assert_eq!(
            t.locate(3).1,
            None,
            "an earlier line's column is no longer known"
        );
    }
}
