//! The rule pipeline: runs the rules in order on one chunk of text, each on the text the previous rules left,
//! in rounds until nothing changes, and collects the changes against the original (see `edits`).
//!
//! Main items: [`StreamCleaner`] (the pipeline, chunk by chunk) and [`split_point`] (where to cut chunks).
//!
//! Why rules see each other's output: a comma after a pinyin annotation, `後(hòu),市`, is only recognisably
//! Chinese once the annotation is gone; a line is only recognisably boilerplate once its mojibake is repaired.
//! Running each rule on the original would leave such changes for a second run, and cleaning would not be
//! idempotent.

use super::edits::{Edit, EditLog};
use super::report::{Change, ChangeKind, Metadata, SideLine};
use super::whitespace::Pass;
use super::{
    CleanOptions, Rule, RuleSet, boilerplate, ligatures, mixed_script, mojibake, pinyin,
    punctuation, run_together, whitespace,
};

/// The order rules run in. NFC first; then mojibake (everything else needs readable text; it also needs the
/// no-break spaces that whitespace would remove); the inline half of whitespace before punctuation (which reads the
/// spacing around a mark); boilerplate after every rule that edits inside lines (it judges a line by its
/// length and content, which must not change under it); the line half of whitespace last (the others leave
/// blank lines behind).
const ORDER: [(Rule, Pass); 10] = [
    (Rule::Whitespace, Pass::Normalize),
    (Rule::Mojibake, Pass::Inline),
    (Rule::Ligatures, Pass::Inline),
    (Rule::Whitespace, Pass::Inline),
    (Rule::Pinyin, Pass::Inline),
    (Rule::Punctuation, Pass::Inline),
    (Rule::Boilerplate, Pass::Inline),
    (Rule::MixedScript, Pass::Inline),
    (Rule::RunTogether, Pass::Inline),
    (Rule::Whitespace, Pass::Lines),
];

/// Where a chunk sits in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ChunkContext {
    /// The chunk starts the document.
    pub at_start: bool,
    /// The chunk ends the document.
    pub at_end: bool,
}

/// The pipeline, fed one chunk at a time. [`super::clean`] uses it on in-memory text; the CLI feeds it a
/// large file piece by piece (cut with [`split_point`]) and writes each cleaned piece out at once.
#[derive(Debug, Clone)]
pub struct StreamCleaner {
    options: CleanOptions,
    metadata: Metadata,
    /// Whether an earlier chunk left any text (until then a chunk still starts the document).
    seen_text: bool,
    next_group: u32,
}

impl StreamCleaner {
    /// A cleaner with these options, before the first chunk.
    pub fn new(options: CleanOptions) -> Self {
        StreamCleaner {
            options,
            metadata: Metadata::default(),
            seen_text: false,
            next_group: 0,
        }
    }

    /// Cleans the next chunk; the changes' spans are relative to `chunk`. Chunks should be cut with
    /// [`split_point`] so that no line is split; `is_last` marks the end of the document.
    pub fn clean_chunk(&mut self, chunk: &str, is_last: bool) -> Vec<Change> {
        let ctx = ChunkContext {
            at_start: !self.seen_text,
            at_end: is_last,
        };
        let mut log = EditLog::new(chunk);
        for (rule, pass) in ORDER {
            if !self.options.rules.contains(rule) {
                continue;
            }
            let edits = self.find(rule, pass, log.current(), ctx);
            // The lines a pass touched matter only to the passes settled below; finding them means counting
            // line breaks up to the last edit, which is worth skipping for the others.
            let settled = matches!(
                (rule, pass),
                (Rule::Whitespace, Pass::Inline) | (Rule::Punctuation, _) | (Rule::Ligatures, _)
            );
            let dirty = if settled {
                touched_lines(log.current(), &edits)
            } else {
                Vec::new()
            };
            log.absorb(rule, edits);
            match (rule, pass) {
                // Collapsing a no-break space run can complete a mojibake sequence or a split ligature
                // ("off\u{a0} i cials"), and repairing those can leave a run to collapse: settle the lines
                // touched, so that cleaning cleaned text changes nothing.
                (Rule::Whitespace, Pass::Inline) if !dirty.is_empty() => {
                    let mut dirty = dirty;
                    for _ in 0..2 {
                        let mut changed = Vec::new();
                        for again in [Rule::Mojibake, Rule::Ligatures, Rule::Whitespace] {
                            if !self.options.rules.contains(again) || dirty.is_empty() {
                                continue;
                            }
                            let edits = on_lines(log.current(), &dirty, |line| {
                                self.find(again, Pass::Inline, line, ctx)
                            });
                            changed.extend(touched_lines(log.current(), &edits));
                            log.absorb(again, edits);
                        }
                        changed.sort_unstable();
                        changed.dedup();
                        dirty = changed;
                        if dirty.is_empty() {
                            break;
                        }
                    }
                }
                // A mark's width depends on its neighbours' ("）,", "?:"), which this pass may just have
                // converted: look again at the lines it changed until nothing changes.
                (Rule::Punctuation, _) => {
                    let mut touched = dirty.clone();
                    let mut dirty = dirty;
                    for _ in 0..4 {
                        if dirty.is_empty() {
                            break;
                        }
                        let edits = on_lines(log.current(), &dirty, punctuation::find);
                        dirty = touched_lines(log.current(), &edits);
                        touched.extend(&dirty);
                        log.absorb(rule, edits);
                    }
                    // A full-width mark made half-width can be what kept a line from reading as UTF-8 through
                    // a code page ("Café\u{fffd}?trade：trade").
                    touched.sort_unstable();
                    touched.dedup();
                    self.repair_again(&mut log, &touched, Rule::Punctuation, ctx);
                }
                // So can a ligature character ("ﬁguresCafé\u{fffd}\u{fffd}").
                (Rule::Ligatures, _) => self.repair_again(&mut log, &dirty, Rule::Ligatures, ctx),
                _ => {}
            }
        }
        self.seen_text |= !log.current().trim().is_empty();
        log.into_changes()
    }

    /// Repairs the mojibake a rule's changes to `lines` made repairable (a character no code page has,
    /// replaced), then lets that rule look again at the lines repaired: so that cleaning cleaned text
    /// changes nothing. Only repairs: the lines' garble was flagged before.
    fn repair_again(&mut self, log: &mut EditLog, lines: &[usize], after: Rule, ctx: ChunkContext) {
        if !self.options.rules.contains(Rule::Mojibake) || lines.is_empty() {
            return;
        }
        let mut edits = on_lines(log.current(), lines, mojibake::find);
        edits.retain(|e| e.kind == ChangeKind::Fix);
        let repaired = touched_lines(log.current(), &edits);
        log.absorb(Rule::Mojibake, edits);
        if !repaired.is_empty() {
            let edits = on_lines(log.current(), &repaired, |line| {
                self.find(after, Pass::Inline, line, ctx)
            });
            log.absorb(after, edits);
        }
    }

    /// Runs one rule (one pass of it) on `text`.
    fn find(&mut self, rule: Rule, pass: Pass, text: &str, ctx: ChunkContext) -> Vec<Edit> {
        match rule {
            Rule::Mojibake => mojibake::find(text),
            Rule::Ligatures => ligatures::find(text),
            Rule::Boilerplate => {
                let (edits, found) =
                    boilerplate::find(text, ctx, self.options.boilerplate_threshold);
                self.metadata.fill_from(found);
                edits
            }
            Rule::Pinyin => pinyin::find(text),
            Rule::Punctuation => punctuation::find(text),
            Rule::MixedScript => mixed_script::find(text, &mut self.next_group),
            Rule::RunTogether => run_together::find(text),
            Rule::Whitespace => whitespace::find(text, ctx, pass),
        }
    }

    /// The metadata found so far.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The metadata found, once the last chunk is done.
    pub fn into_metadata(self) -> Metadata {
        self.metadata
    }
}

/// How many bytes of `text` to take as the next chunk: at most about `max_bytes`, ending after a line break
/// that ends a non-blank line (so that a run of blank lines always goes whole to the next chunk),
/// else after any line break, else — for a single enormous line — after a space or a full stop.
pub fn split_point(text: &str, max_bytes: usize) -> usize {
    if text.len() <= max_bytes.max(1) {
        return text.len();
    }
    let bytes = text.as_bytes();
    let limit = max_bytes.max(1);
    let floor = limit / 4;
    // Preferred: a break between two non-blank lines.
    let mut any_break = None;
    for nl in memchr::memrchr_iter(b'\n', &bytes[..limit]) {
        if nl < floor {
            break;
        }
        any_break.get_or_insert(nl + 1);
        let before_blank = nl == 0
            || bytes[nl - 1] == b'\n'
            || (bytes[nl - 1] == b'\r' && (nl < 2 || bytes[nl - 2] == b'\n'));
        if !before_blank {
            return nl + 1;
        }
    }
    if let Some(cut) = any_break {
        return cut;
    }
    // A long line: better a large chunk than a split line, up to four times the limit.
    match memchr::memchr(b'\n', &bytes[limit..]) {
        Some(nl) if nl < 3 * limit => return limit + nl + 1,
        None if text.len() <= 4 * limit => return text.len(),
        _ => {}
    }
    // One enormous line: cut after a space or an ideographic full stop.
    let mut cut = limit;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut lo = floor.min(cut);
    while !text.is_char_boundary(lo) {
        lo -= 1;
    }
    if let Some(k) = text[lo..cut].rfind([' ', '。', '.']) {
        let c = text[lo + k..].chars().next().map_or(1, char::len_utf8);
        return lo + k + c;
    }
    cut.max(text.chars().next().map_or(1, char::len_utf8))
}

/// The line numbers (0-based) of the lines `edits` touch, sorted and without repeats.
fn touched_lines(text: &str, edits: &[Edit]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut out: Vec<usize> = Vec::new();
    let (mut line, mut pos) = (0, 0);
    let mut starts: Vec<usize> = edits
        .iter()
        .map(|e| e.range.start.min(text.len()))
        .collect();
    starts.sort_unstable();
    for start in starts {
        line += memchr::memchr_iter(b'\n', &bytes[pos..start]).count();
        pos = start;
        if out.last() != Some(&line) {
            out.push(line);
        }
    }
    out
}

/// Runs `find` on each of the given lines (0-based numbers, sorted) of `text` on its own, and returns the
/// edits in `text`'s offsets. Only for rules that never look past a line.
fn on_lines(text: &str, lines: &[usize], mut find: impl FnMut(&str) -> Vec<Edit>) -> Vec<Edit> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    // Line `n` starts at `start`; the wanted lines are reached by skipping line breaks, counted a block at a
    // time where the wanted lines are far apart.
    let (mut n, mut start) = (0, 0);
    for &w in lines {
        if w < n {
            continue;
        }
        if w > n {
            match skip_lines(bytes, start, w - n) {
                Some(next) => start = next,
                None => break,
            }
        }
        if start >= bytes.len() {
            break;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |k| start + k + 1);
        for mut edit in find(&text[start..end]) {
            edit.range = edit.range.start + start..edit.range.end + start;
            out.push(edit);
        }
        // The next wanted line is further on (the list is sorted; a repeat is skipped above).
        (n, start) = (w + 1, end);
    }
    out
}

/// Where the line `k` (at least 1) lines after the one starting at `from` starts, if there is a `k`-th line
/// break from `from` on.
fn skip_lines(bytes: &[u8], from: usize, k: usize) -> Option<usize> {
    const BLOCK: usize = 2048;
    let (mut pos, mut k) = (from, k);
    while bytes.len() - pos > BLOCK {
        let count = memchr::memchr_iter(b'\n', &bytes[pos..pos + BLOCK]).count();
        if count >= k {
            break;
        }
        k -= count;
        pos += BLOCK;
    }
    memchr::memchr_iter(b'\n', &bytes[pos..])
        .nth(k - 1)
        .map(|i| pos + i + 1)
}

/// The boilerplate side list of a change list (the lines the `boilerplate` rule moved aside), for reports
/// built from streamed chunks. `rules` are the rules the changes were made with: when `run-together` is
/// among them, each side line carries its run-together suggestions, which the line's removal keeps out of
/// the change list (changes never overlap) but an editor restoring the line needs.
pub fn side_lines(changes: &[Change], rules: RuleSet) -> Vec<SideLine> {
    changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.rule == Rule::Boilerplate && c.kind == ChangeKind::Fix)
        .map(|(i, c)| SideLine {
            text: c.before.trim_matches(['\r', '\n']).to_owned(),
            span: c.span.clone(),
            confidence: c.confidence,
            reason: c.reason.clone(),
            change: i,
            suggestions: if rules.contains(Rule::RunTogether) {
                run_together::find(&c.before)
                    .into_iter()
                    .map(|e| Change {
                        rule: Rule::RunTogether,
                        span: c.span.start + e.range.start..c.span.start + e.range.end,
                        before: c.before[e.range].to_owned(),
                        after: e.after,
                        reason: e.reason,
                        confidence: e.confidence,
                        kind: e.kind,
                        group: e.group,
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_lines_sees_the_wanted_lines_whole() {
        let text: String = (0..3000).map(|n| format!("line {n}\n")).collect::<String>() + "last";
        let seen = |wanted: &[usize]| -> Vec<String> {
            let mut got = Vec::new();
            on_lines(&text, wanted, |line| {
                got.push(line.to_owned());
                Vec::new()
            });
            got
        };
        assert_eq!(seen(&[0, 1, 1, 2]), ["line 0\n", "line 1\n", "line 2\n"]);
        assert_eq!(
            seen(&[5, 1000, 2999, 3000, 3001]),
            ["line 5\n", "line 1000\n", "line 2999\n", "last"]
        );
        assert!(seen(&[]).is_empty());
        let edits = on_lines(&text, &[2], |line| {
            vec![Edit::fix(0..4, "LINE", "test", 1.0)]
                .into_iter()
                .filter(|_| line.starts_with("line"))
                .collect()
        });
        assert_eq!(&text[edits[0].range.clone()], "line");
        assert_eq!(edits[0].range.start, "line 0\nline 1\n".len());
    }

    #[test]
    fn split_points_fall_between_lines() {
        let text = "aaaa\nbbbb\n\n\ncccc\ndddd\n";
        let cut = split_point(text, 14);
        assert_eq!(&text[..cut], "aaaa\nbbbb\n");
        assert_eq!(split_point(text, 100), text.len());
        let one_line = "word ".repeat(100);
        let cut = split_point(&one_line, 52);
        assert!(cut <= 52 && one_line[..cut].ends_with(' '), "{cut}");
        let han = "漢".repeat(100);
        let cut = split_point(&han, 10);
        assert!(han.is_char_boundary(cut) && cut > 0);
    }

    /// A header line moved aside keeps its run-together suggestion, outside the change list the line's
    /// removal covers; and only when the rule is on.
    #[test]
    fn side_lines_carry_run_together_suggestions() {
        let text = "Host: the city bureau of foreign relations and CommerceUndertaker: the fair office\n\n\
                    The fair opened on Monday with more than two hundred firms from the region.\n";
        let options = CleanOptions::default();
        let report = super::super::clean(text, &options, &mut crate::NoProgress).unwrap();
        assert_eq!(report.boilerplate.len(), 1, "{report:?}");
        let side = &report.boilerplate[0];
        let got: Vec<(&str, &str, Rule)> = side
            .suggestions
            .iter()
            .map(|c| (c.before.as_str(), c.after.as_str(), c.rule))
            .collect();
        assert_eq!(
            got,
            [(
                "CommerceUndertaker",
                "Commerce Undertaker",
                Rule::RunTogether
            )]
        );
        assert_eq!(
            &text[side.suggestions[0].span.clone()],
            "CommerceUndertaker"
        );
        assert!(report.changes.iter().all(|c| c.rule != Rule::RunTogether));
        let without = RuleSet::all().without(Rule::RunTogether);
        let lines = side_lines(&report.changes, without);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].suggestions.is_empty());
    }
}
