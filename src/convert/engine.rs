//! The conversion pipeline of one configuration, with OpenCC 1.4's semantics.
//!
//! OpenCC converts in three layers: normalization (a conversion of its own, run first over the whole
//! text), then max-match segmentation, then the conversion chain applied to each segment separately.
//! A segment is either a key of the segmentation dictionary (longest match at that position) or a run
//! of characters where no key starts; a step of the chain converts a segment by greedy longest prefix
//! match, and the next step sees only that segment's output, so later steps never match across segment
//! boundaries. Configurations without segmentation treat the whole text as one segment.
//!
//! Two shortcuts keep this exact but fast:
//! - When the segmentation dictionary is the first rank of the first step and that step's other ranks
//!   hold single characters only (true of every Simplified → Traditional configuration), a rank-0
//!   match of the first step *is* the segment, and chars between such matches form the runs; so one
//!   walk both segments and converts (see [`Pipeline::run_fused`]).
//! - Normalization only runs when the text holds a char that starts one of its keys (CJK
//!   compatibility ideographs are rare), found with `memchr` on their UTF-8 lead bytes.
//!
//! Main type: [`Pipeline`]; [`Cuts`] records aligned (source, output) offsets for changed spans.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use super::charset::CharSet;
use super::config::{Config, Stage};
use super::dict::{DictId, LeafDict};
use super::trie::Trie;
use super::utf8::{char_len, next_char};

/// Receives aligned offsets: source byte `src` corresponds to output byte `dst`.
pub(crate) trait Cuts {
    fn cut(&mut self, src: usize, dst: usize);
}

/// Records nothing (plain conversion); compiles away.
pub(crate) struct NoCuts;

impl Cuts for NoCuts {
    #[inline(always)]
    fn cut(&mut self, _src: usize, _dst: usize) {}
}

impl Cuts for Vec<(usize, usize)> {
    fn cut(&mut self, src: usize, dst: usize) {
        self.push((src, dst));
    }
}

/// The merged trie of a stage, built once per process and shared.
pub(crate) fn stage(s: Stage) -> Arc<Trie> {
    static STAGES: [OnceLock<Arc<Trie>>; Stage::COUNT] = [const { OnceLock::new() }; Stage::COUNT];
    STAGES[s as usize]
        .get_or_init(|| Arc::new(build_stage(s, &|d| d.get())))
        .clone()
}

/// Merges a stage's dictionaries, taken from `leaf`.
pub(crate) fn build_stage<'a>(s: Stage, leaf: &dyn Fn(DictId) -> &'a LeafDict) -> Trie {
    let groups: Vec<Vec<&LeafDict>> = s
        .groups()
        .iter()
        .map(|g| g.iter().map(|&d| leaf(d)).collect())
        .collect();
    let refs: Vec<&[&LeafDict]> = groups.iter().map(|g| g.as_slice()).collect();
    Trie::merge(&refs)
}

/// How the text is cut into segments before the chain.
#[derive(Debug)]
enum Mode {
    /// No segmentation: the whole text is one segment.
    Whole,
    /// Segmentation by its own dictionary.
    Segmented(Arc<Trie>),
    /// Segmentation is rank 0 of the first step (see the module notes).
    Fused(Box<Later>),
}

/// What the fused path knows about the steps after the first: a stretch of text in which no char
/// starts a key of any later step passes through them unchanged, so they need not run at all.
#[derive(Debug)]
struct Later {
    /// Chars that start a key of some later step.
    roots: CharSet,
    /// Per replacement string of the first step: does it hold such a char? (0 no, 2 yes; a
    /// single-char replacement is checked against `roots` directly.)
    target_hits: Vec<u8>,
    /// Per replacement string that holds such a char: its output through the later steps, as a
    /// byte range of `composed_pool`. A first-step match of rank 0 is a whole segment, so what the
    /// later steps make of it depends on the replacement alone and can be worked out once.
    composed: Vec<(u32, u32)>,
    composed_pool: String,
}

impl Later {
    /// Whether a first-step match's replacement holds a char that starts a later key: 0 no, 1 as
    /// its only char, 2 somewhere in a longer replacement.
    /// The later steps' output for a rank-0 match whose replacement is a string with
    /// [`Later::hits`] 2.
    #[inline(always)]
    fn composed(&self, m: super::trie::Match) -> &str {
        let (a, b) = self.composed[m.index()];
        &self.composed_pool[a as usize..b as usize]
    }

    #[inline(always)]
    fn hits(&self, m: super::trie::Match) -> u8 {
        match m.inline_char() {
            Some(c) => u8::from(self.roots.contains(c as u32)),
            None => self.target_hits[m.index()],
        }
    }
}

/// A configuration ready to run.
#[derive(Debug)]
pub(crate) struct Pipeline {
    normalize: Arc<Trie>,
    /// UTF-8 lead bytes of the chars that start a normalization key, each with the range of their
    /// second bytes (CJK compatibility ideographs: EF A4..AB, F0 AF), so that the common fullwidth
    /// punctuation (EF BC ..) is dismissed without decoding.
    normalize_leads: Vec<(u8, u8, u8)>,
    mode: Mode,
    chain: Vec<Arc<Trie>>,
}

/// Scratch buffers reused across calls on one thread (segments of the chain).
#[derive(Default)]
struct Scratch {
    run: String,
    /// Offsets in the current run where a key of the later step may start.
    starts: Vec<u32>,
    a: String,
    b: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Pipeline {
    /// The shared pipeline of `config` (`tofu`: keep `may_output_tofu` dictionaries).
    pub(crate) fn get(config: Config, tofu: bool) -> Arc<Pipeline> {
        static PIPELINES: [OnceLock<Arc<Pipeline>>; 32] = [const { OnceLock::new() }; 32];
        PIPELINES[config as usize * 2 + usize::from(tofu)]
            .get_or_init(|| Arc::new(Pipeline::build(config, tofu, &mut stage)))
            .clone()
    }

    /// Builds the pipeline of `config`, taking each stage's trie from `stage`.
    pub(crate) fn build(
        config: Config,
        tofu: bool,
        stage: &mut dyn FnMut(Stage) -> Arc<Trie>,
    ) -> Pipeline {
        let recipe = config.recipe(tofu);
        let chain: Vec<Arc<Trie>> = recipe.chain.iter().map(|&s| stage(s)).collect();
        let mode = match recipe.segmentation {
            None => Mode::Whole,
            Some(seg) => {
                let first = recipe.chain[0];
                let fusable = seg.groups().len() == 1
                    && first.groups()[0] == seg.groups()[0]
                    && (1..chain[0].ranks()).all(|r| chain[0].max_key_chars(r) <= 1);
                if fusable {
                    let roots = CharSet::roots_of(chain[1..].iter().map(|t| t.as_ref()));
                    let first = &chain[0];
                    let (mut target_hits, mut composed) = (Vec::new(), Vec::new());
                    let (mut composed_pool, mut a, mut b) =
                        (String::new(), String::new(), String::new());
                    for i in 0..first.target_count() {
                        let target = first.target_at(i);
                        let start = composed_pool.len() as u32;
                        let hit = roots.any_in(target);
                        if hit {
                            chain_into(&chain[1..], target, &mut composed_pool, &mut a, &mut b);
                        }
                        target_hits.push(if hit { 2 } else { 0 });
                        composed.push((start, composed_pool.len() as u32));
                    }
                    Mode::Fused(Box::new(Later {
                        roots,
                        target_hits,
                        composed,
                        composed_pool,
                    }))
                } else {
                    Mode::Segmented(stage(seg))
                }
            }
        };
        let normalize = stage(Stage::Normalize);
        let mut normalize_leads: Vec<(u8, u8, u8)> = Vec::new();
        for c in normalize.root_chars() {
            let mut buf = [0; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let second = b.get(1).copied().unwrap_or(0);
            match normalize_leads
                .iter_mut()
                .find(|(lead, _, _)| *lead == b[0])
            {
                Some(entry) => {
                    entry.1 = entry.1.min(second);
                    entry.2 = entry.2.max(second);
                }
                None => normalize_leads.push((b[0], second, second)),
            }
        }
        Pipeline {
            normalize,
            normalize_leads,
            mode,
            chain,
        }
    }

    /// Whether normalization would change `text`.
    #[cfg(test)]
    pub(crate) fn needs_normalizing(&self, text: &str) -> bool {
        self.normalize_starts(text).next().is_some()
    }

    /// The byte offsets where a normalization key starts, in order: the UTF-8 lead bytes of its
    /// first chars are found with `memchr`, then checked.
    fn normalize_starts<'a>(&'a self, text: &'a str) -> Box<dyn Iterator<Item = usize> + 'a> {
        let s = text.as_bytes();
        let hit = move |&i: &usize| {
            let second = s.get(i + 1).copied().unwrap_or(0);
            self.normalize_leads
                .iter()
                .any(|&(lead, lo, hi)| lead == s[i] && (lo..=hi).contains(&second))
                && !self.normalize.starts_nothing(next_char(s, i).0)
        };
        match *self.normalize_leads.as_slice() {
            [] => Box::new(std::iter::empty()),
            [(a, ..)] => Box::new(memchr::memchr_iter(a, s).filter(hit)),
            [(a, ..), (b, ..)] => Box::new(memchr::memchr2_iter(a, b, s).filter(hit)),
            [(a, ..), (b, ..), (c, ..)] => Box::new(memchr::memchr3_iter(a, b, c, s).filter(hit)),
            _ => Box::new(text.char_indices().map(|(i, _)| i).filter(hit)),
        }
    }

    /// Normalizes `text` into `out`, recording (source, output) cuts around each change. Only the
    /// places where a key starts are visited (the same greedy scan as [`run_stage`]); the text
    /// between them is copied in bulk.
    pub(crate) fn normalize_into<C: Cuts>(&self, text: &str, out: &mut String, cuts: &mut C) {
        self.normalize_at(text, self.normalize_starts(text), out, cuts);
    }

    /// `text` normalized, borrowed when no key starts in it (the common case), with one scan for
    /// both the check and the work.
    pub(crate) fn normalized<'t, C: Cuts>(&self, text: &'t str, cuts: &mut C) -> Cow<'t, str> {
        let mut starts = self.normalize_starts(text).peekable();
        if starts.peek().is_none() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        self.normalize_at(text, starts, &mut out, cuts);
        Cow::Owned(out)
    }

    /// [`Pipeline::normalize_into`] given the offsets where a key starts.
    fn normalize_at<C: Cuts>(
        &self,
        text: &str,
        starts: impl Iterator<Item = usize>,
        out: &mut String,
        cuts: &mut C,
    ) {
        let bytes = text.as_bytes();
        let (mut copied, mut next) = (0, 0);
        for p in starts {
            if p < next {
                continue;
            }
            if let Some(m) = self.normalize.longest(bytes, p) {
                if !m.is_identity() {
                    out.push_str(&text[copied..p]);
                    cuts.cut(p, out.len());
                    self.normalize.push_target(m, out);
                    cuts.cut(m.end, out.len());
                    copied = m.end;
                }
                next = m.end;
            }
        }
        out.push_str(&text[copied..]);
    }

    /// Converts already-normalized `text` (which starts at byte `base` of the whole) into `out`.
    pub(crate) fn convert_into<C: Cuts>(
        &self,
        text: &str,
        base: usize,
        out: &mut String,
        cuts: &mut C,
    ) {
        cuts.cut(base, out.len());
        match (&self.mode, self.chain.as_slice()) {
            (Mode::Whole, [only]) => run_stage(only, text, base, out, cuts),
            (Mode::Whole, _) => {
                with_scratch(|s| chain_into(&self.chain, text, out, &mut s.a, &mut s.b))
            }
            (Mode::Segmented(seg), _) => {
                with_scratch(|s| self.run_segmented(seg, text, base, out, cuts, s))
            }
            (Mode::Fused(later), _) => {
                with_scratch(|s| self.run_fused(later, text, base, out, cuts, s))
            }
        }
        cuts.cut(base + text.len(), out.len());
    }

    /// Segments by the segmentation dictionary and runs the chain on each segment.
    fn run_segmented<C: Cuts>(
        &self,
        seg: &Trie,
        text: &str,
        base: usize,
        out: &mut String,
        cuts: &mut C,
        s: &mut Scratch,
    ) {
        let bytes = text.as_bytes();
        let (mut i, mut run_start) = (0, 0);
        while i < bytes.len() {
            match seg.longest(bytes, i) {
                Some(m) => {
                    if run_start < i {
                        cuts.cut(base + run_start, out.len());
                        chain_into(&self.chain, &text[run_start..i], out, &mut s.a, &mut s.b);
                    }
                    cuts.cut(base + i, out.len());
                    chain_into(&self.chain, &text[i..m.end], out, &mut s.a, &mut s.b);
                    i = m.end;
                    run_start = i;
                }
                None => i += char_len(bytes[i]),
            }
        }
        if run_start < bytes.len() {
            cuts.cut(base + run_start, out.len());
            chain_into(&self.chain, &text[run_start..], out, &mut s.a, &mut s.b);
        }
    }

    /// Segmentation fused with the first step (see the module notes for why this is exact).
    ///
    /// While the first step walks a run it also notes where the run's output holds a char that
    /// starts a key of the later step; with one later step, only those offsets are visited.
    fn run_fused<C: Cuts>(
        &self,
        later: &Later,
        text: &str,
        base: usize,
        out: &mut String,
        cuts: &mut C,
        s: &mut Scratch,
    ) {
        let first = &self.chain[0];
        let rest = &self.chain[1..];
        let bytes = text.as_bytes();
        // `run_start..i` is the current run; `run` holds its first-step output up to `pending`;
        // `dense` says the later steps must scan the whole run.
        let (mut i, mut run_start, mut pending, mut dense) = (0, 0, 0, false);
        s.run.clear();
        s.starts.clear();
        let flush_run = |run_start: usize,
                         end: usize,
                         pending: usize,
                         dense: bool,
                         out: &mut String,
                         cuts: &mut C,
                         s: &mut Scratch| {
            cuts.cut(base + run_start, out.len());
            // Nothing changed in the first step: the later steps read the text itself.
            let run: &str = if pending == run_start {
                &text[run_start..end]
            } else {
                s.run.push_str(&text[pending..end]);
                &s.run
            };
            match rest {
                [only] if !dense => run_stage_at(only, run, &s.starts, out),
                _ if dense || !s.starts.is_empty() => {
                    chain_into(rest, run, out, &mut s.a, &mut s.b)
                }
                _ => out.push_str(run),
            }
            s.run.clear();
            s.starts.clear();
        };
        let mut ahead: Option<(usize, u32, usize)> = None;
        while i < bytes.len() {
            let (c, len) = char_at(bytes, i, ahead);
            let step = first.longest_from(c, len, bytes, i);
            ahead = step.ahead.map(|(c2, len2)| (i + len, c2, len2));
            match step.m {
                Some(m) if m.rank() == 0 => {
                    if run_start < i {
                        flush_run(run_start, i, pending, dense, out, cuts, s);
                    }
                    cuts.cut(base + i, out.len());
                    let mut buf = [0; 4];
                    let phrase = if m.is_identity() {
                        &text[i..m.end]
                    } else {
                        first.target(m, &mut buf)
                    };
                    match later.hits(m) {
                        0 => out.push_str(phrase),
                        1 => chain_into(rest, phrase, out, &mut s.a, &mut s.b),
                        _ => out.push_str(later.composed(m)),
                    }
                    i = m.end;
                    run_start = i;
                    pending = i;
                    dense = false;
                }
                Some(m) => {
                    match later.hits(m) {
                        0 => {}
                        1 => s.starts.push((s.run.len() + i - pending) as u32),
                        _ => dense = true,
                    }
                    if !m.is_identity() {
                        s.run.push_str(&text[pending..i]);
                        first.push_target(m, &mut s.run);
                        pending = m.end;
                    }
                    i = m.end;
                }
                None => {
                    if later.roots.contains(c) {
                        s.starts.push((s.run.len() + i - pending) as u32);
                    }
                    i += len;
                }
            }
        }
        if run_start < bytes.len() {
            flush_run(run_start, bytes.len(), pending, dense, out, cuts, s);
        }
    }
}

/// The char at byte `i`: from the look-ahead of the previous walk when it decoded it.
#[inline(always)]
fn char_at(bytes: &[u8], i: usize, ahead: Option<(usize, u32, usize)>) -> (u32, usize) {
    match ahead {
        Some((at, c, len)) if at == i => (c, len),
        _ => next_char(bytes, i),
    }
}

fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        // Only reachable if a conversion ran inside another on this thread; use fresh buffers.
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Runs `steps` on one segment, appending the last step's output to `out`.
fn chain_into(
    steps: &[Arc<Trie>],
    segment: &str,
    out: &mut String,
    a: &mut String,
    b: &mut String,
) {
    match steps {
        [] => out.push_str(segment),
        [only] => run_stage(only, segment, 0, out, &mut NoCuts),
        [first, middle @ .., last] => {
            a.clear();
            run_stage(first, segment, 0, a, &mut NoCuts);
            for step in middle {
                b.clear();
                run_stage(step, a, 0, b, &mut NoCuts);
                std::mem::swap(a, b);
            }
            run_stage(last, a, 0, out, &mut NoCuts);
        }
    }
}

/// One step over one segment: greedy longest prefix match, unmatched chars copied. Unchanged text is
/// copied in bulk, and identity matches (a key mapped to itself) cost no copy at all.
#[inline]
pub(crate) fn run_stage<C: Cuts>(
    trie: &Trie,
    text: &str,
    base: usize,
    out: &mut String,
    cuts: &mut C,
) {
    let bytes = text.as_bytes();
    let (mut i, mut copied) = (0, 0);
    let mut ahead: Option<(usize, u32, usize)> = None;
    while i < bytes.len() {
        let (c, len) = char_at(bytes, i, ahead);
        let step = trie.longest_from(c, len, bytes, i);
        ahead = step.ahead.map(|(c2, len2)| (i + len, c2, len2));
        match step.m {
            Some(m) => {
                if !m.is_identity() {
                    out.push_str(&text[copied..i]);
                    cuts.cut(base + i, out.len());
                    trie.push_target(m, out);
                    cuts.cut(base + m.end, out.len());
                    copied = m.end;
                }
                i = m.end;
            }
            None => i += len,
        }
    }
    out.push_str(&text[copied..]);
}

/// One step over a segment in which keys can only start at `starts` (ascending byte offsets): the
/// same greedy scan as [`run_stage`], visiting only those positions.
fn run_stage_at(trie: &Trie, text: &str, starts: &[u32], out: &mut String) {
    let bytes = text.as_bytes();
    let (mut copied, mut next) = (0, 0);
    for &p in starts {
        let p = p as usize;
        if p < next {
            continue;
        }
        if let Some(m) = trie.longest(bytes, p) {
            if !m.is_identity() {
                out.push_str(&text[copied..p]);
                trie.push_target(m, out);
                copied = m.end;
            }
            next = m.end;
        }
    }
    out.push_str(&text[copied..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Normalizing only where a key starts gives what the full greedy scan gives, cuts included,
    /// for every first char of a normalization key, alone, repeated and between other text.
    #[test]
    fn normalizing_at_key_starts_equals_the_full_scan() {
        let p = Pipeline::get(Config::S2t, true);
        let roots: Vec<char> = p.normalize.root_chars().collect();
        assert!(roots.len() > 1000, "the CJK compatibility table is loaded");
        let mut text = String::from("開始 ");
        for (k, c) in roots.iter().enumerate() {
            text.push(*c);
            if k % 3 == 0 {
                text.push(*c);
            }
            text.push_str(["中", "a", "", "，", "𠮷"][k % 5]);
        }
        let (mut fast, mut full) = (String::new(), String::new());
        let mut fast_cuts: Vec<(usize, usize)> = Vec::new();
        let mut full_cuts: Vec<(usize, usize)> = Vec::new();
        assert!(p.needs_normalizing(&text));
        p.normalize_into(&text, &mut fast, &mut fast_cuts);
        run_stage(&p.normalize, &text, 0, &mut full, &mut full_cuts);
        assert_eq!(fast, full);
        assert_eq!(fast_cuts, full_cuts);
        assert_ne!(fast, text);
        assert!(!p.needs_normalizing("兩江新區 Liangjiang，两江新区"));
    }
}
