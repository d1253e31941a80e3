//! Document versions: a document is the file the user opened (the *original*, never modified) plus the
//! versions made from it — *cleaned* (the cleaning rules and the reviewer's decisions) and *converted*
//! (an OpenCC configuration) — and, for a file holding both language versions, its Chinese and its English
//! *part*. Align, Translate, Convert and the exports work on a version the user picks.
//!
//! Main types:
//! - [`Recipe`]: how a version is made from its parent ([`CleanDecisions`] or a conversion).
//! - [`Version`]: a stored version (its recipe, its text, and the fingerprint of the parent text it was
//!   made from, which tells when the parent has changed since).
//! - [`VersionRef`]: which text a workspace, an alignment or a translation works on: a document, one of its
//!   versions (or the original), and optionally one language part.
//!
//! Making a version is in [`make`]; storing versions is in [`store`] (the workspace database).

pub mod make;
pub mod store;

use serde::{Deserialize, Serialize};

use crate::clean::{ChangeKind, CleanReport, Rule, RuleSet};
use crate::convert::Config;
use crate::document::Side;

/// The reviewer's decisions on one cleaning run, stored compactly: the rules that ran, and the changes
/// whose decision differs from the default (fixes applied, suggestions not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanDecisions {
    /// The rules that ran, by name.
    pub rules: Vec<Rule>,
    /// Indices of the changes the reviewer decided against the default: a rejected fix, an accepted
    /// suggestion.
    pub flipped: Vec<usize>,
    /// How many changes the run found.
    pub changes: usize,
    /// Fingerprint of the changes (where and what), so that decisions are applied only to the same run:
    /// an upgraded cleaner or a changed original gives other changes, and index-based decisions would land
    /// on the wrong ones.
    pub report: String,
}

impl CleanDecisions {
    /// The decisions of a review: `accepted[i]` says whether change `i` of `report` is applied.
    pub fn from_review(rules: RuleSet, report: &CleanReport, accepted: &[bool]) -> CleanDecisions {
        let flipped = report
            .changes
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                accepted.get(*i).copied().unwrap_or(false) != (c.kind == ChangeKind::Fix)
            })
            .map(|(i, _)| i)
            .collect();
        CleanDecisions {
            rules: rules.iter().collect(),
            flipped,
            changes: report.changes.len(),
            report: report_fingerprint(report),
        }
    }

    /// The defaults of a run: every fix applied, no suggestion.
    pub fn defaults(rules: RuleSet, report: &CleanReport) -> CleanDecisions {
        CleanDecisions::from_review(rules, report, &report.default_accepted())
    }

    /// The rules as a set.
    pub fn rule_set(&self) -> RuleSet {
        self.rules.iter().copied().collect()
    }

    /// The acceptance of every change of `report`, or `None` when `report` is not the run these decisions
    /// were taken on.
    pub fn accepted(&self, report: &CleanReport) -> Option<Vec<bool>> {
        if report.changes.len() != self.changes || report_fingerprint(report) != self.report {
            return None;
        }
        let mut accepted = report.default_accepted();
        for &i in &self.flipped {
            if let Some(a) = accepted.get_mut(i) {
                *a = !*a;
            }
        }
        Some(accepted)
    }

    /// How many changes are applied.
    pub fn applied(&self, report: &CleanReport) -> usize {
        self.accepted(report)
            .map_or(0, |a| a.iter().filter(|x| **x).count())
    }
}

/// Fingerprint of a report's changes: their spans, rules and replacements.
fn report_fingerprint(report: &CleanReport) -> String {
    let parts: Vec<String> = report
        .changes
        .iter()
        .map(|c| {
            format!(
                "{}:{}:{}:{}",
                c.rule.name(),
                c.span.start,
                c.span.end,
                c.after
            )
        })
        .collect();
    crate::fingerprint::to_hex(crate::fingerprint::of_texts(&parts))
}

/// How a version is made from its parent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Recipe {
    /// The cleaning rules over the parent, with the reviewer's decisions.
    Cleaned(CleanDecisions),
    /// The parent converted with an OpenCC configuration (by its OpenCC name, `s2twp`).
    Converted {
        /// The configuration's OpenCC name.
        config: String,
    },
}

impl Recipe {
    /// A conversion recipe.
    pub fn converted(config: Config) -> Recipe {
        Recipe::Converted {
            config: config.name().to_string(),
        }
    }

    /// The configuration of a conversion recipe.
    pub fn config(&self) -> Option<Config> {
        match self {
            Recipe::Converted { config } => Config::from_name(config),
            Recipe::Cleaned(_) => None,
        }
    }

    /// The kind's name in the database and in JSON (`cleaned`, `converted`).
    pub fn kind(&self) -> &'static str {
        match self {
            Recipe::Cleaned(_) => "cleaned",
            Recipe::Converted { .. } => "converted",
        }
    }

    /// A short label for lists: "cleaned", "converted: Simplified → Traditional (Taiwan)".
    pub fn label(&self) -> String {
        match self {
            Recipe::Cleaned(_) => "cleaned".to_string(),
            Recipe::Converted { config } => match Config::from_name(config) {
                Some(c) => format!("converted: {}", c.label()),
                None => format!("converted ({config})"),
            },
        }
    }

    /// The word used in file names of exports: `clean`, `s2twp`.
    pub fn file_tag(&self) -> String {
        match self {
            Recipe::Cleaned(_) => "clean".to_string(),
            Recipe::Converted { config } => config.clone(),
        }
    }
}

/// A version stored in the workspace.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// Row id.
    pub id: i64,
    /// The document (workspace row id) it belongs to.
    pub document: i64,
    /// The version it was made from; `None` is the original.
    pub parent: Option<i64>,
    /// How it was made.
    pub recipe: Recipe,
    /// Fingerprint of the parent's text when it was made ([`crate::fingerprint::of_text`]): when the parent
    /// has another text now, this version is out of date.
    pub parent_hash: u64,
    /// The version's text (kept, so that it survives its original file changing or vanishing).
    pub text: String,
    /// When it was last changed (UTC, ISO 8601).
    pub modified: String,
}

impl Version {
    /// Fingerprint of this version's text.
    pub fn hash(&self) -> u64 {
        crate::fingerprint::of_text(&self.text)
    }
}

/// Which text a workspace works on: a document, one of its versions (`None`: the original), and
/// optionally one language part of a file that holds both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VersionRef {
    /// The document (workspace row id).
    pub document: i64,
    /// The version (row id); `None` is the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
    /// One language part of a two-version file; `None` is the whole text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<Side>,
}

impl VersionRef {
    /// The original of a document.
    pub fn original(document: i64) -> VersionRef {
        VersionRef {
            document,
            version: None,
            part: None,
        }
    }

    /// The same version, one language part of it.
    pub fn with_part(self, part: Option<Side>) -> VersionRef {
        VersionRef { part, ..self }
    }

    /// As stored in alignment projects and translation projects.
    pub fn to_key(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads [`VersionRef::to_key`]'s form back.
    pub fn from_key(key: &str) -> Option<VersionRef> {
        serde_json::from_str(key).ok()
    }
}

/// The label of a language part: "中文" or "English".
pub fn part_label(part: Side) -> &'static str {
    match part {
        Side::Chinese => "中文",
        Side::English => "English",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::{CleanOptions, clean};

    #[test]
    fn decisions_round_trip_and_refuse_another_run() {
        let report = clean(
            "中国经(jīng)济发展。\nThe off i cials met.\n",
            &CleanOptions::default(),
            &mut crate::NoProgress,
        )
        .unwrap();
        assert!(report.changes.len() >= 2);
        let mut accepted = report.default_accepted();
        accepted[0] = !accepted[0];
        let d = CleanDecisions::from_review(RuleSet::all(), &report, &accepted);
        assert_eq!(d.flipped, [0]);
        assert_eq!(d.accepted(&report), Some(accepted.clone()));
        let json = serde_json::to_string(&Recipe::Cleaned(d.clone())).unwrap();
        assert_eq!(
            serde_json::from_str::<Recipe>(&json).unwrap(),
            Recipe::Cleaned(d.clone())
        );
        assert_eq!(d.rule_set(), RuleSet::all());
        let other = clean(
            "经(jīng)济。\n",
            &CleanOptions::default(),
            &mut crate::NoProgress,
        )
        .unwrap();
        assert_eq!(d.accepted(&other), None);
        let defaults = CleanDecisions::defaults(RuleSet::all(), &report);
        assert!(defaults.flipped.is_empty());
    }

    #[test]
    fn refs_and_recipes_have_stable_keys_and_labels() {
        let r = VersionRef {
            document: 3,
            version: Some(7),
            part: Some(Side::English),
        };
        assert_eq!(VersionRef::from_key(&r.to_key()), Some(r));
        let o = VersionRef::original(3);
        assert_eq!(o.to_key(), r#"{"document":3}"#);
        let c = Recipe::converted(Config::S2twp);
        assert_eq!(c.config(), Some(Config::S2twp));
        assert_eq!(c.file_tag(), "s2twp");
        assert!(c.label().starts_with("converted: "));
    }
}
