//! Reading TBX: v2 (`<martif>`, ISO 30042:2008, what OmegaT, MultiTerm and translate-toolkit exchange) and
//! v3 (`<tbx xmlns="urn:iso:std:iso:30042:ed-2">`, DCA and DCT styles), one entry at a time.
//!
//! Structural errors reject the whole file with the line (a langSet without terms, a termSec whose first
//! child is not its one `<term>`, an invalid `xml:lang` or `id`); values outside the TBX-Basic picklists
//! are kept and reported as warnings. Data categories read: subjectField → domain, definition and note →
//! note, source → source, partOfSpeech, termType (abbreviations), administrativeStatus (forbidden terms),
//! the modification transaction (date) and our own elementWorkingStatus (entry status).

use std::path::Path;

use super::xml::{Node, Visit, read_tree};
use super::{Parsed, Row};
use crate::glossary::model::{EntryData, Status, Term, TermKind, lang};
use crate::{Error, Result};

const TBX3_NS: &str = "urn:iso:std:iso:30042:ed-2";
const PARTS_OF_SPEECH: [&str; 6] = ["noun", "verb", "adjective", "adverb", "properNoun", "other"];

/// Parses a TBX file (either version) into rows.
pub(crate) fn read(path: &Path, bytes: &[u8], parsed: &mut Parsed) -> Result<()> {
    let text = crate::xml::decode(path, bytes)?;
    // Both callbacks need these; the reader calls them one at a time.
    let version = std::cell::Cell::new(0u8);
    let header_seen = std::cell::Cell::new(false);
    let mut rows = Vec::new();
    let mut warnings = Vec::new();
    let root = read_tree(
        path,
        &text,
        |ancestors, node| {
            if ancestors.is_empty() {
                version.set(root_version(path, node)?);
            }
            let version = version.get();
            let entry_tag = if version == 2 {
                "termEntry"
            } else {
                "conceptEntry"
            };
            let header_tag = if version == 2 {
                "martifHeader"
            } else {
                "tbxHeader"
            };
            if node.name == entry_tag || (ancestors.len() == 1 && node.name == header_tag) {
                return Ok(Visit::Detach);
            }
            if version == 3 && ancestors.len() == 1 && ancestors[0] == "tbx" && node.name == "text"
            {
                return Ok(Visit::Keep);
            }
            if version == 3
                && ancestors.last().is_some_and(|a| a == "text")
                && !matches!(node.name.as_str(), "body" | "back")
            {
                return Err(Error::format(
                    path,
                    Some(node.line),
                    format!(
                        "<{}> is not allowed directly in <text> (only <body> and <back>)",
                        node.name
                    ),
                ));
            }
            Ok(Visit::Keep)
        },
        |entry| {
            let version = version.get();
            if entry.name.ends_with("Header") {
                header_seen.set(true);
                return check_header(path, &entry, version);
            }
            let row = if version == 2 {
                entry_v2(path, &entry, &mut warnings)?
            } else {
                entry_v3(path, &entry, &mut warnings)?
            };
            rows.push(row);
            Ok(())
        },
    )?;
    if !header_seen.get() {
        let header = if version.get() == 2 {
            "martifHeader"
        } else {
            "tbxHeader"
        };
        return Err(Error::format(
            path,
            Some(root.line),
            format!("no <{header}> in the TBX file"),
        ));
    }
    if root.children_named("text").next().is_none() {
        return Err(Error::format(
            path,
            Some(root.line),
            "no <text> in the TBX file",
        ));
    }
    parsed.rows.extend(rows);
    for (line, w) in warnings {
        parsed.warn(line, w);
    }
    Ok(())
}

fn root_version(path: &Path, root: &Node) -> Result<u8> {
    match root.name.as_str() {
        "martif" => Ok(2),
        "tbx" if root.attr("xmlns") == Some(TBX3_NS) => {
            for a in ["type", "style", "xml:lang"] {
                if root.attr(a).is_none() {
                    return Err(Error::format(
                        path,
                        Some(root.line),
                        format!("<tbx> lacks the required attribute {a}"),
                    ));
                }
            }
            Ok(3)
        }
        "tbx" => Err(Error::format(
            path,
            Some(root.line),
            format!("<tbx> must be in the TBX namespace {TBX3_NS}"),
        )),
        other => Err(Error::format(
            path,
            Some(root.line),
            format!("not a TBX file: the root element is <{other}>, not <martif> or <tbx>"),
        )),
    }
}

/// TBX v3: header text must sit inside `<p>`.
fn check_header(path: &Path, header: &Node, version: u8) -> Result<()> {
    fn walk(path: &Path, n: &Node) -> Result<()> {
        if n.local() != "p"
            && !n.text.trim().is_empty()
            && matches!(
                n.local(),
                "fileDesc"
                    | "sourceDesc"
                    | "publicationStmt"
                    | "titleStmt"
                    | "encodingDesc"
                    | "revisionDesc"
            )
        {
            return Err(Error::format(
                path,
                Some(n.line),
                format!("text directly inside <{}> must be wrapped in <p>", n.name),
            ));
        }
        n.children.iter().try_for_each(|c| walk(path, c))
    }
    if version == 3 {
        walk(path, header)
    } else {
        Ok(())
    }
}

/// The data category of an element: the `type` attribute of the generic elements (DCA style), or the
/// local name of a namespaced element (DCT style, `<basic:definition>`).
fn category(n: &Node) -> Option<&str> {
    if n.prefixed() {
        return Some(n.local());
    }
    match n.name.as_str() {
        "descrip" | "admin" | "termNote" | "transac" | "transacNote" | "ref" | "xref" => {
            n.attr("type")
        }
        _ => None,
    }
}

/// Entry-level facts gathered while walking an entry.
#[derive(Default)]
struct Facts {
    notes: Unique,
    sources: Unique,
    domain: Option<String>,
    modified: Option<String>,
    working: Option<String>,
}

impl Facts {
    /// Takes the entry- or language-level data categories from `n`'s children (not terms).
    fn gather(&mut self, path: &Path, n: &Node, dca: bool) -> Result<()> {
        for c in &n.children {
            if dca
                && matches!(c.name.as_str(), "descrip" | "admin" | "termNote")
                && c.attr("type").is_none()
            {
                return Err(Error::format(
                    path,
                    Some(c.line),
                    format!("<{}> must have a type attribute", c.name),
                ));
            }
            match (c.local(), category(c)) {
                (_, Some("subjectField")) => self.domain = Some(c.all_text()),
                (_, Some("definition")) => self.notes.push(c.all_text()),
                (_, Some("source")) => self.sources.push(c.all_text()),
                (_, Some("elementWorkingStatus")) => self.working = Some(c.all_text()),
                ("note", None) if !c.prefixed() => self.notes.push(c.all_text()),
                ("descripGrp" | "adminGrp", None) => self.gather(path, c, dca)?,
                ("transacGrp", None) => {
                    let kind = c
                        .children
                        .iter()
                        .find(|t| category(t) == Some("transactionType"))
                        .map(|t| t.all_text());
                    let date = c
                        .children
                        .iter()
                        .find(|t| t.local() == "date")
                        .map(|t| t.all_text());
                    if kind.as_deref() == Some("modification") || self.modified.is_none() {
                        self.modified = date.or(self.modified.take());
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }
}

/// Texts in the order first met, each once. A set answers "seen?", so an entry of many notes costs time
/// in proportion to them, not to their square.
#[derive(Default)]
struct Unique {
    list: Vec<String>,
    seen: rustc_hash::FxHashSet<String>,
}

impl Unique {
    fn push(&mut self, s: String) {
        if !s.is_empty() && self.seen.insert(s.clone()) {
            self.list.push(s);
        }
    }
}

/// One term with its term-level data categories.
struct RawTerm {
    text: String,
    pos: Option<String>,
    term_type: Option<String>,
    admin_status: Option<String>,
    line: usize,
}

fn raw_term(term: &Node, notes: &[&Node]) -> RawTerm {
    let mut t = RawTerm {
        text: term.all_text(),
        pos: None,
        term_type: None,
        admin_status: None,
        line: term.line,
    };
    for n in notes {
        match category(n) {
            Some("partOfSpeech") => t.pos = Some(n.all_text()),
            Some("termType") => t.term_type = Some(n.all_text()),
            Some("administrativeStatus") | Some("normativeAuthorization") => {
                t.admin_status = Some(n.all_text())
            }
            _ => {}
        }
    }
    t
}

fn entry_v2(path: &Path, e: &Node, warnings: &mut Vec<(usize, String)>) -> Result<Row> {
    let mut facts = Facts::default();
    facts.gather(path, e, false)?;
    let mut langs = Vec::new();
    for ls in e.children_named("langSet") {
        let tag = lang_of(path, ls)?;
        facts.gather(path, ls, false)?;
        let mut terms = Vec::new();
        for t in &ls.children {
            match t.name.as_str() {
                "tig" => {
                    let term = t.children_named("term").next().ok_or_else(|| {
                        Error::format(path, Some(t.line), "<tig> without a <term>")
                    })?;
                    let notes: Vec<&Node> = t.children.iter().collect();
                    terms.push(raw_term(term, &notes));
                }
                "ntig" => {
                    let grp = t.children_named("termGrp").next().ok_or_else(|| {
                        Error::format(path, Some(t.line), "<ntig> without a <termGrp>")
                    })?;
                    let term = grp.children_named("term").next().ok_or_else(|| {
                        Error::format(path, Some(grp.line), "<termGrp> without a <term>")
                    })?;
                    let notes: Vec<&Node> = grp.children.iter().chain(&t.children).collect();
                    terms.push(raw_term(term, &notes));
                }
                _ => {}
            }
        }
        if terms.is_empty() {
            return Err(Error::format(
                path,
                Some(ls.line),
                format!(
                    "<langSet xml:lang=\"{}\"> has no <tig> or <ntig> term",
                    ls.attr("xml:lang").unwrap_or("")
                ),
            ));
        }
        langs.push((tag, terms));
    }
    if langs.is_empty() {
        return Err(Error::format(
            path,
            Some(e.line),
            "<termEntry> has no <langSet>",
        ));
    }
    Ok(build_row(e, facts, langs, warnings))
}

fn entry_v3(path: &Path, e: &Node, warnings: &mut Vec<(usize, String)>) -> Result<Row> {
    let id = e
        .attr("id")
        .ok_or_else(|| Error::format(path, Some(e.line), "<conceptEntry> has no id"))?;
    if !is_ncname(id) {
        return Err(Error::format(
            path,
            Some(e.line),
            format!(
                "conceptEntry id \"{id}\" is not a valid XML id (it must start with a letter or _)"
            ),
        ));
    }
    let dca = !e.children.iter().any(Node::prefixed);
    let mut facts = Facts::default();
    facts.gather(path, e, dca)?;
    let mut langs = Vec::new();
    for ls in e.children_named("langSec") {
        let tag = lang_of(path, ls)?;
        facts.gather(path, ls, dca)?;
        let mut terms = Vec::new();
        for ts in ls.children_named("termSec") {
            let first = ts
                .children
                .first()
                .ok_or_else(|| Error::format(path, Some(ts.line), "<termSec> without a <term>"))?;
            if first.name != "term" {
                return Err(Error::format(
                    path,
                    Some(first.line),
                    format!(
                        "<term> must come first in <termSec>, found <{}>",
                        first.name
                    ),
                ));
            }
            if let Some(second) = ts.children_named("term").nth(1) {
                return Err(Error::format(
                    path,
                    Some(second.line),
                    "only one <term> is allowed per <termSec>",
                ));
            }
            for c in &ts.children[1..] {
                if dca
                    && matches!(c.name.as_str(), "descrip" | "admin" | "termNote")
                    && c.attr("type").is_none()
                {
                    return Err(Error::format(
                        path,
                        Some(c.line),
                        format!("<{}> must have a type attribute", c.name),
                    ));
                }
            }
            let notes: Vec<&Node> = ts.children.iter().collect();
            terms.push(raw_term(first, &notes));
        }
        if terms.is_empty() {
            return Err(Error::format(
                path,
                Some(ls.line),
                "<langSec> has no <termSec>",
            ));
        }
        langs.push((tag, terms));
    }
    if langs.is_empty() {
        return Err(Error::format(
            path,
            Some(e.line),
            "<conceptEntry> has no <langSec>",
        ));
    }
    Ok(build_row(e, facts, langs, warnings))
}

fn lang_of(path: &Path, ls: &Node) -> Result<String> {
    let raw = ls.attr("xml:lang").ok_or_else(|| {
        Error::format(
            path,
            Some(ls.line),
            format!("<{}> has no xml:lang", ls.name),
        )
    })?;
    lang::canonical(raw).ok_or_else(|| Error::format(path, Some(ls.line), format!("xml:lang=\"{raw}\" is not a valid language tag (BCP 47 uses hyphens: zh-CN, not zh_CN)")))
}

fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn build_row(
    e: &Node,
    facts: Facts,
    langs: Vec<(String, Vec<RawTerm>)>,
    warnings: &mut Vec<(usize, String)>,
) -> Row {
    let mut row = Row::new(e.line);
    row.id = e.attr("id").map(str::to_string);
    row.changed_at = facts.modified;
    let mut data = EntryData {
        domain: facts.domain.unwrap_or_default(),
        note: facts.notes.list.join("\n"),
        source: facts.sources.list.join("; "),
        ..Default::default()
    };
    let mut all_forbidden = true;
    for (tag, terms) in langs {
        let has_main = terms.iter().any(|t| kind_of(t) == Some(TermKind::Main));
        for (i, t) in terms.iter().enumerate() {
            let kind = kind_of(t).unwrap_or(if i == 0 && !has_main {
                TermKind::Main
            } else {
                TermKind::Variant
            });
            all_forbidden &= kind == TermKind::Forbidden;
            if let Some(pos) = &t.pos {
                if !PARTS_OF_SPEECH.contains(&pos.as_str()) {
                    warnings.push((
                        t.line,
                        format!(
                            "partOfSpeech \"{pos}\" is not a TBX-Basic value ({}); kept as written",
                            PARTS_OF_SPEECH.join(", ")
                        ),
                    ));
                }
                if data.part_of_speech.is_empty() && kind == TermKind::Main {
                    data.part_of_speech = pos.clone();
                }
            }
            if let Some(s) = &t.admin_status {
                if admin_kind(s).is_none() {
                    warnings.push((
                        t.line,
                        format!("administrativeStatus \"{s}\" is not a TBX-Basic value; ignored"),
                    ));
                }
            }
            data.terms.push(Term::new(&tag, &t.text, kind));
        }
    }
    data.status = match facts.working.as_deref() {
        Some("workingElement" | "starterElement") => Status::Proposed,
        Some("archiveElement") => Status::Deprecated,
        _ if all_forbidden => Status::Deprecated,
        _ => Status::Approved,
    };
    row.data = data;
    row
}

fn admin_kind(status: &str) -> Option<TermKind> {
    Some(
        match status
            .trim_end_matches("-admn-sts")
            .trim_end_matches("Term")
        {
            "preferred" => TermKind::Main,
            "admitted" => TermKind::Variant,
            "deprecated" | "superseded" | "notRecommended" | "obsolete" => TermKind::Forbidden,
            _ => return None,
        },
    )
}

fn kind_of(t: &RawTerm) -> Option<TermKind> {
    if let Some(k) = t.admin_status.as_deref().and_then(admin_kind) {
        if k == TermKind::Forbidden {
            return Some(k);
        }
    }
    let by_type = t.term_type.as_deref().and_then(|ty| match ty {
        "acronym" | "abbreviation" | "shortForm" | "initialism" | "abbreviatedForm"
        | "clippedTerm" => Some(TermKind::Abbreviation),
        "fullForm" | "entryTerm" | "mainEntryTerm" => Some(TermKind::Main),
        "synonym" | "variant" | "orthographicalVariant" | "spellingVariant" | "commonName" => {
            Some(TermKind::Variant)
        }
        _ => None,
    });
    by_type.or_else(|| t.admin_status.as_deref().and_then(admin_kind))
}
