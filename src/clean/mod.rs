//! Cleaning scraped releases for editors: a pipeline of named rules that repair or flag dirt, every change
//! recorded against the original text so that a reviewer can accept or reject each one.
//!
//! Main items:
//! - [`clean`]: runs the enabled rules over a text and returns a [`CleanReport`].
//! - [`CleanReport`], [`Change`], [`ChangeKind`]: the original, the changes (byte span in the original,
//!   before → after, rule, reason, confidence, fix or flag), the boilerplate side list and [`Metadata`].
//! - [`apply`]: the original plus an accepted subset of changes gives the text to show or export.
//! - [`StreamCleaner`] and [`split_point`]: the same pipeline chunk by chunk, for files too large to hold.
//!
//! The rules, by their names in the CLI and the report: `pinyin`, `ligatures`, `mojibake`, `boilerplate`,
//! `punctuation`, `whitespace`, `mixed-script`, `run-together`. They run in a fixed order (mojibake first,
//! because the others need readable text; whitespace last, because the others leave blank lines and spaces
//! behind), each on the text the previous ones produced; the pipeline maps every edit back to the original.

mod boilerplate;
mod edits;
mod ligatures;
mod mixed_script;
mod mojibake;
mod pinyin;
mod pipeline;
mod punctuation;
mod report;
mod run_together;
mod scan;
mod text;
mod whitespace;
mod words;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Error, Progress, Result};

pub use pipeline::{StreamCleaner, side_lines, split_point};
pub use report::{Change, ChangeKind, CleanReport, Metadata, RuleCount, SideLine, apply};

/// A cleaning rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Inline pinyin after Han characters: 經(jīng) → 經.
    Pinyin,
    /// PDF ligature splits and ligature characters: "off i cials" → "officials", ﬁ → fi.
    Ligatures,
    /// Text decoded with the wrong encoding: UTF-8 read as Latin-1/Windows-1252/MacRoman…, GBK or Big5 read as
    /// a single-byte code page.
    Mojibake,
    /// Navigation, source/author/date headers, copyright and licence lines, contact lines, QR-code captions.
    Boilerplate,
    /// Half-width punctuation in Chinese and full-width punctuation in English (GB/T 15834).
    Punctuation,
    /// Non-breaking space runs, bullet indentation, repeated blank lines, trailing spaces, NFC.
    Whitespace,
    /// Simplified characters inside Traditional text and the reverse (flagged, with the converted block).
    MixedScript,
    /// Words run together where markup was stripped: "talksbetween" (flagged, with the split).
    RunTogether,
}

impl Rule {
    /// Every rule, in the order they are listed to users.
    pub const ALL: [Rule; 8] = [
        Rule::Pinyin,
        Rule::Ligatures,
        Rule::Mojibake,
        Rule::Boilerplate,
        Rule::Punctuation,
        Rule::Whitespace,
        Rule::MixedScript,
        Rule::RunTogether,
    ];

    /// The rule's name in the CLI and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Pinyin => "pinyin",
            Rule::Ligatures => "ligatures",
            Rule::Mojibake => "mojibake",
            Rule::Boilerplate => "boilerplate",
            Rule::Punctuation => "punctuation",
            Rule::Whitespace => "whitespace",
            Rule::MixedScript => "mixed-script",
            Rule::RunTogether => "run-together",
        }
    }

    /// A one-line description for menus and `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Rule::Pinyin => "remove inline pinyin after Han characters: 經(jīng) → 經",
            Rule::Ligatures => "join PDF ligature splits: off i cials → officials",
            Rule::Mojibake => {
                "repair text decoded with the wrong encoding; flag what cannot be repaired"
            }
            Rule::Boilerplate => "move navigation, headers, copyright and contact lines aside",
            Rule::Punctuation => "full-width punctuation in Chinese, half-width in English",
            Rule::Whitespace => {
                "non-breaking spaces, bullet indentation, blank lines, trailing spaces, NFC"
            }
            Rule::MixedScript => "flag Simplified characters in Traditional text and the reverse",
            Rule::RunTogether => "flag words run together: talksbetween → talks between",
        }
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Rule {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        let wanted = s.trim();
        Rule::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                let names: Vec<_> = Rule::ALL.iter().map(|r| r.name()).collect();
                Error::Invalid(format!(
                    "unknown cleaning rule '{wanted}': the rules are {}",
                    names.join(", ")
                ))
            })
    }
}

/// A set of rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleSet(u16);

impl RuleSet {
    /// Every rule.
    pub fn all() -> Self {
        Rule::ALL.into_iter().collect()
    }

    /// No rule.
    pub fn none() -> Self {
        RuleSet(0)
    }

    /// Parses a comma-separated list of rule names (`pinyin,whitespace`).
    pub fn parse(list: &str) -> Result<Self> {
        list.split(',')
            .filter(|s| !s.trim().is_empty())
            .map(Rule::from_str)
            .collect()
    }

    /// Whether `rule` is in the set.
    pub fn contains(self, rule: Rule) -> bool {
        self.0 & rule.bit() != 0
    }

    /// The set with `rule` added.
    pub fn with(self, rule: Rule) -> Self {
        RuleSet(self.0 | rule.bit())
    }

    /// The set with `rule` removed.
    pub fn without(self, rule: Rule) -> Self {
        RuleSet(self.0 & !rule.bit())
    }

    /// The rules in the set, in [`Rule::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::all()
    }
}

impl FromIterator<Rule> for RuleSet {
    fn from_iter<I: IntoIterator<Item = Rule>>(iter: I) -> Self {
        iter.into_iter().fold(RuleSet::none(), RuleSet::with)
    }
}

/// What [`clean`] does.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanOptions {
    /// The rules to run.
    pub rules: RuleSet,
    /// Boilerplate lines at least this sure are moved aside; less sure ones are only flagged.
    pub boilerplate_threshold: f32,
    /// The text is cleaned in chunks of about this many bytes, cut between lines, so that memory and the
    /// latency of a cancel stay bounded on very large files.
    pub chunk_bytes: usize,
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            rules: RuleSet::all(),
            boilerplate_threshold: 0.6,
            chunk_bytes: 1 << 20,
        }
    }
}

impl CleanOptions {
    /// Options running only the given rules.
    pub fn only(rules: RuleSet) -> Self {
        CleanOptions {
            rules,
            ..CleanOptions::default()
        }
    }
}

/// Cleans `text` with the enabled rules and reports every change against the original.
///
/// Progress is reported in bytes of `text`; when [`Progress::advance`] returns `false` the work stops with
/// [`Error::Cancelled`]. Nothing here is shared between calls, so the GUI can run it on a worker thread.
pub fn clean(
    text: &str,
    options: &CleanOptions,
    progress: &mut dyn Progress,
) -> Result<CleanReport> {
    progress.start(text.len() as u64, "Cleaning");
    let mut cleaner = StreamCleaner::new(options.clone());
    let mut changes = Vec::new();
    let mut offset = 0;
    while offset < text.len() {
        let rest = &text[offset..];
        let cut = split_point(rest, options.chunk_bytes);
        let chunk = &rest[..cut];
        let is_last = offset + cut == text.len();
        for mut change in cleaner.clean_chunk(chunk, is_last) {
            change.span = change.span.start + offset..change.span.end + offset;
            changes.push(change);
        }
        offset += cut;
        if !progress.advance(cut as u64) {
            return Err(Error::Cancelled);
        }
    }
    let boilerplate = pipeline::side_lines(&changes, options.rules);
    Ok(CleanReport {
        original: text.to_owned(),
        changes,
        boilerplate,
        metadata: cleaner.into_metadata(),
    })
}
