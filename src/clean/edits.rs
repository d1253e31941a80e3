//! Mapping the edits each rule makes on the text before it back to changes on the original.
//!
//! Main items: `Edit` (what a rule returns: a range of the text it was given, the replacement, why, how sure,
//! fix or flag) and `EditLog` (the changes so far, the text they produce, and the mapping). An edit that
//! lands inside an earlier change (a ligature inside repaired mojibake) is merged into it; one that covers
//! earlier changes (a boilerplate line that had mojibake) takes them over; so the changes of a report never
//! overlap and each can be accepted or rejected alone.

use std::ops::Range;

use super::Rule;
use super::report::{Change, ChangeKind};

/// An edit a rule proposes on the text it was given.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Edit {
    /// Byte range in the rule's input.
    pub range: Range<usize>,
    /// Replacement (suggestion for a flag).
    pub after: String,
    /// Why.
    pub reason: String,
    /// How sure, 0 to 1.
    pub confidence: f32,
    /// Fix or flag.
    pub kind: ChangeKind,
    /// Block the edit belongs to (mixed-script).
    pub group: Option<u32>,
}

impl Edit {
    /// A fix.
    pub fn fix(
        range: Range<usize>,
        after: impl Into<String>,
        reason: impl Into<String>,
        confidence: f32,
    ) -> Self {
        Edit {
            range,
            after: after.into(),
            reason: reason.into(),
            confidence,
            kind: ChangeKind::Fix,
            group: None,
        }
    }

    /// A flag with a suggestion (`after`), or none when `after` equals the flagged text.
    pub fn flag(
        range: Range<usize>,
        after: impl Into<String>,
        reason: impl Into<String>,
        confidence: f32,
    ) -> Self {
        Edit {
            kind: ChangeKind::Flag,
            ..Edit::fix(range, after, reason, confidence)
        }
    }
}

/// The changes made so far to one chunk, and the text they produce.
pub(crate) struct EditLog<'a> {
    original: &'a str,
    /// Sorted by span, never overlapping, spans in `original`.
    changes: Vec<Change>,
    /// `original` with every fix applied.
    current: String,
}

/// Where a change sits in the current text.
#[derive(Debug, Clone, Copy)]
struct Region {
    start: usize,
    end: usize,
}

impl<'a> EditLog<'a> {
    pub fn new(original: &'a str) -> Self {
        EditLog {
            original,
            changes: Vec::new(),
            current: original.to_owned(),
        }
    }

    /// The text the next rule works on.
    pub fn current(&self) -> &str {
        &self.current
    }

    pub fn into_changes(self) -> Vec<Change> {
        self.changes
    }

    fn regions(&self) -> Vec<Region> {
        let mut delta: isize = 0;
        self.changes
            .iter()
            .map(|c| {
                let start = (c.span.start as isize + delta) as usize;
                let len = match c.kind {
                    ChangeKind::Fix => {
                        delta += c.after.len() as isize - c.before.len() as isize;
                        c.after.len()
                    }
                    ChangeKind::Flag => c.before.len(),
                };
                Region {
                    start,
                    end: start + len,
                }
            })
            .collect()
    }

    /// Maps a position of the current text that lies outside every change region to the original.
    /// `after_empty`: whether a deletion sitting exactly at `p` counts as before `p`.
    fn to_original(&self, regions: &[Region], p: usize, after_empty: bool) -> usize {
        let idx = regions
            .partition_point(|r| r.end < p || (r.end == p && (r.start < r.end || after_empty)));
        match idx.checked_sub(1) {
            Some(j) => self.changes[j].span.end + (p - regions[j].end),
            None => p,
        }
    }

    /// Adds a rule's edits (ranges in the current text, sorted, not overlapping).
    pub fn absorb(&mut self, rule: Rule, edits: Vec<Edit>) {
        if edits.is_empty() {
            return;
        }
        // Flags never change the text (and never take over a fix), so a batch of flags leaves it as it is.
        let only_flags = edits.iter().all(|e| e.kind == ChangeKind::Flag);
        let regions = self.regions();
        let edits = split_deletions(edits, &regions);
        // The text after this batch: the current text with its fixes applied. The same as applying every
        // fix so far to the original (each change maps its edits back to it exactly), without walking all
        // the changes of the chunk again for every batch.
        let next = (!only_flags).then(|| apply_fixes(&self.current, &edits));
        let touches = |e: &Edit, r: &Region| {
            let (s, t) = (e.range.start, e.range.end);
            if r.start == r.end {
                s < r.start && r.start < t
            } else if s == t {
                r.start < s && s < r.end
            } else {
                s < r.end && r.start < t
            }
        };
        let mut removed = vec![false; self.changes.len()];
        let mut added: Vec<Change> = Vec::new();
        // A component: consecutive edits touching a run of earlier fixes, merged into one change.
        let mut component: Option<(Vec<usize>, Vec<Edit>)> = None;
        let flush = |comp: Option<(Vec<usize>, Vec<Edit>)>,
                     removed: &mut Vec<bool>,
                     added: &mut Vec<Change>| {
            if let Some((olds, edits)) = comp {
                if let Some(change) = self.merge(rule, &regions, &olds, &edits) {
                    for &i in &olds {
                        removed[i] = true;
                    }
                    added.push(change);
                }
            }
        };
        for edit in edits {
            if edit.range.end > self.current.len() || edit.range.start > edit.range.end {
                continue;
            }
            let first = regions.partition_point(|r| r.end < edit.range.start);
            let touched: Vec<usize> = (first..regions.len())
                .take_while(|&i| regions[i].start <= edit.range.end)
                .filter(|&i| touches(&edit, &regions[i]))
                .collect();
            if touched.is_empty() {
                flush(component.take(), &mut removed, &mut added);
                let start = self.to_original(&regions, edit.range.start, true);
                let end = if edit.range.start == edit.range.end {
                    start
                } else {
                    self.to_original(&regions, edit.range.end, false)
                };
                added.push(Change {
                    rule,
                    span: start..end,
                    before: self.original[start..end].to_owned(),
                    after: edit.after,
                    reason: edit.reason,
                    confidence: edit.confidence,
                    kind: edit.kind,
                    group: edit.group,
                });
                continue;
            }
            if edit.kind == ChangeKind::Flag {
                continue; // a suggestion on text another rule already changed is not worth showing
            }
            let (flags, fixes): (Vec<usize>, Vec<usize>) = touched
                .into_iter()
                .partition(|&i| self.changes[i].kind == ChangeKind::Flag);
            for i in flags {
                removed[i] = true; // the fix supersedes a warning about the same text
            }
            if fixes.is_empty() {
                flush(component.take(), &mut removed, &mut added);
                let start = self.to_original(&regions, edit.range.start, true);
                let end = self.to_original(&regions, edit.range.end, false);
                added.push(Change {
                    rule,
                    span: start..end,
                    before: self.original[start..end].to_owned(),
                    after: edit.after,
                    reason: edit.reason,
                    confidence: edit.confidence,
                    kind: edit.kind,
                    group: edit.group,
                });
                continue;
            }
            match &mut component {
                Some((olds, edits)) if olds.last().is_some_and(|&l| l >= fixes[0]) => {
                    for i in fixes {
                        if !olds.contains(&i) {
                            olds.push(i);
                        }
                    }
                    edits.push(edit);
                }
                _ => {
                    flush(component.take(), &mut removed, &mut added);
                    component = Some((fixes, vec![edit]));
                }
            }
        }
        flush(component.take(), &mut removed, &mut added);

        let mut changes: Vec<Change> = std::mem::take(&mut self.changes)
            .into_iter()
            .zip(removed)
            .filter_map(|(c, gone)| (!gone).then_some(c))
            .chain(added)
            .filter(|c| c.kind == ChangeKind::Flag || c.before != c.after)
            .collect();
        changes.sort_by_key(|c| (c.span.start, c.span.end));
        self.changes = changes;
        let Some(current) = next else {
            return;
        };
        #[cfg(debug_assertions)]
        {
            let accepted: Vec<bool> = self
                .changes
                .iter()
                .map(|c| c.kind == ChangeKind::Fix)
                .collect();
            let full = super::apply(self.original, &self.changes, &accepted);
            debug_assert_eq!(full, current, "the changes and the text they give disagree");
        }
        self.current = current;
    }

    /// One change from earlier fixes `olds` and the new `edits` that touch them.
    fn merge(
        &self,
        rule: Rule,
        regions: &[Region],
        olds: &[usize],
        edits: &[Edit],
    ) -> Option<Change> {
        let first_old = *olds.first()?;
        let last_old = *olds.last()?;
        let (first_edit, last_edit) = (edits.first()?, edits.last()?);
        let us = first_edit.range.start.min(regions[first_old].start);
        let ue = last_edit.range.end.max(regions[last_old].end);
        let start = if first_edit.range.start < regions[first_old].start {
            self.to_original(regions, first_edit.range.start, true)
        } else {
            self.changes[first_old].span.start
        };
        let end = if last_edit.range.end > regions[last_old].end {
            self.to_original(regions, last_edit.range.end, false)
        } else {
            self.changes[last_old].span.end
        };
        let mut after = String::new();
        let mut pos = us;
        for e in edits {
            after.push_str(&self.current[pos..e.range.start]);
            after.push_str(&e.after);
            pos = e.range.end;
        }
        after.push_str(&self.current[pos..ue]);
        let covered = olds.iter().all(|&i| {
            edits
                .iter()
                .any(|e| e.range.start <= regions[i].start && regions[i].end <= e.range.end)
        });
        let new_reasons: Vec<&str> = edits.iter().map(|e| e.reason.as_str()).collect();
        let old_reasons: Vec<String> = olds
            .iter()
            .map(|&i| format!("{}: {}", self.changes[i].rule, self.changes[i].reason))
            .collect();
        let (owner, reason) = if covered {
            (
                rule,
                format!(
                    "{} (includes {})",
                    new_reasons.join("; "),
                    old_reasons.join("; ")
                ),
            )
        } else {
            let owner = self.changes[first_old].rule;
            let own: Vec<&str> = olds
                .iter()
                .map(|&i| self.changes[i].reason.as_str())
                .collect();
            (
                owner,
                format!(
                    "{}; then {rule}: {}",
                    own.join("; "),
                    new_reasons.join("; ")
                ),
            )
        };
        let confidence = olds
            .iter()
            .map(|&i| self.changes[i].confidence)
            .chain(edits.iter().map(|e| e.confidence))
            .fold(1.0_f32, f32::min);
        Some(Change {
            rule: owner,
            span: start..end,
            before: self.original[start..end].to_owned(),
            after,
            reason,
            confidence,
            kind: ChangeKind::Fix,
            group: None,
        })
    }
}

/// `text` with the fixes among `edits` (sorted, ranges in `text`) applied; edits that do not fit are left
/// out, as [`EditLog::absorb`] leaves them out of the changes.
fn apply_fixes(text: &str, edits: &[Edit]) -> String {
    let extra: usize = edits.iter().map(|e| e.after.len()).sum();
    let mut out = String::with_capacity(text.len() + extra);
    let mut pos = 0;
    for e in edits {
        let Range { start, end } = e.range;
        if e.kind != ChangeKind::Fix || start < pos || start > end || end > text.len() {
            continue;
        }
        out.push_str(&text[pos..start]);
        out.push_str(&e.after);
        pos = end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Splits pure deletions at the deletions of earlier rules that sit strictly inside them, so that, say,
/// removing a run of blank lines never swallows a boilerplate line removed between them (which must stay
/// restorable on its own).
fn split_deletions(edits: Vec<Edit>, regions: &[Region]) -> Vec<Edit> {
    let mut out = Vec::with_capacity(edits.len());
    for edit in edits {
        if !edit.after.is_empty() || edit.range.is_empty() {
            out.push(edit);
            continue;
        }
        let first = regions.partition_point(|r| r.start <= edit.range.start);
        let cuts: Vec<usize> = regions[first..]
            .iter()
            .take_while(|r| r.start < edit.range.end)
            .filter(|r| r.start == r.end)
            .map(|r| r.start)
            .collect();
        if cuts.is_empty() {
            out.push(edit);
            continue;
        }
        let mut start = edit.range.start;
        for cut in cuts.into_iter().chain([edit.range.end]) {
            if cut > start {
                out.push(Edit {
                    range: start..cut,
                    ..edit.clone()
                });
            }
            start = cut;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(range: Range<usize>, after: &str) -> Edit {
        Edit::fix(range, after, "test", 1.0)
    }

    #[test]
    fn edits_on_later_text_map_back_to_the_original() {
        let original = "A\n\nHOME\n\n\nB(x),c";
        let mut log = EditLog::new(original);
        // Remove "HOME\n" and the "(x)".
        log.absorb(Rule::Boilerplate, vec![fix(3..8, "")]);
        assert_eq!(log.current(), "A\n\n\n\nB(x),c");
        log.absorb(Rule::Pinyin, vec![fix(6..9, "")]);
        assert_eq!(log.current(), "A\n\n\n\nB,c");
        // Delete the blank lines after the kept one, and convert the comma.
        log.absorb(Rule::Whitespace, vec![fix(3..5, "")]);
        log.absorb(Rule::Punctuation, vec![fix(4..5, "，")]);
        assert_eq!(log.current(), "A\n\nB，c");
        let changes = log.into_changes();
        let spans: Vec<_> = changes.iter().map(|c| (c.rule, c.span.clone())).collect();
        assert_eq!(
            spans,
            vec![
                (Rule::Boilerplate, 3..8),
                (Rule::Whitespace, 8..10),
                (Rule::Pinyin, 11..14),
                (Rule::Punctuation, 14..15),
            ]
        );
        let all: Vec<bool> = vec![true; changes.len()];
        assert_eq!(super::super::apply(original, &changes, &all), "A\n\nB，c");
        // Restoring the boilerplate line alone keeps everything else.
        let mut some = all.clone();
        some[0] = false;
        assert_eq!(
            super::super::apply(original, &changes, &some),
            "A\n\nHOME\nB，c"
        );
    }

    #[test]
    fn an_edit_inside_an_earlier_fix_merges_into_it() {
        let original = "x Ã©ﬁ y";
        let mut log = EditLog::new(original);
        log.absorb(Rule::Mojibake, vec![fix(2..9, "éﬁ")]);
        assert_eq!(log.current(), "x éﬁ y");
        log.absorb(Rule::Ligatures, vec![fix(4..7, "fi")]);
        let changes = log.into_changes();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].rule, Rule::Mojibake);
        assert_eq!(changes[0].after, "éfi");
        assert_eq!(changes[0].span, 2..9);
    }

    #[test]
    fn an_edit_covering_an_earlier_fix_takes_it_over() {
        let original = "ab Ã© cd\nrest";
        let mut log = EditLog::new(original);
        log.absorb(Rule::Mojibake, vec![fix(3..7, "é")]);
        log.absorb(Rule::Boilerplate, vec![fix(0..9, "")]);
        let changes = log.into_changes();
        assert_eq!(changes.len(), 1);
        assert_eq!(
            (changes[0].rule, changes[0].span.clone()),
            (Rule::Boilerplate, 0..11)
        );
        assert_eq!(changes[0].before, "ab Ã© cd\n");
    }
}
