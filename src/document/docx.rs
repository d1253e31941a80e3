//! The text of a Word .docx file: the paragraphs of `word/document.xml`, read through the shared XML
//! layer ([`crate::xml`]) after the part has been decompressed under the limits of [`crate::limits`].
//!
//! A .docx is a zip archive, and a zip entry may expand a thousand times or more (a 1.4 MB file that
//! expands to 1.5 GB took 1.4 GB of memory). The part is decompressed in pieces, and refused as soon
//! as it passes [`MAX_DOCX_PART_BYTES`] or, past [`DOCX_RATIO_FLOOR`], expands more than
//! [`MAX_DOCX_RATIO`] times its compressed size. Only that one part is read, by its exact name, and
//! nothing is ever written out, so entry names like `../../evil` (zip slip) do no harm.

use std::io::Read;
use std::path::Path;

use crate::limits::{self, DOCX_RATIO_FLOOR, MAX_DOCX_PART_BYTES, MAX_DOCX_RATIO};
use crate::xml::{self, XmlEvent, XmlReader};
use crate::{Error, Result};

/// The part of a .docx that holds the body text.
const BODY: &str = "word/document.xml";

/// The paragraphs of a .docx file (`word/document.xml`), tables included, in reading order.
pub fn docx_paragraphs(path: &Path, bytes: &[u8]) -> Result<Vec<String>> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::format(
            path,
            None,
            format!("not a valid .docx file (it is not a zip archive: {e})"),
        )
    })?;
    let part = read_part(path, &mut archive, BODY)?;
    let xml = xml::decode_owned(path, part).map_err(|e| in_part(e, BODY))?;
    docx_xml_paragraphs(path, &xml).map_err(|e| in_part(e, BODY))
}

/// Decompresses one part, refusing it past the size and ratio limits.
fn read_part(
    path: &Path,
    archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<u8>> {
    let mut file = archive.by_name(name).map_err(|e| {
        Error::format(
            path,
            None,
            match e {
                zip::result::ZipError::FileNotFound => {
                    format!("not a valid .docx file ({name} is missing)")
                }
                other => format!("cannot read {name}: {other}"),
            },
        )
    })?;
    let compressed = file.compressed_size().max(1);
    // The sizes in the archive are checked first (a bomb usually states them honestly), then what
    // really comes out, since a hostile archive can state anything.
    check_expansion(path, name, file.size(), compressed)?;
    let mut out = Vec::with_capacity(file.size().min(4 << 20) as usize);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| Error::format(path, None, format!("cannot read {name}: {e}")))?;
        if n == 0 {
            return Ok(out);
        }
        out.extend_from_slice(&buf[..n]);
        check_expansion(path, name, out.len() as u64, compressed)?;
    }
}

/// Refuses a part that expands to `size` bytes from `compressed`, if that is past a limit.
fn check_expansion(path: &Path, name: &str, size: u64, compressed: u64) -> Result<()> {
    let message = if size > MAX_DOCX_PART_BYTES {
        limits::exceeded(
            &format!(
                "{name} expands to more than {} (a zip bomb?)",
                limits::bytes(MAX_DOCX_PART_BYTES)
            ),
            &format!("{} per .docx part", limits::bytes(MAX_DOCX_PART_BYTES)),
        )
    } else if size > DOCX_RATIO_FLOOR && size / compressed > MAX_DOCX_RATIO {
        limits::exceeded(
            &format!(
                "{name} expands more than {} times its compressed size of {} bytes (a zip bomb?)",
                size / compressed,
                compressed
            ),
            &format!("{MAX_DOCX_RATIO}:1 expansion of a .docx part"),
        )
    } else {
        return Ok(());
    };
    Err(Error::format(path, None, message))
}

/// Says which part of the archive a format error is in.
fn in_part(err: Error, part: &str) -> Error {
    match err {
        Error::Format {
            path,
            line,
            column,
            message,
        } => Error::Format {
            path,
            line,
            column,
            message: format!("in {part}: {message}"),
        },
        other => other,
    }
}

/// Paragraphs from the WordprocessingML body: `w:p` are paragraphs, `w:t` text, `w:tab` a tab and
/// `w:br`/`w:cr` a line break. Deleted text (`w:del`) and field instructions are skipped.
pub(super) fn docx_xml_paragraphs(path: &Path, xml: &str) -> Result<Vec<String>> {
    let mut reader = XmlReader::new(path, xml);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    let mut skip = 0usize;
    loop {
        match reader.read()? {
            XmlEvent::Start(e) => match e.local_name().as_ref() {
                "t" if skip == 0 => in_text = true,
                "del" | "instrText" | "delText" => skip += 1,
                _ => {}
            },
            XmlEvent::Empty(e) => match e.local_name().as_ref() {
                "tab" if skip == 0 => current.push('\t'),
                "br" | "cr" if skip == 0 => current.push('\n'),
                "p" => super::extract::flush(&mut current, &mut paragraphs),
                _ => {}
            },
            XmlEvent::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => super::extract::flush(&mut current, &mut paragraphs),
                "del" | "instrText" | "delText" => skip = skip.saturating_sub(1),
                _ => {}
            },
            XmlEvent::Text(t) if in_text && skip == 0 => current.push_str(&t),
            XmlEvent::Text(_) => {}
            XmlEvent::Eof if reader.depth() > 0 => {
                return Err(reader.error("the part ends inside an element: it is truncated"));
            }
            XmlEvent::Eof => break,
        }
    }
    super::extract::flush(&mut current, &mut paragraphs);
    Ok(paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A .docx (zip) whose `word/document.xml` is `head`, `repeat` written `times`, then `tail`.
    pub(crate) fn docx(head: &str, repeat: &str, times: usize, tail: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file(BODY, options).unwrap();
        zip.write_all(head.as_bytes()).unwrap();
        for _ in 0..times {
            zip.write_all(repeat.as_bytes()).unwrap();
        }
        zip.write_all(tail.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_text_tabs_and_entities() {
        let xml = r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>渝洽会</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">CCISF &amp; more</w:t></w:r></w:p>
            <w:p/><w:p><w:r><w:del><w:t>gone</w:t></w:del><w:t>Kept</w:t></w:r></w:p>
            </w:body></w:document>"#;
        assert_eq!(
            docx_xml_paragraphs(Path::new("a.docx"), xml).unwrap(),
            ["渝洽会\tCCISF & more", "Kept"]
        );
        let bytes = docx(
            "<w:document><w:body>",
            "<w:p><w:r><w:t>Hi.</w:t></w:r></w:p>",
            2,
            "</w:body></w:document>",
        );
        assert_eq!(
            docx_paragraphs(Path::new("a.docx"), &bytes).unwrap(),
            ["Hi.", "Hi."]
        );
    }

    #[test]
    fn broken_and_hostile_archives_are_refused_naming_the_file_and_limit() {
        let head = "<w:document><w:body><w:p><w:r><w:t>Hello.</w:t></w:r></w:p>";
        let tail = "</w:body></w:document>";
        // 8 MiB of empty paragraphs in a few kilobytes: refused by the ratio once past its floor.
        let bomb = docx(head, &"<w:p/>".repeat(1024), 1400, tail);
        let cases: [(&[u8], &str); 4] = [
            (
                b"plain text",
                "report.docx: not a valid .docx file (it is not a zip archive",
            ),
            (&bomb, "times its compressed size"),
            (&docx(head, "", 0, "<w:p>"), "report.docx:1:"),
            (
                &docx(
                    "<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
                    "",
                    0,
                    "<d>&x;</d>",
                ),
                "in word/document.xml: the DOCTYPE declares entities",
            ),
        ];
        for (bytes, want) in cases {
            let err = docx_paragraphs(Path::new("report.docx"), bytes)
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with("report.docx") && err.contains(want),
                "{err}"
            );
        }
        assert!(
            check_expansion(Path::new("a.docx"), BODY, MAX_DOCX_PART_BYTES + 1, u64::MAX)
                .unwrap_err()
                .to_string()
                .contains("over the limit of 64 MiB per .docx part")
        );
    }
}
