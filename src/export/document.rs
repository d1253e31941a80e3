//! A text as a file in one of the document formats (TXT, Markdown, DOCX), converted to another script
//! first when asked: what the Documents, Clean and Convert workspaces export, through one function.
//!
//! Main items: [`TextFormat`] and [`write_text_as`].

use std::path::Path;

use crate::Result;
use crate::convert::{Config, Converter};

/// The document formats a text is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextFormat {
    /// UTF-8 text, as it stands.
    Text,
    /// Markdown, one paragraph per non-blank line.
    Markdown,
    /// A Word document, one paragraph per non-blank line.
    Docx,
}

impl TextFormat {
    /// Every format, in menu order.
    pub const ALL: [TextFormat; 3] = [TextFormat::Text, TextFormat::Markdown, TextFormat::Docx];

    /// Its name in menus.
    pub fn label(self) -> &'static str {
        match self {
            TextFormat::Text => "Plain text (.txt)",
            TextFormat::Markdown => "Markdown (.md)",
            TextFormat::Docx => "Word document (.docx)",
        }
    }

    /// Its file extension.
    pub fn extension(self) -> &'static str {
        match self {
            TextFormat::Text => "txt",
            TextFormat::Markdown => "md",
            TextFormat::Docx => "docx",
        }
    }
}

/// Writes `text` to `path` in `format` (atomically), converted with `convert_to` first when given.
/// `title` heads Markdown and DOCX; `lang` is the DOCX document language (`zh-CN`, `en-US`). Returns a
/// message saying what was written.
pub fn write_text_as(
    path: &Path,
    text: &str,
    format: TextFormat,
    convert_to: Option<Config>,
    title: Option<&str>,
    lang: Option<&str>,
) -> Result<String> {
    let converted;
    let text = match convert_to {
        Some(config) => {
            converted = Converter::new(config).convert(text);
            converted.as_str()
        }
        None => text,
    };
    let paragraphs = super::text::paragraphs_of(text);
    match format {
        TextFormat::Text => super::text::write_text(path, text)?,
        TextFormat::Markdown => super::markdown::write(path, &paragraphs, title)?,
        TextFormat::Docx => super::docx::write(path, &paragraphs, title, lang)?,
    }
    let n = paragraphs.len();
    Ok(format!(
        "Saved {} ({n} paragraph{}).",
        path.display(),
        if n == 1 { "" } else { "s" }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_format_is_written_and_converted_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("a.txt");
        write_text_as(
            &txt,
            "两江新区\n\n渝洽会\n",
            TextFormat::Text,
            Some(Config::S2t),
            None,
            None,
        )
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(&txt).unwrap(),
            "兩江新區\n\n渝洽會\n"
        );
        let md = dir.path().join("a.md");
        let msg = write_text_as(
            &md,
            "一\n\n二\n",
            TextFormat::Markdown,
            None,
            Some("T"),
            None,
        )
        .unwrap();
        assert!(msg.contains("2 paragraphs"), "{msg}");
        assert!(std::fs::read_to_string(&md).unwrap().contains("二"));
        let docx = dir.path().join("a.docx");
        let msg =
            write_text_as(&docx, "一\n", TextFormat::Docx, None, None, Some("zh-CN")).unwrap();
        assert!(msg.contains("1 paragraph)"), "{msg}");
        assert_eq!(&std::fs::read(&docx).unwrap()[..2], b"PK");
    }
}
