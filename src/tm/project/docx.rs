//! A minimal DOCX writer: one Word paragraph per text paragraph, plain runs, line breaks kept.
//!
//! `duizhao::export` has no DOCX writer yet; this one writes the three parts Word, LibreOffice and
//! python-docx need (content types, package relationships, the document), with the languages set so that
//! Word picks the right fonts and proofing for Chinese and English.

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

use crate::tm::lang::LangTag;
use crate::tm::tmx::xml_text;
use crate::{Error, Result};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// The bytes of a DOCX holding `paragraphs`, written in `lang`.
pub fn docx_bytes(paragraphs: &[String], lang: &LangTag) -> Result<Vec<u8>> {
    let (latin, east_asian) = if lang.is_chinese() {
        ("en-US".to_string(), lang.as_str().to_string())
    } else {
        (lang.as_str().to_string(), "zh-CN".to_string())
    };
    let mut doc = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    for p in paragraphs {
        doc.push_str("<w:p>");
        for (n, line) in p.split('\n').enumerate() {
            doc.push_str(&format!(
                r#"<w:r><w:rPr><w:lang w:val="{latin}" w:eastAsia="{east_asian}"/></w:rPr>"#
            ));
            if n > 0 {
                doc.push_str("<w:br/>");
            }
            doc.push_str(r#"<w:t xml:space="preserve">"#);
            doc.push_str(&xml_text(line.trim_end_matches('\r')));
            doc.push_str("</w:t></w:r>");
        }
        doc.push_str("</w:p>");
    }
    doc.push_str(r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>"#);

    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", doc.as_str()),
    ];
    let fail = |e: &dyn std::fmt::Display| Error::Invalid(format!("cannot build the DOCX: {e}"));
    for (name, body) in parts {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(body.as_bytes()).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}

/// Writes `paragraphs` as a DOCX file at `path`, atomically.
pub fn write_docx(path: &Path, paragraphs: &[String], lang: &LangTag) -> Result<()> {
    let bytes = docx_bytes(paragraphs, lang)?;
    crate::export::write_atomic(path, &bytes)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn paragraphs_become_word_paragraphs() {
        let paras = vec![
            "两江新区 & <重庆>".to_string(),
            "line one\nline two".to_string(),
        ];
        let bytes = docx_bytes(&paras, &LangTag::zh_simplified()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        assert_eq!(xml.matches("<w:p>").count(), 2);
        assert!(xml.contains("两江新区 &amp; &lt;重庆&gt;"));
        assert!(xml.contains("<w:br/><w:t xml:space=\"preserve\">line two</w:t>"));
        assert!(xml.contains("w:eastAsia=\"zh-CN\""));
        for part in ["[Content_Types].xml", "_rels/.rels"] {
            assert!(zip.by_name(part).is_ok(), "{part}");
        }
    }
}
