//! Documents: decoding files, finding their language, and segmenting them into paragraphs and sentences.
//!
//! Main types: [`Document`] (the decoded text with its [`Paragraph`]s and [`Sentence`]s, each a byte span
//! of the text with its own [`Lang`]), [`Versions`] (how a file holding a Chinese and an English version of
//! the same release lays them out: see [`Layout`]), [`Side`] (one of the two versions), and the entry points
//! [`load_path`], [`load_bytes`] and [`Document::from_text`].

pub mod decode;
mod docx;
pub mod extract;
mod html;
pub mod lang;
mod load;
mod part;
pub mod segment;
mod versions;

use std::ops::Range;
use std::path::PathBuf;

pub use decode::{Decoded, EncodingSource};
pub use lang::Lang;
pub use load::{Format, LoadOptions, display_name, load_bytes, load_path};
pub use part::{Side, SideSentence};
pub use versions::{Layout, Versions};

use crate::{Error, Progress, Result};

/// A sentence: a byte span of [`Document::text`] and its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the document text.
    pub span: Range<usize>,
    /// The sentence's own language; its paragraph's when it has no letters to tell (a date, a figure).
    pub lang: Lang,
}

/// A paragraph: a byte span of [`Document::text`], its language, and its sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in the document text.
    pub span: Range<usize>,
    /// Language of the paragraph's letters taken together: [`Lang::Mixed`] for a paragraph holding a
    /// Chinese sentence and its English translation, whose sentences each carry their own.
    pub lang: Lang,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// A decoded, segmented document.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from (`None` for pasted or piped text).
    pub path: Option<PathBuf>,
    /// Name shown to the user (file name, or `<stdin>`).
    pub name: String,
    /// The file format it was read as.
    pub format: Format,
    /// The encoding it was decoded with (`None` for formats with their own, like DOCX).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// How the encoding was decided.
    pub encoding_source: EncodingSource,
    /// Malformed byte sequences replaced by U+FFFD while decoding.
    pub replacements: usize,
    /// Byte offset of the first malformed sequence in the file.
    pub first_bad_offset: Option<usize>,
    /// The text Duizhao works with: the decoded file, or the extracted text of HTML/DOCX/Markdown with one
    /// paragraph per block.
    pub text: String,
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Set when the file holds a Chinese and an English version of the same release.
    pub versions: Option<Versions>,
    /// The languages of the sentences, most text first, made with the paragraphs (see
    /// [`Document::languages`]).
    languages: Vec<Lang>,
}

impl Document {
    /// Segments `text` (already decoded) into a document named `name`.
    pub fn from_text(
        name: impl Into<String>,
        text: String,
        progress: &mut dyn Progress,
    ) -> Result<Self> {
        let (paragraphs, weights) = segment_paragraphs(&text, progress)?;
        let versions = versions::find(&paragraphs, &weights);
        Ok(Document {
            path: None,
            name: name.into(),
            format: Format::Text,
            encoding: Some(encoding_rs::UTF_8),
            encoding_source: EncodingSource::Detected,
            replacements: 0,
            first_bad_offset: None,
            text,
            languages: languages_of(&paragraphs),
            paragraphs,
            versions,
        })
    }

    /// The text of a byte span, with line breaks inside it joined (a space between Latin words, nothing
    /// between Chinese characters).
    pub fn span_text(&self, span: &Range<usize>) -> std::borrow::Cow<'_, str> {
        join_lines(&self.text[span.clone()])
    }

    /// All sentences in document order.
    pub fn sentences(&self) -> impl Iterator<Item = &Sentence> {
        self.paragraphs.iter().flat_map(|p| p.sentences.iter())
    }

    /// Number of sentences.
    pub fn sentence_count(&self) -> usize {
        self.paragraphs.iter().map(|p| p.sentences.len()).sum()
    }

    /// The languages present, most text first (by bytes of sentences in each language: a paragraph of
    /// a Chinese sentence and its English one counts as both languages, not as mixed).
    pub fn languages(&self) -> Vec<Lang> {
        self.languages.clone()
    }

    /// The main language: the one with the most text, ignoring `und`.
    pub fn main_lang(&self) -> Lang {
        self.languages()
            .into_iter()
            .find(|l| *l != Lang::Other)
            .unwrap_or(Lang::Other)
    }
}

/// The languages of the sentences of `paragraphs`, most text first (see [`Document::languages`]). Made
/// once with the document: views ask for them every frame, and a long release has 50,000 sentences.
fn languages_of(paragraphs: &[Paragraph]) -> Vec<Lang> {
    let mut by_lang: Vec<(Lang, usize)> = Vec::new();
    for s in paragraphs.iter().flat_map(|p| p.sentences.iter()) {
        let len = s.span.len();
        match by_lang.iter_mut().find(|(l, _)| *l == s.lang) {
            Some((_, n)) => *n += len,
            None => by_lang.push((s.lang, len)),
        }
    }
    by_lang.sort_by_key(|entry| std::cmp::Reverse(entry.1));
    by_lang.into_iter().map(|(l, _)| l).collect()
}

/// Joins the lines of a soft-wrapped span.
fn join_lines(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('\n') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        let line = if i > 0 { line.trim_start() } else { line };
        if i > 0 {
            let prev_han = out.chars().last().is_some_and(segment::is_han);
            let next_han = line.chars().next().is_some_and(segment::is_han);
            if !(out.ends_with(' ') || line.is_empty() || prev_han && next_han) {
                out.push(' ');
            }
        }
        out.push_str(line.trim_end());
    }
    std::borrow::Cow::Owned(out)
}

/// The weight of a stretch of text in Chinese and in Latin script, in Latin-letter equivalents (a Han
/// character weighs 2.5 letters).
type Weight = (f64, f64);

/// Splits text into paragraph spans, segments their sentences and decides each one's language.
///
/// Blank lines always separate paragraphs. Inside a block of lines, each line is its own paragraph
/// (scraped releases put one paragraph per line) unless the block is hard-wrapped prose: most lines long
/// and not ending a sentence, in which case the block is one paragraph.
///
/// A paragraph's language is that of all its letters; a sentence's is its own, or its paragraph's when it
/// has no letter at all (a date, a figure). Also returns each sentence's (Chinese, Latin) weight, per
/// paragraph, for [`versions::find`].
fn segment_paragraphs(
    text: &str,
    progress: &mut dyn Progress,
) -> Result<(Vec<Paragraph>, Vec<Vec<Weight>>)> {
    progress.start(text.len() as u64, "Segmenting");
    let mut counted = Vec::new();
    let mut totals = lang::LangCounts::default();
    let mut since_report = 0usize;
    for span in paragraph_spans(text) {
        // A paragraph's counts are the sum of its sentences' (only spaces lie between them), so each
        // character is counted once.
        let mut para = lang::LangCounts::default();
        let sentences: Vec<(Range<usize>, lang::LangCounts)> =
            segment::sentences(&text[span.clone()])
                .into_iter()
                .map(|r| {
                    let r = span.start + r.start..span.start + r.end;
                    let c = lang::LangCounts::of(&text[r.clone()]);
                    para += c;
                    (r, c)
                })
                .collect();
        totals += para;
        since_report += span.len();
        if since_report > 256 * 1024 {
            if !progress.advance(since_report as u64) {
                return Err(Error::Cancelled);
            }
            since_report = 0;
        }
        counted.push((span, para, sentences));
    }
    // Text that could be either script follows the document's majority.
    let doc_script = if totals.traditional_only > totals.simplified_only {
        Lang::ZhHant
    } else {
        Lang::ZhHans
    };
    let mut paragraphs = Vec::with_capacity(counted.len());
    let mut weights = Vec::with_capacity(counted.len());
    for (span, counts, sentences) in counted {
        let lang = counts.lang(doc_script);
        let script = if lang.is_chinese() { lang } else { doc_script };
        weights.push(
            sentences
                .iter()
                .map(|(_, c)| (c.zh_weight(), c.latin as f64))
                .collect(),
        );
        let sentences = sentences
            .into_iter()
            .map(|(span, c)| Sentence {
                span,
                lang: if c.is_empty() { lang } else { c.lang(script) },
            })
            .collect();
        paragraphs.push(Paragraph {
            span,
            lang,
            sentences,
        });
    }
    Ok((paragraphs, weights))
}

/// Byte spans of the paragraphs of `text`, trimmed of surrounding whitespace.
fn paragraph_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut block: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let content = pos..pos + line.trim_end_matches(['\n', '\r']).len();
        pos += line.len();
        if text[content.clone()].trim().is_empty() {
            flush_block(text, &mut block, &mut out);
        } else {
            block.push(content);
        }
    }
    flush_block(text, &mut block, &mut out);
    out
}

fn flush_block(text: &str, block: &mut Vec<Range<usize>>, out: &mut Vec<Range<usize>>) {
    if block.is_empty() {
        return;
    }
    if is_hard_wrapped(text, block) {
        out.push(trim_span(text, block[0].start..block[block.len() - 1].end));
    } else {
        out.extend(block.iter().map(|r| trim_span(text, r.clone())));
    }
    block.clear();
}

/// A block is hard-wrapped prose when it has several lines, most lines but the last are long, and few of
/// them end a sentence.
fn is_hard_wrapped(text: &str, block: &[Range<usize>]) -> bool {
    if block.len() < 3 {
        return false;
    }
    let body = &block[..block.len() - 1];
    let widths: Vec<usize> = body
        .iter()
        .map(|r| text[r.clone()].trim().chars().count())
        .collect();
    let max = widths.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return false;
    }
    let long = widths.iter().filter(|&&w| w * 10 >= max * 7).count();
    let ending = body
        .iter()
        .filter(|r| {
            text[(*r).clone()]
                .trim_end()
                .ends_with(['.', '!', '?', '。', '！', '？', '；', '”', '"', ':', '：'])
        })
        .count();
    // Bullets and list items are separate paragraphs even when long.
    let bullets = body
        .iter()
        .filter(|r| {
            text[(*r).clone()]
                .trim_start()
                .starts_with(['•', '-', '*', '·', '●', '■', '◆'])
        })
        .count();
    long * 10 >= body.len() * 8 && ending * 4 <= body.len() && bullets == 0
}

fn trim_span(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    r.start + lead..r.end - trail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NoProgress;

    fn doc(text: &str) -> Document {
        Document::from_text("t", text.to_string(), &mut NoProgress).unwrap()
    }

    #[test]
    fn one_paragraph_per_line_and_per_block() {
        let d = doc(
            "第一段。第二句。\n  Second paragraph. It has two sentences.\n\n\n  • A bullet line\n",
        );
        let paras: Vec<&str> = d
            .paragraphs
            .iter()
            .map(|p| &d.text[p.span.clone()])
            .collect();
        assert_eq!(
            paras,
            [
                "第一段。第二句。",
                "Second paragraph. It has two sentences.",
                "• A bullet line"
            ]
        );
        assert_eq!(d.sentence_count(), 5);
        assert_eq!(d.paragraphs[0].lang, Lang::ZhHans);
        assert_eq!(d.paragraphs[1].lang, Lang::En);
    }

    #[test]
    fn hard_wrapped_prose_is_one_paragraph() {
        let text = "The delegation visited the bonded port area and met officials from the\n\
                    municipal commerce commission to discuss cold chain logistics, direct\n\
                    flights and new investment projects in the free trade zone this spring\n\
                    season.\n";
        let d = doc(text);
        assert_eq!(d.paragraphs.len(), 1);
        let s = d.span_text(&d.paragraphs[0].sentences[0].span);
        assert!(s.contains("from the municipal"), "{s}");
    }

    #[test]
    fn two_language_file_is_split_into_halves() {
        let zh = "重庆市与加州签署全面经贸合作谅解备忘录。双方将在冷链物流和数据中心等领域合作。\n\
                  一是组团考察。二是推动双向投资。三是举办加州节。\n";
        let en = "Chongqing Expands Cooperation with California\n\
                  After signing a comprehensive economic and trade MOU, the two sides will cooperate in cold chain logistics.\n\
                  First, a delegation will visit. Second, investment will be boosted. Third, a festival will be held.\n";
        let d = doc(&format!("{zh}{en}"));
        let v = d.versions.expect("two versions found");
        assert_eq!(
            (v.layout, v.first, v.second),
            (Layout::Halves { split: 2 }, Lang::ZhHans, Lang::En)
        );
        let paragraphs = |side| -> Vec<usize> {
            let mut ps: Vec<usize> = d
                .side_sentences(side)
                .unwrap()
                .iter()
                .map(|s| s.paragraph)
                .collect();
            ps.dedup();
            ps
        };
        assert_eq!(paragraphs(Side::Chinese), [0, 1]);
        assert_eq!(paragraphs(Side::English), [2, 3, 4]);
        // English first works too.
        let d = doc(&format!("{en}{zh}"));
        assert_eq!(
            d.versions.map(|v| (v.first, v.second)),
            Some((Lang::En, Lang::ZhHans))
        );
    }

    #[test]
    fn english_with_a_chinese_header_is_not_two_halves() {
        let d = doc(
            "网站首页 | 中文版\nThe city signed an agreement. Trade rose. Investment grew strongly this year.\nMore news follows here with further details on exports and imports.\n",
        );
        assert_eq!(d.versions, None);
    }

    #[test]
    fn each_sentence_carries_its_own_language() {
        let d = doc("两江新区位于重庆。Liangjiang is in Chongqing. 2024.
                     兩江新區位於重慶。
");
        let langs: Vec<(String, Lang)> = d
            .sentences()
            .map(|s| (d.span_text(&s.span).into_owned(), s.lang))
            .collect();
        assert_eq!(
            langs,
            [
                ("两江新区位于重庆。".to_string(), Lang::ZhHans),
                ("Liangjiang is in Chongqing.".to_string(), Lang::En),
                // No letters: the paragraph's language.
                ("2024.".to_string(), Lang::Mixed),
                ("兩江新區位於重慶。".to_string(), Lang::ZhHant),
            ]
        );
        assert_eq!(d.paragraphs[0].lang, Lang::Mixed);
        // Languages count sentences, so the mixed paragraph counts as Chinese and English.
        assert_eq!(d.languages()[..2], [Lang::ZhHans, Lang::En]);
    }

    #[test]
    fn span_text_joins_wrapped_lines() {
        assert_eq!(join_lines("两江\n新区"), "两江新区");
        assert_eq!(join_lines("bonded\n  port"), "bonded port");
        assert_eq!(join_lines("no break"), "no break");
    }
}
