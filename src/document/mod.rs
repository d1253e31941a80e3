//! Documents: decoding files, finding their language, and segmenting them into paragraphs and sentences.
//!
//! Main types: [`Document`] (the decoded text with its [`Paragraph`]s and [`Sentence`]s, each a byte span
//! of the text with a [`Lang`]), [`Halves`] (a file holding a Chinese and an English version of the same
//! release), and the entry points [`load_path`], [`load_bytes`] and [`Document::from_text`].

pub mod decode;
pub mod extract;
pub mod lang;
mod load;
mod part;
pub mod segment;

use std::ops::Range;
use std::path::PathBuf;

pub use decode::{Decoded, EncodingSource};
pub use lang::Lang;
pub use load::{Format, LoadOptions, display_name, load_bytes, load_path};
pub use part::Side;

use crate::{Error, Progress, Result};

/// A sentence: a byte span of [`Document::text`] and its language (that of its paragraph).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the document text.
    pub span: Range<usize>,
    /// Language of the paragraph it belongs to.
    pub lang: Lang,
}

/// A paragraph: a byte span of [`Document::text`], its language, and its sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in the document text.
    pub span: Range<usize>,
    /// Language decided for the whole paragraph.
    pub lang: Lang,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// A file that holds two language versions of the same release, one after the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Halves {
    /// Index of the first paragraph of the second half.
    pub split: usize,
    /// Language of the first half.
    pub first: Lang,
    /// Language of the second half.
    pub second: Lang,
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
    pub halves: Option<Halves>,
}

impl Document {
    /// Segments `text` (already decoded) into a document named `name`.
    pub fn from_text(
        name: impl Into<String>,
        text: String,
        progress: &mut dyn Progress,
    ) -> Result<Self> {
        let (paragraphs, weights) = segment_paragraphs(&text, progress)?;
        let halves = find_halves(&paragraphs, &weights);
        Ok(Document {
            path: None,
            name: name.into(),
            format: Format::Text,
            encoding: Some(encoding_rs::UTF_8),
            encoding_source: EncodingSource::Detected,
            replacements: 0,
            first_bad_offset: None,
            text,
            paragraphs,
            halves,
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

    /// The languages present, most text first (by bytes of paragraphs in each language).
    pub fn languages(&self) -> Vec<Lang> {
        let mut by_lang: Vec<(Lang, usize)> = Vec::new();
        for p in &self.paragraphs {
            let len = p.span.len();
            match by_lang.iter_mut().find(|(l, _)| *l == p.lang) {
                Some((_, n)) => *n += len,
                None => by_lang.push((p.lang, len)),
            }
        }
        by_lang.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        by_lang.into_iter().map(|(l, _)| l).collect()
    }

    /// The main language: the one with the most text, ignoring `und`.
    pub fn main_lang(&self) -> Lang {
        self.languages()
            .into_iter()
            .find(|l| *l != Lang::Other)
            .unwrap_or(Lang::Other)
    }

    /// The sentences of one half (for a two-language file) or of the whole document, as text.
    pub fn sentence_texts(&self, paragraphs: Range<usize>) -> Vec<String> {
        self.paragraphs[paragraphs]
            .iter()
            .flat_map(|p| p.sentences.iter())
            .map(|s| self.span_text(&s.span).into_owned())
            .collect()
    }

    /// Paragraph ranges of the Chinese and the English half, when the file holds both.
    pub fn half_ranges(&self) -> Option<(Range<usize>, Range<usize>)> {
        let h = self.halves?;
        let (first, second) = (0..h.split, h.split..self.paragraphs.len());
        if h.first.is_chinese() {
            Some((first, second))
        } else {
            Some((second, first))
        }
    }
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

/// A paragraph's weight in Chinese and in Latin script, in Latin-letter equivalents.
type Weight = (f64, f64);

/// Splits text into paragraph spans, decides their language and segments their sentences.
///
/// Blank lines always separate paragraphs. Inside a block of lines, each line is its own paragraph
/// (scraped releases put one paragraph per line) unless the block is hard-wrapped prose: most lines long
/// and not ending a sentence, in which case the block is one paragraph.
///
/// Also returns each paragraph's (Chinese, Latin) weight for [`find_halves`].
fn segment_paragraphs(
    text: &str,
    progress: &mut dyn Progress,
) -> Result<(Vec<Paragraph>, Vec<Weight>)> {
    progress.start(text.len() as u64, "Segmenting");
    let spans = paragraph_spans(text);
    let mut counts = Vec::with_capacity(spans.len());
    let mut totals = lang::LangCounts::default();
    let mut since_report = 0usize;
    for span in &spans {
        let c = lang::LangCounts::of(&text[span.clone()]);
        totals.simplified_only += c.simplified_only;
        totals.traditional_only += c.traditional_only;
        counts.push(c);
        since_report += span.len();
        if since_report > 256 * 1024 {
            // Language counting is half the work; report it as half the bytes.
            if !progress.advance(since_report as u64 / 2) {
                return Err(Error::Cancelled);
            }
            since_report = 0;
        }
    }
    // Paragraphs that could be either script follow the document's majority.
    let doc_script = if totals.traditional_only > totals.simplified_only {
        Lang::ZhHant
    } else {
        Lang::ZhHans
    };
    let mut paragraphs = Vec::with_capacity(spans.len());
    let weights = counts
        .iter()
        .map(|c| (c.han as f64 * 2.5, c.latin as f64))
        .collect();
    for (span, c) in spans.into_iter().zip(counts) {
        let lang = c.lang(doc_script);
        let sentences = segment::sentences(&text[span.clone()])
            .into_iter()
            .map(|r| Sentence {
                span: span.start + r.start..span.start + r.end,
                lang,
            })
            .collect();
        since_report += span.len();
        if since_report > 256 * 1024 {
            if !progress.advance(since_report as u64 / 2) {
                return Err(Error::Cancelled);
            }
            since_report = 0;
        }
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

/// Finds a split into a Chinese half and an English half (in either order).
///
/// Each paragraph weighs its letters (a Han character as 2.5 Latin letters). The split is the paragraph
/// index where the agreement with "all A before, all B after" is best; it counts when at least 90% of the
/// weight agrees and each half carries at least 15% of it.
fn find_halves(paragraphs: &[Paragraph], weights: &[Weight]) -> Option<Halves> {
    let total: f64 = weights.iter().map(|(z, e)| z + e).sum();
    let (zh_total, en_total): (f64, f64) = weights
        .iter()
        .fold((0.0, 0.0), |a, w| (a.0 + w.0, a.1 + w.1));
    if total == 0.0 || zh_total < 0.15 * total || en_total < 0.15 * total {
        return None;
    }
    let mut best: Option<(f64, usize, bool)> = None;
    for zh_first in [true, false] {
        // agreement(k) = weight of the first language in [0, k) + weight of the second in [k, n)
        let mut before = 0.0;
        let mut after: f64 = weights
            .iter()
            .map(|w| if zh_first { w.1 } else { w.0 })
            .sum();
        for k in 1..paragraphs.len() {
            let w = weights[k - 1];
            before += if zh_first { w.0 } else { w.1 };
            after -= if zh_first { w.1 } else { w.0 };
            let score = before + after;
            if best.is_none_or(|b| score > b.0) {
                best = Some((score, k, zh_first));
            }
        }
    }
    let (score, split, zh_first) = best?;
    let first_weight: f64 = weights[..split].iter().map(|w| w.0 + w.1).sum();
    let second_weight = total - first_weight;
    if score < 0.9 * total || first_weight < 0.15 * total || second_weight < 0.15 * total {
        return None;
    }
    let zh_lang = |range: Range<usize>| {
        let (s, t) = paragraphs[range]
            .iter()
            .fold((0, 0), |acc, p| match p.lang {
                Lang::ZhHans => (acc.0 + p.span.len(), acc.1),
                Lang::ZhHant => (acc.0, acc.1 + p.span.len()),
                _ => acc,
            });
        if t > s { Lang::ZhHant } else { Lang::ZhHans }
    };
    let (first, second) = if zh_first {
        (zh_lang(0..split), Lang::En)
    } else {
        (Lang::En, zh_lang(split..paragraphs.len()))
    };
    Some(Halves {
        split,
        first,
        second,
    })
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
        let h = d.halves.expect("halves found");
        assert_eq!((h.split, h.first, h.second), (2, Lang::ZhHans, Lang::En));
        let (zh_r, en_r) = d.half_ranges().unwrap();
        assert_eq!((zh_r, en_r), (0..2, 2..5));
        // English first works too.
        let d = doc(&format!("{en}{zh}"));
        assert_eq!(
            d.halves.map(|h| (h.first, h.second)),
            Some((Lang::En, Lang::ZhHans))
        );
    }

    #[test]
    fn english_with_a_chinese_header_is_not_two_halves() {
        let d = doc(
            "网站首页 | 中文版\nThe city signed an agreement. Trade rose. Investment grew strongly this year.\nMore news follows here with further details on exports and imports.\n",
        );
        assert_eq!(d.halves, None);
    }

    #[test]
    fn span_text_joins_wrapped_lines() {
        assert_eq!(join_lines("两江\n新区"), "两江新区");
        assert_eq!(join_lines("bonded\n  port"), "bonded port");
        assert_eq!(join_lines("no break"), "no break");
    }
}
