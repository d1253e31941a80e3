//! The five seed releases in `../shared/seeds`, read in place and cleaned with every rule: the 24 pinyin
//! annotations of seed 003 go, its three ligature splits are joined, the garbled caption on line 3 of seed
//! 000 is repaired, the boilerplate lines of seeds 002 and 004 are moved aside (with the run-together
//! suggestions of the lines moved), and no Chinese character or English word of the body is lost beyond what
//! the report says.

use std::collections::HashMap;
use std::path::PathBuf;

use duizhao::clean::{ChangeKind, CleanReport, Rule};

use super::{check_report, clean_with};
use crate::shared_or_skip;

fn seed(prefix: &str) -> Option<(PathBuf, String)> {
    let dir = crate::util::shared_dir()?.join("seeds");
    let entry = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix}* in {}", dir.display()));
    let text = std::fs::read_to_string(entry.path()).expect("seed is UTF-8");
    Some((entry.path(), text))
}

/// Byte ranges of the lines of `text` (content only, 1-based index = position + 1).
fn line_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            out.push(start..i);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

fn fixes(report: &CleanReport, rule: Rule) -> Vec<&duizhao::clean::Change> {
    report
        .changes
        .iter()
        .filter(|c| c.rule == rule && c.kind == ChangeKind::Fix)
        .collect()
}

#[test]
fn seed_003_pinyin_and_ligatures() {
    let _ = shared_or_skip!("seeds");
    let Some((path, text)) = seed("003_") else {
        return;
    };
    let report = clean_with(&text, "all");
    check_report(&report);
    let pinyin = fixes(&report, Rule::Pinyin);
    assert_eq!(
        pinyin.len(),
        24,
        "{}: pinyin annotations removed",
        path.display()
    );
    for c in &pinyin {
        assert!(
            c.before.starts_with('(') && c.before.ends_with(')') && c.after.is_empty(),
            "{c:?}"
        );
    }
    let cleaned = report.cleaned();
    let toned = regex::Regex::new(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)").unwrap();
    assert!(
        !toned.is_match(&cleaned),
        "annotation left: {:?}",
        toned.find(&cleaned)
    );
    let ligatures = fixes(&report, Rule::Ligatures);
    let joined: Vec<&str> = ligatures.iter().map(|c| c.after.as_str()).collect();
    assert_eq!(joined, vec!["officials", "briefings", "specifically"]);
    // The Simplified characters left in the Traditional text are flagged with their Traditional forms, one
    // group per paragraph, and not changed.
    let mixed: Vec<(&str, &str)> = report
        .changes
        .iter()
        .filter(|c| c.rule == Rule::MixedScript)
        .map(|c| {
            assert_eq!(c.kind, ChangeKind::Flag);
            assert!(c.group.is_some());
            (c.before.as_str(), c.after.as_str())
        })
        .collect();
    for pair in [("后", "後"), ("于", "於"), ("云", "雲"), ("筑", "築")] {
        assert!(mixed.contains(&pair), "{pair:?} not flagged: {mixed:?}");
    }
    // Half-width commas between Chinese clauses become full-width.
    assert!(
        fixes(&report, Rule::Punctuation)
            .iter()
            .any(|c| c.before == "," && c.after == "，")
    );
    assert!(
        !cleaned.lines().next().unwrap_or("").contains(','),
        "line 1 keeps a half-width comma"
    );
}

#[test]
fn seed_000_garbled_caption_repaired() {
    let _ = shared_or_skip!("seeds");
    let Some((_, text)) = seed("000_") else {
        return;
    };
    let report = clean_with(&text, "all");
    check_report(&report);
    let line3 = line_ranges(&text)[2].clone();
    let repair = fixes(&report, Rule::Mojibake)
        .into_iter()
        .find(|c| c.span.start >= line3.start && c.span.end <= line3.end)
        .expect("a mojibake repair on line 3");
    assert_eq!(repair.after, "调整大小");
    assert!(report.cleaned().contains("调整大小 TG5D5207"));
    // With only the mojibake rule, line 3 is the only change.
    let only = clean_with(&text, "mojibake");
    assert_eq!(
        only.changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Fix)
            .count(),
        1,
        "{:?}",
        only.changes
    );
}

/// Which lines (1-based) the boilerplate rule moved aside.
fn moved_lines(text: &str, report: &CleanReport) -> Vec<usize> {
    let lines = line_ranges(text);
    let mut out: Vec<usize> = report
        .boilerplate
        .iter()
        .map(|side| {
            lines
                .iter()
                .position(|l| !l.is_empty() && side.span.start <= l.start && l.end <= side.span.end)
                .map_or(0, |i| i + 1)
        })
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn seed_002_boilerplate_moved_aside_with_metadata() {
    let _ = shared_or_skip!("seeds");
    let Some((_, text)) = seed("002_") else {
        return;
    };
    let report = clean_with(&text, "all");
    check_report(&report);
    // The site banner, the breadcrumb and the source/author/date header.
    assert_eq!(moved_lines(&text, &report), vec![1, 3, 6]);
    assert_eq!(report.metadata.date.as_deref(), Some("2014-10-27"));
    assert!(
        report
            .metadata
            .source
            .as_deref()
            .is_some_and(|s| !s.is_empty())
    );
    for side in &report.boilerplate {
        assert_eq!(report.changes[side.change].rule, Rule::Boilerplate);
        // Rejecting the change restores the line.
        let mut accepted = report.default_accepted();
        accepted[side.change] = false;
        assert!(report.apply(&accepted).contains(&side.text));
    }
    // "talksbetween" is flagged with its split, not changed.
    let flag = report
        .changes
        .iter()
        .find(|c| c.rule == Rule::RunTogether && c.before == "talksbetween")
        .expect("run-together flag");
    assert_eq!(
        (flag.kind, flag.after.as_str()),
        (ChangeKind::Flag, "talks between")
    );
}

#[test]
fn seed_004_boilerplate_moved_aside() {
    let _ = shared_or_skip!("seeds");
    let Some((_, text)) = seed("004_") else {
        return;
    };
    let report = clean_with(&text, "all");
    check_report(&report);
    let lines = line_ranges(&text);
    let non_blank: Vec<usize> = (1..=lines.len())
        .filter(|&n| !text[lines[n - 1].clone()].trim().is_empty())
        .collect();
    let last_three = &non_blank[non_blank.len() - 3..];
    // Host line and breadcrumb at the top; host/contact line, QR-code caption and copyright at the bottom.
    let mut want = vec![1, 2];
    want.extend_from_slice(last_three);
    assert_eq!(moved_lines(&text, &report), want);
    assert!(report.metadata.publisher.is_some());
    // The host line's glued words are suggested on the side line, as the line's removal keeps them out
    // of the changes.
    let suggested: Vec<(&str, &str)> = report
        .boilerplate
        .iter()
        .flat_map(|side| &side.suggestions)
        .map(|c| (c.before.as_str(), c.after.as_str()))
        .collect();
    assert!(
        suggested.contains(&("CommerceUndertaker", "Commerce Undertaker")),
        "{suggested:?}"
    );
    let cleaned = report.cleaned();
    assert!(!cleaned.ends_with("\n\n"), "trailing blank lines left");
}

/// Chinese characters and English words, counted.
fn tokens(text: &str) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_alphabetic() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            *out.entry(std::mem::take(&mut word)).or_default() += 1;
        }
        if ('\u{3400}'..='\u{9fff}').contains(&c) {
            *out.entry(c.to_string()).or_default() += 1;
        }
    }
    out
}

fn add(into: &mut HashMap<String, i64>, from: &HashMap<String, i64>, sign: i64) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += sign * v;
    }
    into.retain(|_, v| *v != 0);
}

#[test]
fn no_body_token_lost_beyond_the_report() {
    let _ = shared_or_skip!("seeds");
    for prefix in ["000_", "001_", "002_", "003_", "004_"] {
        let Some((path, text)) = seed(prefix) else {
            return;
        };
        let report = clean_with(&text, "all");
        check_report(&report);
        let cleaned = report.cleaned();
        // The text's tokens, net of the changes the report lists, are the cleaned text's tokens.
        let mut expected = tokens(&text);
        for c in report.changes.iter().filter(|c| c.kind == ChangeKind::Fix) {
            add(&mut expected, &tokens(&c.before), -1);
            add(&mut expected, &tokens(&c.after), 1);
        }
        let mut got = tokens(&cleaned);
        got.retain(|_, v| *v != 0);
        assert_eq!(
            expected,
            got,
            "{}: tokens differ from what the report says",
            path.display()
        );
        // And the changes that remove tokens are only those allowed to.
        for c in report.changes.iter().filter(|c| c.kind == ChangeKind::Fix) {
            let mut lost = tokens(&c.before);
            add(&mut lost, &tokens(&c.after), -1);
            lost.retain(|_, v| *v > 0);
            if lost.is_empty() {
                continue;
            }
            let ok = match c.rule {
                Rule::Boilerplate => c.before.trim_matches(['\r', '\n']).lines().count() == 1,
                Rule::Pinyin => !c
                    .before
                    .chars()
                    .any(|ch| ('\u{3400}'..='\u{9fff}').contains(&ch)),
                Rule::Ligatures => c.before.replace(' ', "") == c.after,
                Rule::Mojibake => !c
                    .before
                    .chars()
                    .any(|ch| ('\u{3400}'..='\u{9fff}').contains(&ch)),
                _ => false,
            };
            assert!(
                ok,
                "{}: {} change loses {lost:?}: {c:?}",
                path.display(),
                c.rule
            );
        }
        // Every Chinese character outside boilerplate lines survives.
        let body: String = {
            let accepted: Vec<bool> = report
                .changes
                .iter()
                .map(|c| c.rule == Rule::Boilerplate && c.kind == ChangeKind::Fix)
                .collect();
            report.apply(&accepted)
        };
        let han = |s: &str| {
            s.chars()
                .filter(|c| ('\u{3400}'..='\u{9fff}').contains(c))
                .count()
        };
        assert!(
            han(&cleaned) >= han(&body),
            "{}: Chinese characters lost",
            path.display()
        );
    }
}

#[test]
fn seeds_clean_to_a_fixed_point() {
    let _ = shared_or_skip!("seeds");
    for prefix in ["000_", "001_", "002_", "003_", "004_"] {
        let Some((path, text)) = seed(prefix) else {
            return;
        };
        let once = clean_with(&text, "all").cleaned();
        let again = clean_with(&once, "all");
        let fixes: Vec<_> = again
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Fix)
            .collect();
        assert!(
            fixes.is_empty(),
            "{}: second run still changes {fixes:?}",
            path.display()
        );
    }
}
