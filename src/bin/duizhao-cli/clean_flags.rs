//! `--clean` and `--rules` for `align`, `pretranslate` and `segment`: the same cleaning as the GUI's
//! Clean workspace (every fix applied, no suggestion) before the text is segmented, and a report of what
//! it changed: a summary on standard error, or JSON.
//!
//! Main items: [`CleanFlags`] and [`CleanReportKind`].

use anyhow::Result;
use clap::ValueEnum;
use duizhao::clean::RuleSet;
use duizhao::document::Document;
use duizhao::version::make::{self, Cleaned};
use duizhao::{NoProgress, Progress};
use serde_json::json;

/// The cleaning flags.
#[derive(Debug, Clone, clap::Args)]
pub struct CleanFlags {
    /// Clean the text first (inline pinyin, split ligatures, mojibake, boilerplate, punctuation, …),
    /// applying every fix, as `duizhao-cli clean` does.
    #[arg(long)]
    pub clean: bool,
    /// The cleaning rules for --clean, comma-separated (default: all).
    #[arg(long, value_name = "RULES", requires = "clean")]
    pub rules: Option<String>,
}

/// How the cleaning's changes are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CleanReportKind {
    /// A line per input on standard error.
    Summary,
    /// Every change as JSON (where depends on the command; see its --help).
    Json,
    /// Nothing.
    None,
}

impl CleanFlags {
    /// `doc` cleaned when --clean was given (segmented anew, keeping its name and file), with what the
    /// cleaning found.
    pub fn apply(&self, doc: Document) -> Result<(Document, Option<Cleaned>)> {
        if !self.clean {
            return Ok((doc, None));
        }
        let rules = match &self.rules {
            Some(list) => RuleSet::parse(list)?,
            None => RuleSet::all(),
        };
        let mut bar = crate::progress::Bar::new(true);
        let cleaned = make::clean(&doc.text, rules, None, &mut bar as &mut dyn Progress)?;
        let cleaned_doc = make::document(&doc, cleaned.text.clone(), &mut NoProgress)?;
        Ok((cleaned_doc, Some(cleaned)))
    }
}

/// "release.txt: cleaned: pinyin 24, ligatures 3 (27 changes applied)".
pub fn summary(name: &str, cleaned: &Cleaned) -> String {
    let counts: Vec<String> = cleaned
        .report
        .counts()
        .iter()
        .map(|c| format!("{} {}", c.rule.name(), c.fixes + c.flags))
        .collect();
    let applied = cleaned.accepted.iter().filter(|a| **a).count();
    if counts.is_empty() {
        format!("{name}: already clean, nothing changed")
    } else {
        format!(
            "{name}: cleaned: {} ({applied} change{} applied)",
            counts.join(", "),
            if applied == 1 { "" } else { "s" }
        )
    }
}

/// Every change of the cleaning, as JSON: rule, byte span in the original, before, after, whether it was
/// applied, and the reason.
pub fn report_json(name: &str, cleaned: &Cleaned) -> serde_json::Value {
    let changes: Vec<_> = cleaned
        .report
        .changes
        .iter()
        .zip(&cleaned.accepted)
        .map(|(c, applied)| {
            json!({
                "rule": c.rule.name(),
                "start": c.span.start,
                "end": c.span.end,
                "before": c.before,
                "after": c.after,
                "applied": applied,
                "kind": c.kind,
                "reason": c.reason,
            })
        })
        .collect();
    json!({
        "file": name,
        "rules": cleaned.decisions.rules,
        "changes": changes,
        "metadata": cleaned.report.metadata,
    })
}

/// Reports on standard error what cleaning `name` changed, as `kind` asks (JSON on standard error too,
/// one object per line, for commands whose standard output is their result).
pub fn report_to_stderr(kind: CleanReportKind, name: &str, cleaned: Option<&Cleaned>) {
    let Some(c) = cleaned else { return };
    match kind {
        CleanReportKind::Summary => eprintln!("duizhao-cli: {}", summary(name, c)),
        CleanReportKind::Json => eprintln!("{}", report_json(name, c)),
        CleanReportKind::None => {}
    }
}
