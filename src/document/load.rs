//! Opening files as [`Document`]s: format by extension, decoding, text extraction, segmentation.
//!
//! Files are only ever read. Every failure names the file: a folder, a missing file, an empty file, a
//! binary file, a .docx that is not a zip.

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use super::{Document, EncodingSource, decode, extract};
use crate::{Error, Progress, Result};

/// The formats Duizhao opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML (visible text only).
    Html,
    /// Word .docx (paragraphs).
    Docx,
}

impl Format {
    /// The format a file name suggests; anything unknown is read as plain text.
    pub fn from_path(path: &Path) -> Format {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" | "shtml" => Format::Html,
            "docx" => Format::Docx,
            _ => Format::Text,
        }
    }

    /// Name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Format::Text => "Text",
            Format::Markdown => "Markdown",
            Format::Html => "HTML",
            Format::Docx => "Word (.docx)",
        }
    }
}

/// Options for opening a document.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Decode with this encoding instead of detecting one.
    pub encoding: Option<&'static Encoding>,
    /// Read as this format instead of the one the extension suggests.
    pub format: Option<Format>,
}

/// Opens the file at `path`.
pub fn load_path(
    path: &Path,
    options: &LoadOptions,
    progress: &mut dyn Progress,
) -> Result<Document> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::Invalid(format!("{}: no such file", path.display())),
        _ => Error::io(path, e),
    })?;
    if meta.is_dir() {
        return Err(Error::Invalid(format!(
            "{}: is a folder, not a file (open the files inside it)",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let mut doc = load_bytes(path, &bytes, options, progress)?;
    doc.path = Some(path.to_path_buf());
    doc.name = display_name(path);
    Ok(doc)
}

/// Opens a document from bytes; `name` is used for the format (its extension) and in messages.
pub fn load_bytes(
    name: &Path,
    bytes: &[u8],
    options: &LoadOptions,
    progress: &mut dyn Progress,
) -> Result<Document> {
    let display = name.display().to_string();
    if bytes.is_empty() {
        return Err(Error::Invalid(format!(
            "{display}: the file is empty (0 bytes)"
        )));
    }
    let format = options.format.unwrap_or_else(|| Format::from_path(name));
    if format == Format::Docx {
        let paragraphs = extract::docx_paragraphs(name, bytes)?;
        let mut doc = Document::from_text(display, paragraphs.join("\n\n"), progress)?;
        doc.format = Format::Docx;
        doc.encoding = None;
        doc.encoding_source = EncodingSource::Detected;
        return Ok(doc);
    }
    if options.encoding.is_none() {
        if decode::is_utf32(bytes) {
            return Err(Error::Invalid(format!(
                "{display}: UTF-32 text is not supported; save the file as UTF-8"
            )));
        }
        if let Some(what) = decode::looks_binary(bytes) {
            let hint = if what == "a zip archive" {
                " — if it is a Word document, give it the .docx extension"
            } else {
                ""
            };
            return Err(Error::Invalid(format!(
                "{display}: this is {what}, not a text document{hint}"
            )));
        }
    }
    let decoded = decode::decode(bytes, options.encoding);
    let text = match format {
        Format::Text => decoded.text,
        Format::Markdown => extract::markdown_paragraphs(name, &decoded.text)?.join("\n\n"),
        Format::Html => extract::html_paragraphs(name, &decoded.text)?.join("\n\n"),
        Format::Docx => unreachable!("handled above"),
    };
    let mut doc = Document::from_text(display, text, progress)?;
    doc.format = format;
    doc.encoding = Some(decoded.encoding);
    doc.encoding_source = decoded.source;
    doc.replacements = decoded.replacements;
    doc.first_bad_offset = decoded.first_bad_offset;
    Ok(doc)
}

/// The name to show for a path (its file name, or the whole path when it has none).
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

impl Document {
    /// Re-reads the document's file with another encoding (the user's override).
    pub fn reload_with_encoding(
        &self,
        encoding: &'static Encoding,
        progress: &mut dyn Progress,
    ) -> Result<Document> {
        let path: PathBuf = self
            .path
            .clone()
            .ok_or_else(|| Error::Invalid(format!("{}: has no file to re-read", self.name)))?;
        let options = LoadOptions {
            encoding: Some(encoding),
            format: Some(self.format),
        };
        load_path(&path, &options, progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    #[test]
    fn bad_inputs_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.txt");
        std::fs::write(&empty, b"").unwrap();
        let binary = dir.path().join("photo.txt");
        std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
        let fake_docx = dir.path().join("fake.docx");
        std::fs::write(&fake_docx, "just text").unwrap();
        let utf32 = dir.path().join("wide.txt");
        std::fs::write(&utf32, b"\xFF\xFE\0\0a\0\0\0").unwrap();
        let cases = [
            (dir.path().join("missing.txt"), "missing.txt: no such file"),
            (dir.path().to_path_buf(), "is a folder"),
            (empty, "empty.txt: the file is empty"),
            (binary, "photo.txt: this is a PNG image"),
            (fake_docx, "not a zip archive"),
            (utf32, "wide.txt: UTF-32 text is not supported"),
        ];
        for (path, want) in cases {
            let err = load_path(&path, &LoadOptions::default(), &mut NoProgress)
                .unwrap_err()
                .to_string();
            assert!(err.contains(want), "{err} should contain {want}");
        }
    }

    #[test]
    fn formats_by_extension() {
        for (name, want) in [
            ("a.TXT", Format::Text),
            ("b.md", Format::Markdown),
            ("c.htm", Format::Html),
            ("d.docx", Format::Docx),
            ("e", Format::Text),
        ] {
            assert_eq!(Format::from_path(Path::new(name)), want);
        }
    }

    #[test]
    fn html_is_decoded_then_extracted() {
        let html =
            "<html><body><nav>Home</nav><p>两江新区。</p><p>Liangjiang New Area.</p></body></html>";
        let gbk = encoding_rs::GBK.encode(html).0.into_owned();
        let doc = load_bytes(
            Path::new("page.html"),
            &gbk,
            &LoadOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
        assert_eq!(doc.text, "两江新区。\n\nLiangjiang New Area.");
        assert_eq!(doc.paragraphs.len(), 2);
        assert_eq!(doc.format, Format::Html);
    }
}
