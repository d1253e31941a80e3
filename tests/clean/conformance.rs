//! Conformance: `../shared/conformance/clean/*_cases.jsonl`, each run with only its rule, and ftfy's own
//! mojibake cases run with only the `mojibake` rule.

use serde_json::Value;

use super::{check_report, clean_with};
use crate::conformance_or_skip;

/// Runs every case of a JSON-lines file with one rule; positives must become `expected`, negatives stay.
fn run_cases(file: &str, rule: &str) {
    let path = conformance_or_skip!(format!("clean/{file}"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let case: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{file}:{}: {e}", n + 1));
        let (id, kind) = (
            case["id"].as_str().unwrap_or("?"),
            case["kind"].as_str().unwrap_or("?"),
        );
        let input = case["input"].as_str().expect("input");
        let expected = case["expected"].as_str().expect("expected");
        let report = clean_with(input, rule);
        check_report(&report);
        let got = report.cleaned();
        count += 1;
        let want = if kind == "negative" { input } else { expected };
        if got != want {
            failures.push(format!("{id} ({kind}): {input:?} → {got:?}, want {want:?}"));
        }
    }
    assert!(count > 10, "{file}: only {count} cases");
    assert!(
        failures.is_empty(),
        "{file} with --rules {rule}: {} of {count} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{file}: {count}/{count} cases pass with --rules {rule}");
}

#[test]
fn pinyin_cases() {
    run_cases("pinyin_cases.jsonl", "pinyin");
}

#[test]
fn ligature_cases() {
    run_cases("ligature_cases.jsonl", "ligatures");
}

#[test]
fn punctuation_cases() {
    run_cases("punct_cases.jsonl", "punctuation");
}

/// ftfy's expected-pass cases: at least 148 of 151 repaired to `fixed-encoding` (else `fixed`), and no change
/// at all to any case whose expected text is its input.
#[test]
fn ftfy_mojibake_cases() {
    let dir = conformance_or_skip!("mojibake-ftfy");
    let mut total = 0;
    let mut passed = 0;
    let mut failures = Vec::new();
    let mut negative_failures = Vec::new();
    for file in [
        "in-the-wild.json",
        "synthetic.json",
        "language-names.json",
        "negative.json",
    ] {
        let path = dir.join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let cases: Vec<Value> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        for case in cases.iter().filter(|c| c["expect"] == "pass") {
            let original = case["original"].as_str().expect("original");
            let expected = case
                .get("fixed-encoding")
                .and_then(Value::as_str)
                .or_else(|| case["fixed"].as_str())
                .expect("fixed");
            let report = clean_with(original, "mojibake");
            check_report(&report);
            let got = report.cleaned();
            total += 1;
            if got == expected {
                passed += 1;
            } else {
                let label = case["label"].as_str().unwrap_or("?");
                let line = format!("{file}: {label}: {original:?} → {got:?}, want {expected:?}");
                if expected == original {
                    negative_failures.push(line);
                } else {
                    failures.push(line);
                }
            }
        }
    }
    eprintln!("ftfy mojibake cases: {passed}/{total} repaired as ftfy does");
    for f in &failures {
        eprintln!("  not repaired: {f}");
    }
    assert_eq!(total, 151, "the suite has 151 expected-pass cases");
    assert!(
        negative_failures.is_empty(),
        "negative cases changed:\n{}",
        negative_failures.join("\n")
    );
    assert!(
        passed >= 148,
        "only {passed} of {total} repaired:\n{}",
        failures.join("\n")
    );
}
