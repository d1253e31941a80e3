//! Turning the bytes of an XML file into text, and byte offsets into lines and columns.
//!
//! TMX, TBX and Word files arrive as UTF-8 (with or without a BOM), UTF-16 (the LISA compliance kit and
//! Trados write it) or a legacy encoding named in the XML declaration. [`decode`] picks the encoding the
//! way an XML processor does (BOM, then the first bytes, then the declaration); [`locate`] maps an
//! offset in the decoded text back to a 1-based line and column for error messages.

use std::path::Path;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::{Error, Result};

/// Decodes an XML file's bytes to text (without its BOM). A NUL character is refused: XML allows none,
/// and one means a damaged or binary file.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String> {
    let (encoding, bom) = sniff(path, bytes)?;
    let body = &bytes[bom..];
    let text = if encoding == UTF_8 {
        match std::str::from_utf8(body) {
            Ok(text) => text.to_owned(),
            Err(e) => utf8_error(path, body, e)?,
        }
    } else {
        legacy(path, encoding, body)?
    };
    no_nul(path, text)
}

/// [`decode`] for bytes the caller gives away: UTF-8 (nearly every file) becomes the text without a copy,
/// which halves the memory a large part of a .docx needs.
pub fn decode_owned(path: &Path, mut bytes: Vec<u8>) -> Result<String> {
    let (encoding, bom) = sniff(path, &bytes)?;
    if encoding != UTF_8 {
        return no_nul(path, legacy(path, encoding, &bytes[bom..])?);
    }
    bytes.drain(..bom);
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let utf8 = e.utf8_error();
            utf8_error(path, e.as_bytes(), utf8)?
        }
    };
    no_nul(path, text)
}

/// Refuses a text holding U+0000, naming where.
fn no_nul(path: &Path, text: String) -> Result<String> {
    match memchr::memchr(0, text.as_bytes()) {
        None => Ok(text),
        Some(at) => {
            let (line, column) = locate(&text, at);
            Err(Error::Format {
                path: path.to_path_buf(),
                line: Some(line),
                column: Some(column),
                message:
                    "a NUL character, which XML does not allow: the file is damaged or not text"
                        .into(),
            })
        }
    }
}

/// The encoding of an XML file and the length of its byte-order mark, the way an XML processor finds
/// them: BOM, then the first bytes, then the declaration. A known binary format (a picture renamed .tmx)
/// is refused by name first.
pub fn sniff(path: &Path, bytes: &[u8]) -> Result<(&'static Encoding, usize)> {
    if let Some(what) = crate::document::decode::known_binary(bytes) {
        return Err(Error::format(
            path,
            None,
            format!("this is {what}, not an XML file"),
        ));
    }
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

/// Invalid UTF-8 in `body`: a file cut off in the middle of a character is read up to the cut, so the
/// report names the first problem in the file (the XML parser then finds where the document breaks
/// off); any other bad byte is refused with its line and column.
fn utf8_error(path: &Path, body: &[u8], e: std::str::Utf8Error) -> Result<String> {
    let good = String::from_utf8_lossy(&body[..e.valid_up_to()]).into_owned();
    if e.error_len().is_none() {
        return Ok(good);
    }
    let (line, column) = locate(&good, good.len());
    Err(Error::Format {
        path: path.to_path_buf(),
        line: Some(line),
        column: Some(column),
        message: "the file is not valid UTF-8 (and declares no other encoding)".into(),
    })
}

/// Decodes a UTF-16 or legacy-encoded body, refusing bytes the encoding does not define.
fn legacy(path: &Path, encoding: &'static Encoding, body: &[u8]) -> Result<String> {
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        let at = text.find('\u{FFFD}').unwrap_or(0);
        let (line, column) = locate(&text, at);
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

/// The 1-based line and column (in characters) of byte `offset` in `text`, clamped to the text. It
/// scans the text once: for error messages, not for every element (see [`super::XmlReader::line`]).
pub fn locate(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text.as_bytes()[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
    (line, text[start..offset].chars().count() + 1)
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
            assert_eq!(decode(p, &bytes).unwrap(), want);
            assert_eq!(decode_owned(p, bytes).unwrap(), want);
        }
        let latin1 = b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><seg>caf\xe9</seg>";
        assert_eq!(
            decode(p, latin1).unwrap(),
            "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><seg>café</seg>"
        );
        let gbk = b"<?xml version='1.0' encoding='GBK'?><seg>\xd6\xd0</seg>";
        assert!(decode(p, gbk).unwrap().contains("<seg>中</seg>"));
        let png = decode(p, b"\x89PNG\r\n\x1a\n").unwrap_err().to_string();
        assert_eq!(png, "t.tmx: this is a PNG image, not an XML file");
        let nul = decode(p, b"<a>\n x\0</a>").unwrap_err().to_string();
        assert!(nul.starts_with("t.tmx:2:3: a NUL character"), "{nul}");
        let lying = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><seg>中</seg>";
        assert_eq!(decode(p, lying.as_bytes()).unwrap(), lying);
    }

    #[test]
    fn bad_utf8_names_line_and_column() {
        let err = decode(Path::new("x.tmx"), b"<a>\n<b>ok\xff</b>").unwrap_err();
        match err {
            Error::Format { line, column, .. } => assert_eq!((line, column), (Some(2), Some(6))),
            other => panic!("{other}"),
        }
        let cut = "<a>两".as_bytes().split_last().unwrap().1;
        assert_eq!(decode(Path::new("x.tmx"), cut).unwrap(), "<a>");
        assert_eq!(
            decode_owned(Path::new("x.tmx"), cut.to_vec()).unwrap(),
            "<a>"
        );
        let err = decode_owned(Path::new("x.tmx"), b"<a>\n<b>ok\xff</b>".to_vec()).unwrap_err();
        assert!(err.to_string().starts_with("x.tmx:2:6: "), "{err}");
    }

    #[test]
    fn line_index_counts_characters() {
        let text = "ab\n两江x\n\nz";

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
            assert_eq!(locate(text, offset), want, "offset {offset}");
        }
    }
}
