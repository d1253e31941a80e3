//! The review of one cleaning run: which changes are accepted, undo and redo of those decisions, and the
//! rows the side-by-side table draws (a line of the original with the changes that start in it).
//!
//! Main types: [`Review`] and [`ReviewRow`]. Every change in a [`CleanReport`] is a byte range of the
//! original, so accepting or rejecting one never moves another: the review is a `Vec<bool>` beside the report,
//! and the text to show or export is [`CleanReport::apply`] of it.

use std::ops::Range;
use std::sync::Arc;

use crate::clean::{ChangeKind, CleanReport, Rule};

/// One row of the side-by-side table: whole lines of the original, and the changes that start in them.
/// A change that runs over a line break (a collapsed run of blank lines) makes its lines one row.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewRow {
    /// Byte range in the original, line breaks included.
    pub range: Range<usize>,
    /// Indices into the report's changes.
    pub changes: Range<usize>,
    /// Number of the row's first line, from 1.
    pub line: usize,
    /// Estimated width of the original text in ems, for the row height.
    pub ems: f32,
}

/// A cleaning report under review.
pub struct Review {
    /// What cleaning found.
    pub report: Arc<CleanReport>,
    /// Whether each change is applied.
    pub accepted: Vec<bool>,
    /// The rows of the side-by-side table.
    pub rows: Vec<ReviewRow>,
    undo: Vec<Vec<(usize, bool)>>,
    redo: Vec<Vec<(usize, bool)>>,
    /// Counts every change of the decisions, so that the view can tell when to store them again.
    revision: u64,
}

impl Review {
    /// A review starting from the report's default decisions (fixes accepted, flags not).
    pub fn new(report: CleanReport) -> Self {
        let accepted = report.default_accepted();
        let rows = build_rows(&report.original, &report.changes);
        Review {
            report: Arc::new(report),
            accepted,
            rows,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
        }
    }

    /// Takes decisions stored earlier (not an undoable step: they are where the review starts).
    pub fn restore(&mut self, accepted: Vec<bool>) {
        if accepted.len() == self.accepted.len() {
            self.accepted = accepted;
            self.revision += 1;
        }
    }

    /// Changes with every decision, undo and redo.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Accepts (`true`) or rejects the changes `indices`, as one undoable step. Returns whether anything
    /// changed.
    pub fn set(&mut self, indices: impl IntoIterator<Item = usize>, value: bool) -> bool {
        let mut step = Vec::new();
        for i in indices {
            if let Some(slot) = self.accepted.get_mut(i) {
                if *slot != value {
                    step.push((i, *slot));
                    *slot = value;
                }
            }
        }
        if step.is_empty() {
            return false;
        }
        self.undo.push(step);
        self.redo.clear();
        self.revision += 1;
        true
    }

    /// Takes back the last decision. Returns whether there was one.
    pub fn undo(&mut self) -> bool {
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let back = self.flip(step);
        self.redo.push(back);
        self.revision += 1;
        true
    }

    /// Makes the last undone decision again. Returns whether there was one.
    pub fn redo(&mut self) -> bool {
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let back = self.flip(step);
        self.undo.push(back);
        self.revision += 1;
        true
    }

    /// Restores the recorded values and returns the values they replaced.
    fn flip(&mut self, step: Vec<(usize, bool)>) -> Vec<(usize, bool)> {
        step.into_iter()
            .map(|(i, old)| {
                let current = self.accepted[i];
                self.accepted[i] = old;
                (i, current)
            })
            .collect()
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The text with the accepted changes applied.
    pub fn text(&self) -> String {
        self.report.apply(&self.accepted)
    }

    /// Accepted and total changes of a rule.
    pub fn rule_counts(&self, rule: Rule) -> (usize, usize) {
        self.report.changes_of(rule).fold((0, 0), |(a, n), i| {
            (a + usize::from(self.accepted[i]), n + 1)
        })
    }

    /// Fixes and flags in the report.
    pub fn totals(&self) -> (usize, usize) {
        let fixes = self
            .report
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Fix)
            .count();
        (fixes, self.report.changes.len() - fixes)
    }

    /// The row holding change `index`.
    pub fn row_of_change(&self, index: usize) -> Option<usize> {
        let k = self.rows.partition_point(|r| r.changes.end <= index);
        (k < self.rows.len() && self.rows[k].changes.contains(&index)).then_some(k)
    }

    /// The row's text as cleaned, and the byte ranges in it that accepted changes wrote.
    pub fn row_cleaned(&self, row: &ReviewRow) -> (String, Vec<Range<usize>>) {
        let original = &self.report.original;
        let mut out = String::with_capacity(row.range.len());
        let mut written = Vec::new();
        let mut pos = row.range.start;
        for i in row.changes.clone() {
            let change = &self.report.changes[i];
            if !self.accepted[i] || change.span.start < pos || change.span.end > row.range.end {
                continue;
            }
            out.push_str(&original[pos..change.span.start]);
            let start = out.len();
            out.push_str(&change.after);
            written.push(start..out.len());
            pos = change.span.end;
        }
        out.push_str(&original[pos..row.range.end]);
        (out, written)
    }
}

/// Splits `original` into rows of whole lines so that no change crosses a row boundary.
pub fn build_rows(original: &str, changes: &[crate::clean::Change]) -> Vec<ReviewRow> {
    let mut rows = Vec::new();
    let mut next = 0;
    let mut start = 0;
    let mut line = 1;
    while start < original.len() {
        let mut end = line_end(original, start);
        let first = next;
        while next < changes.len() && changes[next].span.start < end {
            if changes[next].span.end > end {
                end = line_end_from(original, changes[next].span.end);
            }
            next += 1;
        }
        let text = &original[start..end];
        rows.push(ReviewRow {
            range: start..end,
            changes: first..next,
            line,
            ems: crate::gui::widgets::estimate_ems(text),
        });
        line += memchr::memchr_iter(b'\n', text.as_bytes()).count();
        start = end;
    }
    // Insertions at the very end of the text belong to the last row.
    if let Some(last) = rows.last_mut() {
        last.changes.end = changes.len();
    }
    rows
}

/// The end of the line starting at `start`, just after its line break.
fn line_end(text: &str, start: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i + 1)
}

/// `pos` when a line starts there, else the end of the line holding it.
fn line_end_from(text: &str, pos: usize) -> usize {
    if pos == 0 || pos >= text.len() || text.as_bytes()[pos - 1] == b'\n' {
        pos.min(text.len())
    } else {
        line_end(text, pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::{CleanOptions, clean};

    fn review(text: &str) -> Review {
        Review::new(clean(text, &CleanOptions::default(), &mut crate::NoProgress).unwrap())
    }

    #[test]
    fn rows_are_lines_and_hold_their_changes() {
        let r = review("中国经(jīng)济发展。\n\n\n\nThe off i cials met.\n");
        assert!(!r.report.changes.is_empty());
        let covered: usize = r.rows.iter().map(|row| row.range.len()).sum();
        assert_eq!(covered, r.report.original.len());
        for (k, row) in r.rows.iter().enumerate() {
            for i in row.changes.clone() {
                let span = &r.report.changes[i].span;
                assert!(row.range.start <= span.start && span.end <= row.range.end);
                assert_eq!(r.row_of_change(i), Some(k));
            }
        }
        let joined: String = r.rows.iter().map(|row| r.row_cleaned(row).0).collect();
        assert_eq!(joined, r.text());
        assert!(r.text().contains("中国经济发展。"));
        assert!(r.text().contains("officials"));
    }

    #[test]
    fn decisions_undo_and_redo() {
        let mut r = review("经(jīng)济。\n");
        let cleaned = r.text();
        let all: Vec<usize> = (0..r.accepted.len()).collect();
        assert!(r.set(all.clone(), false));
        assert_eq!(r.text(), "经(jīng)济。\n");
        assert!(!r.set(all, false), "no change, no undo step");
        assert!(r.undo());
        assert_eq!(r.text(), cleaned);
        assert!(r.redo());
        assert_eq!(r.text(), "经(jīng)济。\n");
        assert!(r.undo() && !r.undo());
    }

    #[test]
    fn empty_and_clean_texts_have_no_changes() {
        assert!(review("").rows.is_empty());
        let r = review("中国经济。\n");
        assert_eq!(r.totals(), (0, 0));
        assert_eq!(r.text(), "中国经济。\n");
    }
}
