//! Opening a document for translation: its paragraphs and sentences (from the document core) become the
//! project's segments.

use super::TranslationProject;
use crate::document::Document;
use crate::tm::lang::LangTag;
use crate::{Error, Result};

impl TranslationProject {
    /// A project for a segmented document. The source language is the document's main language unless
    /// given; the target is the other of Chinese and English unless given. A file holding both language
    /// versions is refused (open the version to translate).
    pub fn from_document(
        doc: &Document,
        source_lang: Option<LangTag>,
        target_lang: Option<LangTag>,
    ) -> Result<TranslationProject> {
        if let Some(v) = doc.versions {
            return Err(Error::Invalid(format!(
                "{}: holds two versions ({}); translate one of them",
                doc.name,
                v.describe()
            )));
        }
        let source_lang = match source_lang.or_else(|| LangTag::from_document_lang(doc.main_lang()))
        {
            Some(l) => l,
            None => {
                return Err(Error::Invalid(format!(
                    "{}: cannot tell whether the text is Chinese or English; name its language",
                    doc.name
                )));
            }
        };
        let target_lang = target_lang.unwrap_or_else(|| source_lang.counterpart());
        let paragraphs = doc
            .paragraphs
            .iter()
            .map(|p| {
                p.sentences
                    .iter()
                    .map(|s| doc.span_text(&s.span).into_owned())
                    .collect()
            })
            .collect();
        let mut project =
            TranslationProject::new(Some(doc.name.clone()), source_lang, target_lang, paragraphs);
        let blank_line_between = doc.paragraphs.windows(2).any(|w| {
            let gap = &doc.text[w[0].span.end..w[1].span.start];
            gap.matches('\n').count() >= 2
        });
        if blank_line_between {
            project.paragraph_break = "\n\n".into();
        }
        Ok(project)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    fn doc(text: &str) -> Document {
        Document::from_text("release.txt", text.to_string(), &mut NoProgress).unwrap()
    }

    #[test]
    fn paragraphs_sentences_and_languages_come_from_the_document() {
        let p = TranslationProject::from_document(
            &doc("两江新区位于重庆。渝洽会将于5月举行。\n\n进出口额增长12%。\n"),
            None,
            None,
        )
        .unwrap();
        assert_eq!(p.source_lang.as_str(), "zh-CN");
        assert_eq!(p.target_lang.as_str(), "en-US");
        let segs: Vec<(usize, &str)> = p
            .segments
            .iter()
            .map(|s| (s.paragraph, s.source.as_str()))
            .collect();
        assert_eq!(
            segs,
            [
                (0, "两江新区位于重庆。"),
                (0, "渝洽会将于5月举行。"),
                (1, "进出口额增长12%。")
            ]
        );
        assert_eq!(p.paragraph_break, "\n\n");
        let p = TranslationProject::from_document(
            &doc("Trade grew. Investment rose.\nA new line.\n"),
            None,
            None,
        )
        .unwrap();
        assert_eq!(
            (p.source_lang.as_str(), p.target_lang.as_str()),
            ("en-US", "zh-CN")
        );
        assert_eq!(p.segments.len(), 3);
        assert_eq!(p.paragraph_break, "\n");
        assert!(TranslationProject::from_document(&doc("12345\n"), None, None).is_err());
    }
}
