//! DOCX export: a minimal Office Open XML word-processing package that Word and LibreOffice open — content
//! types, package relationships, core properties, `word/document.xml` with one `w:p` per paragraph, and
//! `word/styles.xml` with Normal and Title styles set up for Chinese (East Asian font and language).
//!
//! Main items: [`write`] (atomically, to a file) and [`to_bytes`] (the package in memory). Characters XML 1.0
//! cannot carry (most C0 controls) are dropped; tabs and line breaks inside a paragraph become `w:tab` and
//! `w:br`. The package is deterministic: same input, same bytes. The document's language (a BCP 47 tag)
//! goes into the default run properties, so that Word picks the right fonts and proofing: a Chinese tag
//! is the East Asian language (with English for Latin text), any other tag the Latin one.

use std::io::{Cursor, Write};
use std::path::Path;

use quick_xml::escape::escape;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::{Error, Result};

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const APP: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Duizhao</Application></Properties>"#;

/// The styles part, with the document's languages (Latin, East Asian) in the run defaults.
fn styles_xml(lang: Option<&str>) -> String {
    let (latin, east_asian) = match lang {
        Some(tag) if tag.to_ascii_lowercase().starts_with("zh") => ("en-US", tag),
        Some(tag) => (tag, "zh-CN"),
        None => ("en-US", "zh-CN"),
    };
    let (latin, east_asian) = (escape(latin), escape(east_asian));
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="SimSun" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="{latin}" w:eastAsia="{east_asian}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/><w:szCs w:val="36"/></w:rPr></w:style></w:styles>"#
        ),
        latin = latin,
        east_asian = east_asian
    )
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Keeps only characters XML 1.0 allows.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
        .collect()
}

/// One `w:p`: runs of text split at tabs and line breaks.
fn paragraph(out: &mut String, text: &str, style: Option<&str>) {
    out.push_str("<w:p>");
    if let Some(style) = style {
        out.push_str(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
    }
    let text = xml_safe(text.trim_end_matches(['\r', '\n']));
    if !text.is_empty() {
        out.push_str("<w:r>");
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                out.push_str("<w:br/>");
            }
            for (k, piece) in line.trim_end_matches('\r').split('\t').enumerate() {
                if k > 0 {
                    out.push_str("<w:tab/>");
                }
                if !piece.is_empty() {
                    out.push_str("<w:t xml:space=\"preserve\">");
                    out.push_str(&escape(piece));
                    out.push_str("</w:t>");
                }
            }
        }
        out.push_str("</w:r>");
    }
    out.push_str("</w:p>");
}

fn document_xml(paragraphs: &[String], title: Option<&str>) -> String {
    let mut out =
        String::with_capacity(paragraphs.iter().map(|p| p.len() + 64).sum::<usize>() + 512);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
    out.push_str(&format!("<w:document xmlns:w=\"{W_NS}\"><w:body>"));
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        paragraph(&mut out, t, Some("Title"));
    }
    for p in paragraphs {
        paragraph(&mut out, p, None);
    }
    // A4 with 2.5 cm margins; Word needs a section properties element to lay the page out.
    out.push_str(concat!(
        "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
        "<w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>",
        "</w:sectPr></w:body></w:document>"
    ));
    out
}

fn core_xml(title: Option<&str>) -> String {
    let title = title
        .map(|t| escape(xml_safe(t).trim()).into_owned())
        .unwrap_or_default();
    format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
            "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" ",
            "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" ",
            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title>",
            "<dc:creator>Duizhao</dc:creator></cp:coreProperties>"
        ),
        title
    )
}

/// The DOCX package for `paragraphs` (each becomes one Word paragraph) under an optional title, in the
/// language `lang` (a BCP 47 tag such as `zh-TW` or `en`; `None`: English with Simplified Chinese).
pub fn to_bytes(paragraphs: &[String], title: Option<&str>, lang: Option<&str>) -> Result<Vec<u8>> {
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("docProps/core.xml", core_xml(title)),
        ("docProps/app.xml", APP.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/document.xml", document_xml(paragraphs, title)),
        ("word/styles.xml", styles_xml(lang)),
    ];
    let zip_error =
        |e: zip::result::ZipError| Error::Invalid(format!("building the DOCX package: {e}"));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        zip.start_file(name, options).map_err(zip_error)?;
        zip.write_all(body.as_bytes())
            .map_err(|e| Error::Invalid(format!("building the DOCX package: {e}")))?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}

/// Writes `paragraphs` under an optional title, in `lang`, to `path` as a DOCX file, atomically.
pub fn write(
    path: &Path,
    paragraphs: &[String],
    title: Option<&str>,
    lang: Option<&str>,
) -> Result<()> {
    let bytes = to_bytes(paragraphs, title, lang)?;
    super::write_atomic(path, &bytes)
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use quick_xml::Reader;
    use quick_xml::events::Event;

    use super::*;

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// Parses the XML fully (well-formedness) and returns the text of its `w:t` elements.
    fn texts(xml: &str) -> Vec<String> {
        let mut reader = Reader::from_str(xml);
        let mut out = Vec::new();
        let mut in_t = false;
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if e.name().as_ref() == "w:t" => in_t = true,
                Event::End(e) if e.name().as_ref() == "w:t" => in_t = false,
                Event::Text(t) if in_t => out.push(t.xml10_content().into_owned()),
                Event::GeneralRef(r) if in_t => {
                    let name: &str = &r;
                    let c = match name {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity {other}"),
                    };
                    match out.last_mut() {
                        Some(last) => last.push_str(c),
                        None => out.push(c.to_owned()),
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out
    }

    #[test]
    fn package_has_the_parts_and_the_text() {
        let paragraphs = vec![
            "全面經貿戰略合作。".to_owned(),
            "Trade & <investment>\u{1}".to_owned(),
        ];
        let bytes = to_bytes(&paragraphs, Some("重慶與加州"), None).unwrap();
        let zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
        names.sort_unstable();
        assert_eq!(
            names,
            vec![
                "[Content_Types].xml",
                "_rels/.rels",
                "docProps/app.xml",
                "docProps/core.xml",
                "word/_rels/document.xml.rels",
                "word/document.xml",
                "word/styles.xml"
            ]
        );
        let doc = part(&bytes, "word/document.xml");
        let joined: String = texts(&doc).concat();
        assert_eq!(joined, "重慶與加州全面經貿戰略合作。Trade & <investment>");
        for name in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/styles.xml",
            "docProps/core.xml",
        ] {
            texts(&part(&bytes, name)); // well-formed
        }
        assert_eq!(
            bytes,
            to_bytes(&paragraphs, Some("重慶與加州"), None).unwrap(),
            "deterministic"
        );
    }

    #[test]
    fn the_language_sets_the_run_defaults() {
        let styles = |lang| {
            part(
                &to_bytes(&["x".to_owned()], None, lang).unwrap(),
                "word/styles.xml",
            )
        };
        assert!(styles(Some("zh-TW")).contains(r#"w:val="en-US" w:eastAsia="zh-TW""#));
        assert!(styles(Some("en-GB")).contains(r#"w:val="en-GB" w:eastAsia="zh-CN""#));
        assert!(styles(None).contains(r#"w:val="en-US" w:eastAsia="zh-CN""#));
        texts(&styles(Some("zh-Hant\"<"))); // a strange tag is escaped, the part stays well-formed
    }
}
