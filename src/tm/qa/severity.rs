//! How much a glossary finding counts: an [`Severity::Error`] the translator must fix, or a
//! [`Severity::Suggestion`] worth a look, decided from the document's domain and the entry's.
//!
//! The rule ([`TermHit::severity`]): a term is enforced only where the glossary's decision applies to the
//! document. An entry that is not yet decided (proposed) only suggests. A decided entry (approved, or
//! deprecated for its forbidden forms) is an error when
//! - the project has a domain and the entry has the same one (case and surrounding spaces ignored), or
//! - the project has no domain and the entry has none either, or the entry is a proper noun.
//!
//! Everything else suggests: an entry of another domain ("bond" ↔ 债券 in *finance* does not bind a release
//! about the close bond between two cities), and an entry without a domain when the project has one (the
//! glossary did not say it applies). Without a project domain nothing is known about the subject, so only
//! what does not depend on it binds: entries the glossary left without a domain, and names (a place, an
//! organisation or a fair is called the same whatever the text is about). Set the project's domain to enforce
//! that domain's terms.

use serde::{Deserialize, Serialize};

use super::TermHit;
use crate::glossary::Status;

/// How much a finding counts.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed before export.
    #[default]
    Error,
    /// Worth a look; the glossary's decision may not apply here.
    Suggestion,
}

impl Severity {
    /// The name used in reports (`error`, `suggestion`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Suggestion => "suggestion",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A domain as compared: trimmed, `None` when empty.
pub fn normalize_domain(domain: Option<&str>) -> Option<&str> {
    domain.map(str::trim).filter(|d| !d.is_empty())
}

impl TermHit {
    /// How a missing or forbidden translation of this hit counts in a document of `domain` (see the
    /// module documentation for the rule).
    pub fn severity(&self, domain: Option<&str>) -> Severity {
        if self.status == Status::Proposed {
            return Severity::Suggestion;
        }
        let entry = normalize_domain(self.domain.as_deref());
        let applies = match normalize_domain(domain) {
            Some(project) => entry.is_some_and(|e| e.eq_ignore_ascii_case(project)),
            None => entry.is_none() || self.proper_noun,
        };
        if applies {
            Severity::Error
        } else {
            Severity::Suggestion
        }
    }

    /// Why this hit only suggests in a document of `domain`, in words for the translator (`None` when it
    /// is an error there).
    pub fn why_suggestion(&self, domain: Option<&str>) -> Option<String> {
        if self.severity(domain) == Severity::Error {
            return None;
        }
        let entry = normalize_domain(self.domain.as_deref());
        Some(match (self.status, entry, normalize_domain(domain)) {
            (Status::Proposed, _, _) => "a proposed glossary entry, not yet approved".into(),
            (_, Some(e), Some(d)) => format!("a term of the {e} domain; this document's is {d}"),
            (_, Some(e), None) => format!("a term of the {e} domain; the project has no domain"),
            (_, None, Some(d)) => {
                format!("a glossary entry without a domain; this document's is {d}")
            }
            (_, None, None) => "not enforced here".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(domain: &str, status: Status, proper_noun: bool) -> TermHit {
        TermHit {
            term: "bond".into(),
            span: 0..4,
            approved: vec!["债券".into()],
            forbidden: Vec::new(),
            domain: Some(domain.to_string()).filter(|d| !d.is_empty()),
            status,
            proper_noun,
        }
    }

    #[test]
    fn only_decided_terms_of_the_documents_domain_are_errors() {
        use Severity::{Error as E, Suggestion as S};
        use Status::{Approved as A, Deprecated as D, Proposed as P};
        let cases = [
            // entry domain, status, proper noun, project domain, severity
            ("finance", A, false, Some("finance"), E),
            ("Finance ", A, false, Some(" finance"), E),
            ("finance", D, false, Some("finance"), E),
            ("finance", P, false, Some("finance"), S),
            ("finance", A, false, Some("trade"), S),
            ("", A, false, Some("trade"), S),
            ("places", A, true, Some("trade"), S),
            ("finance", A, false, None, S),
            ("finance", A, false, Some("  "), S),
            ("", A, false, None, E),
            ("places", A, true, None, E),
            ("places", P, true, None, S),
            ("", P, false, None, S),
        ];
        for (entry, status, proper, project, want) in cases {
            let h = hit(entry, status, proper);
            assert_eq!(
                h.severity(project),
                want,
                "{entry:?} {status} {proper} {project:?}"
            );
            assert_eq!(h.why_suggestion(project).is_none(), want == E);
        }
        assert_eq!(
            hit("finance", A, false).why_suggestion(Some("trade")),
            Some("a term of the finance domain; this document's is trade".into())
        );
    }
}
