//! TSV and CSV glossaries: our own with a header row (language columns by BCP 47 tag, `en`, `zh-Hans`,
//! `zh-Hant`, `zh-HK`, optionally `en:abbr`, `en:variant`, `en:forbidden`; other fields by name), and
//! OmegaT's header-less `source<TAB>target<TAB>comment` lines with `#` comments.
//!
//! A term cell may hold several terms separated by ` | `. Our TSV escapes tab, line break and backslash
//! inside cells as `\t`, `\n`, `\\` (see `text.rs`); OmegaT's format has no escapes.

use std::borrow::Cow;

use super::text::Record;
use super::{ImportOptions, Parsed, Row};
use crate::glossary::model::{EntryData, Status, Term, TermKind, lang};

/// A column of a headed table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Column {
    Id,
    Version,
    Term(String, TermKind),
    Domain,
    Pos,
    Status,
    Note,
    Source,
    Date,
    ChangedBy,
    ChangedAt,
}

impl Column {
    /// The header text we write for the column.
    pub(crate) fn header(&self) -> String {
        match self {
            Column::Id => "id".into(),
            Column::Version => "version".into(),
            Column::Term(tag, TermKind::Main) => tag.clone(),
            Column::Term(tag, kind) => format!("{tag}:{}", kind.as_str()),
            Column::Domain => "domain".into(),
            Column::Pos => "pos".into(),
            Column::Status => "status".into(),
            Column::Note => "note".into(),
            Column::Source => "source".into(),
            Column::Date => "date".into(),
            Column::ChangedBy => "changed by".into(),
            Column::ChangedAt => "changed at".into(),
        }
    }

    /// Reads a header cell: a field name (with a few synonyms) or a language tag, optionally with a kind.
    pub(crate) fn parse(cell: &str) -> Option<Column> {
        let name = cell.trim().to_ascii_lowercase().replace(['_', '-'], " ");
        let field = match name.as_str() {
            "id" | "entry id" => Column::Id,
            "version" => Column::Version,
            "domain" | "subject" | "subject field" | "subjectfield" => Column::Domain,
            "pos" | "part of speech" | "partofspeech" => Column::Pos,
            "status" => Column::Status,
            "note" | "notes" | "definition" | "comment" | "comments" => Column::Note,
            "source" => Column::Source,
            "date" | "source date" => Column::Date,
            "changed by" | "author" => Column::ChangedBy,
            "changed at" | "modified" => Column::ChangedAt,
            _ => {
                let (tag, kind) = match cell.trim().split_once(':') {
                    Some((tag, kind)) => (tag, TermKind::parse(kind)?),
                    None => (cell.trim(), TermKind::Main),
                };
                if !is_known_language(tag) {
                    return None;
                }
                return Some(Column::Term(lang::canonical(tag)?, kind));
            }
        };
        Some(field)
    }
}

/// ISO 639-1 codes, plus the three-letter codes Chinese glossaries meet (a header cell must name a real
/// language: `kde` or `question` in an OmegaT file are terms, not column names).
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu \
cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id \
ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi \
mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd \
se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa \
wo xh yi yo za zh zu yue cmn nan hak wuu";

fn is_known_language(tag: &str) -> bool {
    if !lang::is_well_formed(tag) {
        return false;
    }
    let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
    ISO_639_1.split_ascii_whitespace().any(|c| c == primary)
}

/// The header of a table, if `cells` is one: every non-empty cell must name a column and at least one
/// must be a language. Unknown cells make it not a header unless two languages are named (then they are
/// reported and ignored).
pub(crate) fn parse_header(cells: &[Cow<'_, str>]) -> Option<(Vec<Option<Column>>, Vec<String>)> {
    let cols: Vec<Option<Column>> = cells.iter().map(|c| Column::parse(c)).collect();
    let langs = cols
        .iter()
        .filter(|c| matches!(c, Some(Column::Term(..))))
        .count();
    let unknown: Vec<String> = cells
        .iter()
        .zip(&cols)
        .filter(|(cell, col)| col.is_none() && !cell.trim().is_empty())
        .map(|(cell, _)| cell.trim().to_string())
        .collect();
    if langs == 0 || (!unknown.is_empty() && langs < 2) {
        return None;
    }
    Some((cols, unknown))
}

/// Builds rows from a headed table (`unescape` for our TSV).
pub(crate) fn rows_with_header(
    records: &[Record<'_>],
    columns: &[Option<Column>],
    unescape: bool,
    parsed: &mut Parsed,
) {
    for (line, cells) in records {
        let mut row = Row::new(*line);
        for (cell, col) in cells.iter().zip(columns) {
            let Some(col) = col else { continue };
            let value = if unescape {
                super::text::tsv_unescape(cell)
            } else {
                Cow::Borrowed(cell.as_ref())
            };
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            set_field(&mut row, col, value);
        }
        if cells.len() > columns.len()
            && cells[columns.len()..].iter().any(|c| !c.trim().is_empty())
        {
            parsed.warn(
                *line,
                format!(
                    "{} cells but the header names {}; the extra cells were ignored",
                    cells.len(),
                    columns.len()
                ),
            );
        }
        parsed.rows.push(row);
    }
}

fn set_field(row: &mut Row, col: &Column, value: &str) {
    let d = &mut row.data;
    match col {
        Column::Id => row.id = Some(value.to_string()),
        Column::Version => match value.parse() {
            Ok(v) => row.version = Some(v),
            Err(_) => row.problem = Some(format!("version '{value}' is not a number")),
        },
        Column::Term(tag, kind) => {
            for t in value.split('|').map(str::trim).filter(|t| !t.is_empty()) {
                d.terms.push(Term::new(tag, t, *kind));
            }
        }
        Column::Domain => d.domain = value.to_string(),
        Column::Pos => d.part_of_speech = value.to_string(),
        Column::Status => match Status::parse(value) {
            Some(s) => d.status = s,
            None => {
                row.problem = Some(format!(
                    "unknown status '{value}' (use approved, proposed or deprecated)"
                ))
            }
        },
        Column::Note => d.note = value.to_string(),
        Column::Source => d.source = value.to_string(),
        Column::Date => d.source_date = value.to_string(),
        Column::ChangedBy => {}
        Column::ChangedAt => row.changed_at = Some(value.to_string()),
    }
}

/// Builds rows from OmegaT's header-less lines: source term, target term, comment.
pub(crate) fn rows_omegat(records: &[Record<'_>], options: &ImportOptions, parsed: &mut Parsed) {
    for (line, cells) in records {
        let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
        let mut row = Row::new(*line);
        row.data = EntryData {
            terms: vec![
                Term::main(&chinese_script(&options.source_lang, cell(0)), cell(0)),
                Term::main(&chinese_script(&options.target_lang, cell(1)), cell(1)),
            ],
            note: cell(2).to_string(),
            ..Default::default()
        };
        if cells.len() > 3 {
            parsed.warn(*line, format!("{} columns; OmegaT glossaries have 3 (source, target, comment), the rest was ignored", cells.len()));
        }
        parsed.rows.push(row);
    }
}

/// The language of a term in a Chinese column of a file that names one Chinese language for all its lines
/// (OmegaT's): a line written in the other script gets that script's tag, so the Traditional lines of an
/// OmegaT export come back as Traditional terms, not as a second Simplified one. Text in both scripts or
/// in neither keeps the tag given.
pub(crate) fn chinese_script(tag: &str, text: &str) -> String {
    use crate::convert::script::{Script, detect_script};
    if !lang::is_chinese(tag) {
        return tag.to_string();
    }
    match detect_script(text).script {
        Script::Hant if tag == lang::ZH_HANS => lang::ZH_HANT.to_string(),
        Script::Hans if tag != lang::ZH_HANS => lang::ZH_HANS.to_string(),
        _ => tag.to_string(),
    }
}

/// The columns an export writes: id and version, the four Chinese/English columns always, other
/// languages and kinds when some entry uses them, then the fields.
pub(crate) fn export_columns(present: &[(String, TermKind)]) -> Vec<Column> {
    let mut terms: Vec<(String, TermKind)> = [lang::EN, lang::ZH_HANS, lang::ZH_HANT, lang::ZH_HK]
        .iter()
        .map(|t| (t.to_string(), TermKind::Main))
        .collect();
    for p in present {
        if !terms.contains(p) {
            terms.push(p.clone());
        }
    }
    terms.sort_by(|a, b| {
        lang::sort_key(&a.0)
            .cmp(&lang::sort_key(&b.0))
            .then(a.1.cmp(&b.1))
    });
    let mut cols = vec![Column::Id, Column::Version];
    cols.extend(terms.into_iter().map(|(l, k)| Column::Term(l, k)));
    cols.extend([
        Column::Domain,
        Column::Pos,
        Column::Status,
        Column::Note,
        Column::Source,
        Column::Date,
        Column::ChangedBy,
        Column::ChangedAt,
    ]);
    cols
}

/// The value of one column for an entry.
pub(crate) fn cell_value(
    col: &Column,
    entry: &crate::glossary::Entry,
    external_id: &str,
) -> String {
    let d = &entry.data;
    match col {
        Column::Id => external_id.to_string(),
        Column::Version => entry.version.to_string(),
        Column::Term(tag, kind) => d
            .terms
            .iter()
            .filter(|t| &t.lang == tag && t.kind == *kind)
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" | "),
        Column::Domain => d.domain.clone(),
        Column::Pos => d.part_of_speech.clone(),
        Column::Status => d.status.as_str().to_string(),
        Column::Note => d.note.clone(),
        Column::Source => d.source.clone(),
        Column::Date => d.source_date.clone(),
        Column::ChangedBy => entry.changed_by.clone(),
        Column::ChangedAt => entry.changed_at.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_cells() {
        let cases = [
            ("en", Some(Column::Term("en".into(), TermKind::Main))),
            (
                "zh-CN",
                Some(Column::Term("zh-Hans".into(), TermKind::Main)),
            ),
            (
                "zh-Hant:abbr",
                Some(Column::Term("zh-Hant".into(), TermKind::Abbreviation)),
            ),
            (
                "en:variant",
                Some(Column::Term("en".into(), TermKind::Variant)),
            ),
            ("Part of speech", Some(Column::Pos)),
            ("Source Date", Some(Column::Date)),
            ("kde", None),
            ("question", None),
            ("koo moo", None),
            ("en:weird", None),
        ];
        for (cell, want) in cases {
            assert_eq!(Column::parse(cell), want, "{cell}");
        }
    }

    #[test]
    fn omegat_chinese_lines_are_classified_by_script() {
        let cases = [
            ("zh-Hans", "冷链物流", "zh-Hans"),
            ("zh-Hans", "冷鏈物流", "zh-Hant"),
            ("zh-Hans", "成都", "zh-Hans"),
            ("zh-Hant", "保税港区", "zh-Hans"),
            ("zh-HK", "諒解備忘錄", "zh-HK"),
            ("en", "冷鏈物流", "en"),
        ];
        for (tag, text, want) in cases {
            assert_eq!(chinese_script(tag, text), want, "{tag} {text}");
        }
    }

    #[test]
    fn header_detection() {
        fn cells(s: &str) -> Vec<Cow<'_, str>> {
            s.split('\t').map(Cow::Borrowed).collect()
        }
        assert!(parse_header(&cells("en\tzh-Hans\tdomain")).is_some());
        assert!(parse_header(&cells("kde\tkoo moo")).is_none());
        assert!(parse_header(&cells("en\tzh\tfoo")).is_some_and(|(_, unknown)| unknown == ["foo"]));
        assert!(parse_header(&cells("en\tfoo")).is_none());
        assert!(parse_header(&cells("domain\tnote")).is_none());
    }
}
