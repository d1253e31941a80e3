//! Turning the bytes of an XML file into text, and byte offsets into lines and columns.
//!
//! TMX files arrive as UTF-8 (with or without a BOM), UTF-16 (the LISA compliance kit and Trados write it)
//! or a legacy encoding named in the XML declaration. [`decode_xml`] picks the encoding the way an XML
//! processor does (BOM, then the first bytes, then the declaration); [`LineIndex`] maps an offset in the
//! decoded text back to a 1-based line and column for error messages.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::{Error, Result};

/// The encoding of an XML file from its first bytes (BOM, then the first characters, then the
/// declaration), and the length of its BOM.
pub fn sniff(path: &Path, bytes: &[u8]) -> Result<(&'static Encoding, usize)> {
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(Error::format(
            path,
            Some(1),
            "UTF-32 files are not supported; save the file as UTF-8",
        ));
    }
    Ok(if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        (UTF_8, 3)
    } else if bytes.starts_with(&[0xFF, 0xFE]) {
        (UTF_16LE, 2)
    } else if bytes.starts_with(&[0xFE, 0xFF]) {
        (UTF_16BE, 2)
    } else if bytes.starts_with(&[b'<', 0, b'?', 0]) {
        (UTF_16LE, 0)
    } else if bytes.starts_with(&[0, b'<', 0, b'?']) {
        (UTF_16BE, 0)
    } else {
        (declared_encoding(bytes).unwrap_or(UTF_8), 0)
    })
}

/// Decodes an XML file's bytes to text (without its BOM).
pub fn decode_xml(path: &Path, bytes: &[u8]) -> Result<String> {
    let (encoding, bom) = sniff(path, bytes)?;
    let body = &bytes[bom..];
    if encoding == UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(text) => Ok(text.to_owned()),
            // Cut off in the middle of a character: parse what is there, so the report names the first
            // problem in the file (the XML parser then finds where the truncated document breaks off).
            Err(e) if e.error_len().is_none() => {
                Ok(String::from_utf8_lossy(&body[..e.valid_up_to()]).into_owned())
            }
            Err(e) => {
                let good = String::from_utf8_lossy(&body[..e.valid_up_to()]);
                let (line, column) = LineIndex::new(&good).locate(good.len());
                Err(Error::Format {
                    path: path.to_path_buf(),
                    line: Some(line),
                    column: Some(column),
                    message: "the file is not valid UTF-8 (and declares no other encoding)".into(),
                })
            }
        };
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        let at = text.find('\u{FFFD}').unwrap_or(0);
        let (line, column) = LineIndex::new(&text).locate(at);
        return Err(Error::Format {
            path: path.to_path_buf(),
            line: Some(line),
            column: Some(column),
            message: format!("the file is not valid {}", encoding.name()),
        });
    }
    Ok(text.into_owned())
}

/// The encoding named in an ASCII-compatible XML declaration, if any. A declaration of UTF-16 in a file
/// without UTF-16 bytes is a common lie (the text was re-saved); such files are read as UTF-8.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(256)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = rest[1..].split(quote).next()?;
    let enc = Encoding::for_label(label.trim().as_bytes())?;
    if enc == UTF_16LE || enc == UTF_16BE {
        return Some(UTF_8);
    }
    Some(enc)
}

/// Maps byte offsets in a text to 1-based lines and columns (columns count characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, starts }
    }

    /// The line and column of byte `offset` (clamped to the text).
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start)
            + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if le { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
        }
        for unit in text.encode_utf16() {
            out.extend_from_slice(&if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        out
    }

    #[test]
    fn encodings_are_found_by_bom_bytes_or_declaration() {
        let xml = "<?xml version=\"1.0\"?><tmx>两江 𝐀</tmx>";
        let p = Path::new("t.tmx");
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (xml.as_bytes().to_vec(), xml),
            ([&[0xEF, 0xBB, 0xBF][..], xml.as_bytes()].concat(), xml),
            (utf16(xml, true, true), xml),
            (utf16(xml, false, true), xml),
            (utf16(xml, true, false), xml),
            (utf16(xml, false, false), xml),
        ];
        for (bytes, want) in cases {
            assert_eq!(decode_xml(p, &bytes).unwrap(), want);
        }
        let latin1 = b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><seg>caf\xe9</seg>";
        assert_eq!(
            decode_xml(p, latin1).unwrap(),
            "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><seg>café</seg>"
        );
        let gbk = b"<?xml version='1.0' encoding='GBK'?><seg>\xd6\xd0</seg>";
        assert!(decode_xml(p, gbk).unwrap().contains("<seg>中</seg>"));
        let lying = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><seg>中</seg>";
        assert_eq!(decode_xml(p, lying.as_bytes()).unwrap(), lying);
    }

    #[test]
    fn bad_utf8_names_line_and_column() {
        let err = decode_xml(Path::new("x.tmx"), b"<a>\n<b>ok\xff</b>").unwrap_err();
        match err {
            Error::Format { line, column, .. } => assert_eq!((line, column), (Some(2), Some(6))),
            other => panic!("{other}"),
        }
        let cut = "<a>两".as_bytes().split_last().unwrap().1;
        assert_eq!(decode_xml(Path::new("x.tmx"), cut).unwrap(), "<a>");
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\n两江x\n\nz";
        let idx = LineIndex::new(text);
        let cases = [
            (0, (1, 1)),
            (2, (1, 3)),
            (3, (2, 1)),
            (9, (2, 3)),
            (11, (3, 1)),
            (12, (4, 1)),
            (99, (4, 2)),
        ];
        for (offset, want) in cases {
            assert_eq!(idx.locate(offset), want, "offset {offset}");
        }
    }
}
