//! Cleaning: the conformance suites in `../shared/conformance` (pinyin, ligature and punctuation cases, ftfy's
//! mojibake cases), the five seed releases in `../shared/seeds` (read in place), properties over generated
//! text (idempotence, nothing lost but what the report says), and the `clean` subcommand.

mod cli;
mod conformance;
mod properties;
mod seeds;

use duizhao::NoProgress;
use duizhao::clean::{CleanOptions, CleanReport, RuleSet, clean};

/// Cleans `text` with the rules named in `rules` (comma-separated; "all" for every rule).
pub fn clean_with(text: &str, rules: &str) -> CleanReport {
    let set = if rules == "all" {
        RuleSet::all()
    } else {
        RuleSet::parse(rules).expect("rule names")
    };
    clean(text, &CleanOptions::only(set), &mut NoProgress)
        .expect("cleaning never fails without cancel")
}

/// Checks the invariants every report must keep: spans sorted, not overlapping, on character boundaries, and
/// `before` equal to the original text of the span.
pub fn check_report(report: &CleanReport) {
    let mut last = 0;
    for (i, c) in report.changes.iter().enumerate() {
        assert!(
            c.span.start >= last,
            "change {i} overlaps the one before: {:?}",
            report.changes
        );
        assert!(
            c.span.start <= c.span.end && c.span.end <= report.original.len(),
            "change {i} out of range"
        );
        assert_eq!(
            report.original.get(c.span.clone()),
            Some(c.before.as_str()),
            "change {i}: before ≠ original"
        );
        assert!(
            (0.0..=1.0).contains(&c.confidence),
            "change {i}: confidence {}",
            c.confidence
        );
        assert!(!c.reason.is_empty(), "change {i} has no reason");
        last = c.span.end;
    }
}
