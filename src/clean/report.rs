//! What cleaning found: the [`CleanReport`] with its list of [`Change`]s, the boilerplate side list and the
//! document [`Metadata`], plus [`apply`], which rebuilds a text from the original and the changes a reviewer
//! accepted.
//!
//! Every change is expressed against the *original* text (a byte range in it), changes never overlap, and they
//! are sorted by position. Accepting or rejecting one change therefore never disturbs another, and undo is
//! just flipping a flag back: the GUI keeps a `Vec<bool>` beside the report and calls [`apply`].

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::Rule;

/// Whether a change is made by default or only suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A repair the rule is confident of; applied unless the reviewer rejects it.
    Fix,
    /// Something that looks wrong. `after` holds the suggestion (equal to `before` when there is none); it is
    /// applied only if the reviewer accepts it.
    Flag,
}

/// One change a rule made or suggests.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// The rule that made it.
    pub rule: Rule,
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// The original text of `span`.
    pub before: String,
    /// The replacement (for a [`ChangeKind::Flag`], the suggestion).
    pub after: String,
    /// Why, in words an editor understands.
    pub reason: String,
    /// How sure the rule is, from 0 to 1.
    pub confidence: f32,
    /// Applied by default, or only suggested.
    pub kind: ChangeKind,
    /// Changes that belong together (the characters of one mixed-script block) share a group number, so that
    /// the GUI can accept the whole block with one click.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<u32>,
}

impl Change {
    /// Whether accepting this change alters the text (a flag without a suggestion does not).
    pub fn alters_text(&self) -> bool {
        self.before != self.after
    }
}

/// A line moved out of the text by the `boilerplate` rule, kept so that it can be restored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideLine {
    /// The line as it stood in the original (without its line break).
    pub text: String,
    /// Byte range of the removal in the original (the line and its line break).
    pub span: Range<usize>,
    /// How sure the rule is that this is boilerplate.
    pub confidence: f32,
    /// What kind of boilerplate it looked like.
    pub reason: String,
    /// Index of the corresponding change in [`CleanReport::changes`]: reject it to restore the line.
    pub change: usize,
    /// Suggestions for the line should it be restored: words run together in it ("CommerceUndertaker" →
    /// "Commerce Undertaker"), as `run-together` flags with spans in the original. They are not in
    /// [`CleanReport::changes`], which the line's removal covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Change>,
}

/// Facts about the document found in its boilerplate (the first occurrence of each).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    /// Publication date, as `YYYY-MM-DD` when it could be read, else as written.
    pub date: Option<String>,
    /// The source named in a "Source:"/"来源：" header.
    pub source: Option<String>,
    /// The author named in an "Author:"/"作者：" header.
    pub author: Option<String>,
    /// The host or publisher named in a "Host:"/"主办：" line.
    pub publisher: Option<String>,
}

impl Metadata {
    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.date.is_none()
            && self.source.is_none()
            && self.author.is_none()
            && self.publisher.is_none()
    }

    /// Fills the fields still empty from `other`.
    pub(crate) fn fill_from(&mut self, other: Metadata) {
        self.date = self.date.take().or(other.date);
        self.source = self.source.take().or(other.source);
        self.author = self.author.take().or(other.author);
        self.publisher = self.publisher.take().or(other.publisher);
    }
}

/// Counts for one rule, for the GUI's change list and the CLI's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    /// The rule.
    pub rule: Rule,
    /// Changes applied by default.
    pub fixes: usize,
    /// Suggestions and warnings.
    pub flags: usize,
}

/// The result of [`super::clean`]: the original text and everything the rules found in it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CleanReport {
    /// The text as given. Not serialised: reports written as JSON sit beside the file they describe.
    #[serde(skip)]
    pub original: String,
    /// Every change, sorted by position, never overlapping.
    pub changes: Vec<Change>,
    /// Lines moved aside by the `boilerplate` rule.
    pub boilerplate: Vec<SideLine>,
    /// Date, source, author and publisher found in the boilerplate.
    pub metadata: Metadata,
}

impl CleanReport {
    /// The acceptance a report starts with: fixes accepted, flags not.
    pub fn default_accepted(&self) -> Vec<bool> {
        self.changes
            .iter()
            .map(|c| c.kind == ChangeKind::Fix)
            .collect()
    }

    /// The cleaned text with the default acceptance.
    pub fn cleaned(&self) -> String {
        apply(&self.original, &self.changes, &self.default_accepted())
    }

    /// The text with exactly the `accepted` changes applied (one flag per change).
    pub fn apply(&self, accepted: &[bool]) -> String {
        apply(&self.original, &self.changes, accepted)
    }

    /// Whether the rules found nothing to fix (flags may still be present).
    pub fn is_clean(&self) -> bool {
        !self.changes.iter().any(|c| c.kind == ChangeKind::Fix)
    }

    /// Fixes and flags per rule, in the order of [`Rule::ALL`]; rules that found nothing are left out.
    pub fn counts(&self) -> Vec<RuleCount> {
        Rule::ALL
            .iter()
            .filter_map(|&rule| {
                let (fixes, flags) = self.changes.iter().filter(|c| c.rule == rule).fold(
                    (0, 0),
                    |(f, g), c| match c.kind {
                        ChangeKind::Fix => (f + 1, g),
                        ChangeKind::Flag => (f, g + 1),
                    },
                );
                (fixes + flags > 0).then_some(RuleCount { rule, fixes, flags })
            })
            .collect()
    }

    /// Indices of the changes a rule made, for accepting or rejecting a whole rule at once.
    pub fn changes_of(&self, rule: Rule) -> impl Iterator<Item = usize> + '_ {
        self.changes
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.rule == rule)
            .map(|(i, _)| i)
    }

    /// Indices of the changes in a group (one mixed-script block).
    pub fn changes_in_group(&self, group: u32) -> impl Iterator<Item = usize> + '_ {
        self.changes
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.group == Some(group))
            .map(|(i, _)| i)
    }
}

/// Rebuilds a text from `original` with the accepted changes applied.
///
/// `changes` must be sorted and non-overlapping, as in a [`CleanReport`]; `accepted[i]` says whether
/// `changes[i]` is applied (missing entries count as rejected). Changes whose span does not fit the original
/// (a report from another text) are skipped rather than panicking.
pub fn apply(original: &str, changes: &[Change], accepted: &[bool]) -> String {
    // Room for every replacement: full-width marks are longer than the half-width ones they replace, and
    // growing a chunk-sized string by doubling would copy it again.
    let extra: usize = changes.iter().map(|c| c.after.len()).sum();
    let mut out = String::with_capacity(original.len() + extra);
    let mut pos = 0;
    for (i, change) in changes.iter().enumerate() {
        if !accepted.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Range { start, end } = change.span;
        if start < pos
            || end < start
            || end > original.len()
            || !original.is_char_boundary(start)
            || !original.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&original[pos..start]);
        out.push_str(&change.after);
        pos = end;
    }
    out.push_str(&original[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(span: Range<usize>, before: &str, after: &str, kind: ChangeKind) -> Change {
        Change {
            rule: Rule::Whitespace,
            span,
            before: before.into(),
            after: after.into(),
            reason: String::new(),
            confidence: 1.0,
            kind,
            group: None,
        }
    }

    #[test]
    fn apply_honours_each_flag() {
        let original = "ab  cd\u{a0}\u{a0}ef";
        let changes = vec![
            change(2..4, "  ", " ", ChangeKind::Fix),
            change(6..10, "\u{a0}\u{a0}", " ", ChangeKind::Flag),
        ];
        let cases: [(&[bool], &str); 5] = [
            (&[true, true], "ab cd ef"),
            (&[true, false], "ab cd\u{a0}\u{a0}ef"),
            (&[false, true], "ab  cd ef"),
            (&[false, false], original),
            (&[true], "ab cd\u{a0}\u{a0}ef"),
        ];
        for (accepted, want) in cases {
            assert_eq!(apply(original, &changes, accepted), want, "{accepted:?}");
        }
    }

    #[test]
    fn apply_skips_spans_that_do_not_fit() {
        let changes = vec![
            change(2..40, "x", "y", ChangeKind::Fix),
            change(1..2, "界", "", ChangeKind::Fix),
        ];
        assert_eq!(apply("世界", &changes, &[true, true]), "世界");
    }

    #[test]
    fn counts_group_by_rule() {
        let mut report = CleanReport {
            original: "a  b".into(),
            changes: vec![change(1..3, "  ", " ", ChangeKind::Fix)],
            ..Default::default()
        };
        report.changes.push(Change {
            rule: Rule::RunTogether,
            ..change(3..4, "b", "b", ChangeKind::Flag)
        });
        assert_eq!(
            report.counts(),
            vec![
                RuleCount {
                    rule: Rule::Whitespace,
                    fixes: 1,
                    flags: 0
                },
                RuleCount {
                    rule: Rule::RunTogether,
                    fixes: 0,
                    flags: 1
                },
            ]
        );
        assert_eq!(report.cleaned(), "a b");
        assert!(!report.is_clean());
    }
}
