//! One language version of a file that holds both: which side, its sentences, and that side as a
//! document of its own, for every [`Layout`].
//!
//! Main items: [`Side`], [`SideSentence`], [`Document::side_sentences`] and [`Document::part_document`].

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::versions::{leans_chinese, side_of};
use super::{Document, Lang, Layout, Paragraph, Sentence, lang};

/// One of the two language versions of a bilingual file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The Chinese version.
    Chinese,
    /// The English version.
    English,
}

/// A sentence of one version of a bilingual file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SideSentence {
    /// Index of the document paragraph it is in.
    pub paragraph: usize,
    /// Byte span in the document text.
    pub span: Range<usize>,
    /// Its text, with line breaks joined (as [`Document::span_text`]).
    pub text: String,
    /// Its own language.
    pub lang: Lang,
}

impl Document {
    /// The sentences of one version, in order, with their spans and paragraphs; `None` for a file that
    /// does not hold two versions.
    ///
    /// Halves give every sentence of their paragraphs. Alternating paragraphs give the paragraphs in the
    /// side's language; alternating sentences the sentences in it. Where a paragraph (or sentence) is of
    /// neither language, its sentences go by their own language; a date or figure with no letters belongs
    /// to both versions, and a mixed one to the language it leans to.
    pub fn side_sentences(&self, side: Side) -> Option<Vec<SideSentence>> {
        let versions = self.versions?;
        let by_sentence = |s: &Sentence| match side_of(s.lang) {
            Some(of) => of == side,
            None if s.lang == Lang::Mixed => {
                leans_chinese(&self.text[s.span.clone()]) == (side == Side::Chinese)
            }
            None => true,
        };
        let mut out = Vec::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            let whole = match versions.layout {
                Layout::Halves { split } => Some((i < split) == (side == versions.first_side())),
                Layout::AlternatingParagraphs => side_of(p.lang).map(|of| of == side),
                Layout::AlternatingSentences => None,
            };
            out.extend(
                p.sentences
                    .iter()
                    .filter(|s| whole.unwrap_or_else(|| by_sentence(s)))
                    .map(|s| SideSentence {
                        paragraph: i,
                        span: s.span.clone(),
                        text: self.span_text(&s.span).into_owned(),
                        lang: s.lang,
                    }),
            );
        }
        Some(out)
    }

    /// One language version of a file holding both, as a document of its own, for aligning, translating
    /// or exporting one version; `None` for a one-language file.
    ///
    /// Its paragraphs are those of the source that hold sentences of the side (for alternating sentences:
    /// a paragraph of the side's sentences per source paragraph), one per line, or separated by a blank
    /// line where the source has one. Sentences and their languages are kept as segmented in the source.
    pub fn part_document(&self, side: Side) -> Option<Document> {
        let sentences = self.side_sentences(side)?;
        let mut text = String::new();
        let mut paragraphs: Vec<Paragraph> = Vec::new();
        let mut prev_end: Option<usize> = None;
        let mut rest = sentences.as_slice();
        while let Some(first) = rest.first() {
            let n = rest
                .iter()
                .take_while(|s| s.paragraph == first.paragraph)
                .count();
            let (own, next) = rest.split_at(n);
            rest = next;
            let source = &self.paragraphs[first.paragraph];
            if let Some(end) = prev_end {
                let gap = &self.text[end..source.span.start];
                text.push_str(if has_blank_line(gap) { "\n\n" } else { "\n" });
            }
            prev_end = Some(source.span.end);
            paragraphs.push(self.part_paragraph(source, own, &mut text));
        }
        if !text.is_empty() {
            text.push('\n');
        }
        Some(Document {
            path: self.path.clone(),
            name: self.name.clone(),
            format: self.format,
            encoding: self.encoding,
            encoding_source: self.encoding_source,
            replacements: 0,
            first_bad_offset: None,
            text,
            languages: super::languages_of(&paragraphs),
            paragraphs,
            versions: None,
        })
    }

    /// Appends the sentences `own` of `source` to `text` as one paragraph: the source paragraph as it is
    /// when all its sentences are the side's, else the side's sentences joined.
    fn part_paragraph(
        &self,
        source: &Paragraph,
        own: &[SideSentence],
        text: &mut String,
    ) -> Paragraph {
        let start = text.len();
        if own.len() == source.sentences.len() {
            text.push_str(&self.text[source.span.clone()]);
            let shift = |r: &Range<usize>| {
                r.start - source.span.start + start..r.end - source.span.start + start
            };
            return Paragraph {
                span: start..text.len(),
                lang: source.lang,
                sentences: source
                    .sentences
                    .iter()
                    .map(|s| Sentence {
                        span: shift(&s.span),
                        lang: s.lang,
                    })
                    .collect(),
            };
        }
        let mut sentences = Vec::with_capacity(own.len());
        for s in own {
            let raw = &self.text[s.span.clone()];
            if text.len() > start && needs_space(text, raw) {
                text.push(' ');
            }
            let begin = text.len();
            text.push_str(raw);
            sentences.push(Sentence {
                span: begin..text.len(),
                lang: s.lang,
            });
        }
        let counts = lang::LangCounts::of(&text[start..]);
        let fallback = sentences
            .iter()
            .map(|s| s.lang)
            .find(|l| l.is_chinese())
            .unwrap_or(Lang::ZhHans);
        Paragraph {
            span: start..text.len(),
            lang: counts.lang(fallback),
            sentences,
        }
    }
}

/// Whether a gap between two paragraphs holds an empty line: a line between the first line break and the
/// last that is blank.
fn has_blank_line(gap: &str) -> bool {
    let lines: Vec<&str> = gap.split('\n').collect();
    lines.len() > 2
        && lines[1..lines.len() - 1]
            .iter()
            .any(|l| l.trim().is_empty())
}

/// Whether two sentences joined need a space between them: not between Chinese ones.
fn needs_space(before: &str, next: &str) -> bool {
    let wide = |c: char| !c.is_ascii();
    !(before.chars().next_back().is_some_and(wide) && next.chars().next().is_some_and(wide))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    fn doc(text: &str) -> Document {
        Document::from_text("t", text.to_string(), &mut NoProgress).unwrap()
    }

    fn strings(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    /// The side's sentences as text, and the part document's paragraphs as text.
    fn side(d: &Document, side: Side) -> (Vec<String>, Vec<String>) {
        let sentences = d
            .side_sentences(side)
            .unwrap()
            .into_iter()
            .map(|s| {
                assert_eq!(d.span_text(&s.span), s.text, "the span is the text's");
                s.text
            })
            .collect();
        let part = d.part_document(side).unwrap();
        let paragraphs = part
            .paragraphs
            .iter()
            .map(|p| part.text[p.span.clone()].to_string())
            .collect();
        (sentences, paragraphs)
    }

    #[test]
    fn each_layout_gives_each_side_its_sentences_and_paragraphs() {
        /// A side's sentences and its part's paragraphs.
        type Expected<'a> = (&'a [&'a str], &'a [&'a str]);
        let cases: &[(&str, &str, Expected, Expected)] = &[
            (
                "alternating paragraphs with a dateline and a date",
                "（记者 王明）\n\
                 港口吞吐量创新高。集装箱增长一成。\n\
                 Port throughput hit a record. Containers rose by a tenth.\n\
                 2024-05-10\n\
                 新航线下月开通，每周两班。\n\
                 A new route opens next month, twice a week.\n",
                (
                    &[
                        "（记者 王明）",
                        "港口吞吐量创新高。",
                        "集装箱增长一成。",
                        "2024-05-10",
                        "新航线下月开通，每周两班。",
                    ],
                    &[
                        "（记者 王明）",
                        "港口吞吐量创新高。集装箱增长一成。",
                        "2024-05-10",
                        "新航线下月开通，每周两班。",
                    ],
                ),
                (
                    &[
                        "Port throughput hit a record.",
                        "Containers rose by a tenth.",
                        "2024-05-10",
                        "A new route opens next month, twice a week.",
                    ],
                    &[
                        "Port throughput hit a record. Containers rose by a tenth.",
                        "2024-05-10",
                        "A new route opens next month, twice a week.",
                    ],
                ),
            ),
            (
                "alternating sentences",
                "港口吞吐量创新高。Port throughput hit a record. 集装箱增长一成。Containers rose by a tenth.\n\
                 新航线下月开通。A new route opens next month.\n",
                (
                    &["港口吞吐量创新高。", "集装箱增长一成。", "新航线下月开通。"],
                    &["港口吞吐量创新高。集装箱增长一成。", "新航线下月开通。"],
                ),
                (
                    &[
                        "Port throughput hit a record.",
                        "Containers rose by a tenth.",
                        "A new route opens next month.",
                    ],
                    &[
                        "Port throughput hit a record. Containers rose by a tenth.",
                        "A new route opens next month.",
                    ],
                ),
            ),
        ];
        for (name, text, zh, en) in cases {
            let d = doc(text);
            assert!(d.versions.is_some(), "{name}: {:?}", d.versions);
            for (which, (sentences, paragraphs)) in [(Side::Chinese, zh), (Side::English, en)] {
                assert_eq!(
                    side(&d, which),
                    (strings(sentences), strings(paragraphs)),
                    "{name}: {which:?}"
                );
            }
        }
    }

    #[test]
    fn a_part_keeps_languages_and_blank_lines_and_is_one_version() {
        let d = doc("港口吞吐量创新高。集装箱增长一成。\n\n\
                     Port throughput hit a record. Containers rose by a tenth.\n\n\
                     新航线下月开通，每周两班。\n\n\
                     A new route opens next month, twice a week.\n");
        let zh = d.part_document(Side::Chinese).unwrap();
        assert_eq!(
            zh.text,
            "港口吞吐量创新高。集装箱增长一成。\n\n新航线下月开通，每周两班。\n"
        );
        assert_eq!(zh.versions, None);
        assert!(zh.sentences().all(|s| s.lang == Lang::ZhHans));
        let en = d.part_document(Side::English).unwrap();
        assert_eq!(en.sentence_count(), 3);
        assert!(en.paragraphs.iter().all(|p| p.lang == Lang::En));
        // A one-language file has no parts.
        let one = doc("港口吞吐量创新高。\n");
        assert_eq!(one.part_document(Side::Chinese).map(|d| d.text), None);
        assert_eq!(one.side_sentences(Side::English), None);
    }
}
