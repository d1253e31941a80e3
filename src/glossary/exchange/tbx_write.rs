//! Writing TBX: v2 TBX-Basic (`<martif type="TBX-Basic">`, read by OmegaT and translate-toolkit) and v3
//! TBX-Basic in DCA style (valid against the TBX core structure schema).
//!
//! Per entry: subjectField, note, source, a modification transaction (date and author), our status as
//! `elementWorkingStatus` when not approved; per term: termType for abbreviations and variants,
//! partOfSpeech, administrativeStatus (preferred, admitted, deprecated).

use std::io::{self, Write};

use crate::glossary::model::{Entry, Status, Term, TermKind};

/// Which TBX.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V2,
    V3,
}

/// Escapes text for XML and drops characters XML 1.0 cannot hold.
pub(crate) fn esc(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}

pub(crate) fn header(w: &mut dyn Write, v: Version, source: &str) -> io::Result<()> {
    let desc = format!(
        "Exported by Duizhao {} from {}",
        env!("CARGO_PKG_VERSION"),
        esc(source)
    );
    match v {
        Version::V2 => write!(
            w,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<martif type=\"TBX-Basic\" xml:lang=\"en\">\n  <martifHeader>\n    \
             <fileDesc><sourceDesc><p>{desc}</p></sourceDesc></fileDesc>\n    \
             <encodingDesc><p type=\"XCSURI\">TBXBasicXCSV02.xcs</p></encodingDesc>\n  </martifHeader>\n  <text>\n    <body>\n"
        ),
        Version::V3 => write!(
            w,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" \
             xmlns=\"urn:iso:std:iso:30042:ed-2\">\n  <tbxHeader>\n    \
             <fileDesc><sourceDesc><p>{desc}</p></sourceDesc></fileDesc>\n  </tbxHeader>\n  <text>\n"
        ),
    }
}

/// Opens `<body>` in TBX v3 (which must not be empty, so it is opened only before the first entry).
pub(crate) fn open_body_v3(w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "    <body>")
}

pub(crate) fn footer(w: &mut dyn Write, v: Version, body_open: bool) -> io::Result<()> {
    match v {
        Version::V2 => writeln!(w, "    </body>\n  </text>\n</martif>"),
        Version::V3 if body_open => writeln!(w, "    </body>\n  </text>\n</tbx>"),
        Version::V3 => writeln!(w, "  </text>\n</tbx>"),
    }
}

pub(crate) fn entry(w: &mut dyn Write, v: Version, e: &Entry, id: &str) -> io::Result<()> {
    let (entry_tag, lang_tag, term_tag) = match v {
        Version::V2 => ("termEntry", "langSet", "tig"),
        Version::V3 => ("conceptEntry", "langSec", "termSec"),
    };
    let d = &e.data;
    writeln!(w, "      <{entry_tag} id=\"{}\">", esc(id))?;
    if !d.domain.is_empty() {
        writeln!(
            w,
            "        <descrip type=\"subjectField\">{}</descrip>",
            esc(&d.domain)
        )?;
    }
    if d.status != Status::Approved {
        let working = if d.status == Status::Proposed {
            "workingElement"
        } else {
            "archiveElement"
        };
        writeln!(
            w,
            "        <admin type=\"elementWorkingStatus\">{working}</admin>"
        )?;
    }
    if !d.source.is_empty() || !d.source_date.is_empty() {
        let source = match (d.source.is_empty(), d.source_date.is_empty()) {
            (false, false) => format!("{} ({})", d.source, d.source_date),
            (false, true) => d.source.clone(),
            _ => d.source_date.clone(),
        };
        match v {
            Version::V2 => writeln!(w, "        <admin type=\"source\">{}</admin>", esc(&source))?,
            // TBX-Basic v3 allows a source only beside what it documents; a note keeps it core-valid.
            Version::V3 => writeln!(w, "        <note>Source: {}</note>", esc(&source))?,
        }
    }
    if !d.note.is_empty() {
        writeln!(w, "        <note>{}</note>", esc(&d.note))?;
    }
    writeln!(
        w,
        "        <transacGrp><transac type=\"transactionType\">modification</transac><date>{}</date>\
         <transacNote type=\"responsibility\">{}</transacNote></transacGrp>",
        esc(&e.changed_at),
        esc(&e.changed_by)
    )?;
    for lang in d.languages() {
        writeln!(w, "        <{lang_tag} xml:lang=\"{}\">", esc(lang))?;
        for t in d.terms_in(lang) {
            write!(w, "          <{term_tag}><term>{}</term>", esc(&t.text))?;
            term_notes(w, t, &d.part_of_speech, d.status)?;
            writeln!(w, "</{term_tag}>")?;
        }
        writeln!(w, "        </{lang_tag}>")?;
    }
    writeln!(w, "      </{entry_tag}>")
}

fn term_notes(w: &mut dyn Write, t: &Term, pos: &str, status: Status) -> io::Result<()> {
    match t.kind {
        TermKind::Abbreviation => write!(w, "<termNote type=\"termType\">abbreviation</termNote>")?,
        TermKind::Variant => write!(w, "<termNote type=\"termType\">variant</termNote>")?,
        _ => {}
    }
    if !pos.is_empty() {
        let pos = match pos {
            "noun" | "verb" | "adjective" | "adverb" | "properNoun" | "other" => pos,
            _ => "other",
        };
        write!(w, "<termNote type=\"partOfSpeech\">{pos}</termNote>")?;
    }
    let admin = match (t.kind, status) {
        (TermKind::Forbidden, _) | (_, Status::Deprecated) => "deprecatedTerm-admn-sts",
        (TermKind::Main, _) => "preferredTerm-admn-sts",
        _ => "admittedTerm-admn-sts",
    };
    write!(
        w,
        "<termNote type=\"administrativeStatus\">{admin}</termNote>"
    )
}
