//! Unit tests of reading and applying rows (the conformance files are covered in `tests/glossary`).

use std::path::Path;

use super::*;
use crate::NoProgress;
use crate::glossary::{Glossary, TermKind};

fn parsed(name: &str, text: &str) -> Parsed {
    parse(Path::new(name), text.as_bytes(), &ImportOptions::default()).unwrap()
}

#[test]
fn headed_tsv_with_kinds_multiple_terms_and_escapes() {
    let p = parsed(
        "g.tsv",
        "# comment\nen\ten:abbr\tzh-CN\tzh-TW\tstatus\tnote\tshoe size\n\
         China Chongqing International Investment and Global Sourcing Fair\tCCISF\t渝洽会\t渝洽會\tproposed\tline\\none\t42\n\
         sister city | twin city\t\t友好城市\t姊妹市\tmaybe\t\t\n",
    );
    assert_eq!(p.format, Format::Tsv);
    assert_eq!(
        p.warnings,
        vec![(2, "unknown column 'shoe size' ignored".to_string())]
    );
    let r = &p.rows[0];
    assert_eq!(r.line, 3);
    assert_eq!(r.data.note, "line\none");
    assert_eq!(r.data.status, crate::glossary::Status::Proposed);
    assert!(
        r.data
            .terms
            .iter()
            .any(|t| t.lang == "zh-Hant" && t.text == "渝洽會")
    );
    assert!(
        r.data
            .terms
            .iter()
            .any(|t| t.text == "CCISF" && t.kind == TermKind::Abbreviation)
    );
    let r = &p.rows[1];
    assert_eq!(r.data.terms.iter().filter(|t| t.lang == "en").count(), 2);
    assert!(
        r.problem
            .as_deref()
            .unwrap()
            .contains("unknown status 'maybe'")
    );
}

#[test]
fn header_less_files_are_omegat() {
    let p = parsed(
        "g.txt",
        "# -*- coding: utf-8 -*-\n两江新区\tLiangjiang New Area\tplace\n保税港区\tbonded port area\n",
    );
    assert_eq!(p.format, Format::Omegat);
    assert_eq!(p.rows.len(), 2);
    assert_eq!(p.rows[0].data.preferred("zh-Hans"), Some("两江新区"));
    assert_eq!(p.rows[0].data.note, "place");
    let p = parsed("g.csv", "kde,csv kde\n\"kde, qu\",comma dot\n");
    assert_eq!(p.format, Format::OmegatCsv);
    assert_eq!(p.rows[1].data.preferred("en"), Some("comma dot"));
}

#[test]
fn format_detection() {
    let cases = [
        ("a.tbx", "<?xml version='1.0'?><martif/>", Format::Tbx),
        ("a.txt", "\u{feff}<martif>", Format::Tbx),
        ("a.csv", "en,zh", Format::Csv),
        ("a.tab", "en\tzh", Format::Tsv),
        ("a.utf8", "x\ty", Format::Tsv),
    ];
    for (name, head, want) in cases {
        assert_eq!(
            Format::detect(Path::new(name), head.as_bytes()),
            want,
            "{name}"
        );
    }
}

#[test]
fn import_matches_merges_and_reports_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Glossary::open(dir.path().join("g.sqlite")).unwrap();
    let first =
        "en\tzh-Hans\tnote\nbonded port area\t保税港区\t\nfree trade zone\t自由贸易区\tFTZ\n";
    let r = g
        .import_bytes(
            Path::new("a.tsv"),
            first.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
    assert_eq!(r.summary(), "added 2, updated 0, skipped 0, conflicting 0");
    let batch = r.batch.unwrap();
    // Same terms in another case and script: merge the Traditional form and fill the note; a differing
    // note is a conflict; a duplicate row within the file is skipped.
    let second = "en\tzh-Hans\tzh-Hant\tnote\nBonded Port Area\t保税港区\t保稅港區\tcustoms-supervised\n\
                  free trade zone\t自由贸易区\t\tsomething else\nport\t港口\t\t\nport\t港口\t\t\n";
    let r = g
        .import_bytes(
            Path::new("b.tsv"),
            second.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
    let outcomes: Vec<(usize, Outcome)> = r.rows.iter().map(|x| (x.line, x.outcome)).collect();
    assert_eq!(
        outcomes,
        [
            (2, Outcome::Updated),
            (3, Outcome::Conflicting),
            (4, Outcome::Added),
            (5, Outcome::Skipped)
        ]
    );
    assert!(
        r.rows[1]
            .message
            .contains("note 'something else' here, 'FTZ' in the glossary"),
        "{}",
        r.rows[1].message
    );
    let e = g.get(1).unwrap().unwrap();
    assert_eq!(e.data.preferred("zh-Hant"), Some("保稅港區"));
    assert_eq!(e.data.note, "customs-supervised");
    // With overwrite the conflicting row is applied.
    let r = g
        .import_bytes(
            Path::new("b.tsv"),
            second.as_bytes(),
            &ImportOptions {
                overwrite: true,
                ..ImportOptions::default()
            },
            &mut NoProgress,
        )
        .unwrap();
    assert_eq!(r.rows[1].outcome, Outcome::Updated);
    assert_eq!(g.get(2).unwrap().unwrap().data.note, "something else");
    // Undoing the first import conflicts now (its entries changed since), and changes nothing.
    assert!(matches!(
        g.revert_batch(batch),
        Err(crate::Error::Conflict(_))
    ));
    assert_eq!(g.count().unwrap(), 3);
}

#[test]
fn own_exports_update_by_id_and_detect_stale_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = Glossary::open(dir.path().join("g.sqlite")).unwrap();
    let e = g
        .add(crate::glossary::EntryData {
            terms: vec![
                crate::glossary::Term::main("en", "sister city"),
                crate::glossary::Term::main("zh-Hans", "友好城市"),
            ],
            ..Default::default()
        })
        .unwrap();
    let mut tsv = Vec::new();
    g.export_to(
        &mut tsv,
        Format::Tsv,
        &ExportOptions::default(),
        &mut NoProgress,
    )
    .unwrap();
    let tsv = String::from_utf8(tsv).unwrap();
    // Someone renames the English term in a spreadsheet and re-imports: the same entry is updated.
    let edited = tsv.replace("sister city", "twin city");
    let r = g
        .import_bytes(
            Path::new("e.tsv"),
            edited.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
    assert_eq!(
        (r.rows[0].outcome, r.rows[0].entry),
        (Outcome::Updated, Some(e.id))
    );
    // The same file again is now stale (version 1 in the file, 2 in the glossary) but unchanged → skipped;
    // an older edit is a conflict.
    let r = g
        .import_bytes(
            Path::new("e.tsv"),
            edited.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
    assert_eq!(r.rows[0].outcome, Outcome::Skipped);
    let older = tsv.replace("sister city", "partner city");
    let r = g
        .import_bytes(
            Path::new("o.tsv"),
            older.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
    assert_eq!(r.rows[0].outcome, Outcome::Conflicting, "{:?}", r.rows[0]);
    assert!(
        r.rows[0]
            .message
            .contains("version 1 in the file, 2 in the glossary")
    );
    assert_eq!(g.count().unwrap(), 1);
}

#[test]
fn history_of_imported_entries_shows_their_data_and_undoes() {
    use crate::glossary::Action;
    let dir = tempfile::tempdir().unwrap();
    let mut g = Glossary::open(dir.path().join("g.sqlite")).unwrap();
    // Enough rows for the multi-row inserts and a single-row remainder.
    let mut tsv = String::from("en\tzh-Hans\tnote\n");
    for i in 0..150 {
        tsv.push_str(&format!("term {i}\t术语{i}\tnote {i}\n"));
    }
    let r = g
        .import_bytes(
            Path::new("a.tsv"),
            tsv.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
    assert_eq!(r.count(Outcome::Added), 150);
    assert_eq!(g.count().unwrap(), 150);
    let id = r.rows[70].entry.unwrap();
    let e = g.get(id).unwrap().unwrap();
    assert_eq!(e.data.preferred("en"), Some("term 70"));
    assert_eq!(e.data.note, "note 70");
    // The import's history row gives the data after it, before and after a later edit.
    let h = g.history(id).unwrap();
    assert_eq!((h.len(), h[0].action), (1, Action::Import));
    assert_eq!(h[0].after.as_ref(), Some(&e.data));
    let mut edited = e.data.clone();
    edited.note = "edited".into();
    g.update(id, 1, edited).unwrap();
    let h = g.history(id).unwrap();
    assert_eq!(h[0].after.as_ref(), Some(&e.data));
    let back = g.restore_version(id, 1, 2).unwrap();
    assert_eq!(back.data.note, "note 70");
    // Ids continue after the import; searching finds imported entries; undoing the import deletes them.
    let next = g.add(e.data.clone()).unwrap();
    assert_eq!(next.id, 151);
    assert_eq!(
        g.search("term 149", &crate::glossary::SearchOptions::default())
            .unwrap()[0]
            .entry
            .id,
        150
    );
    g.delete(next.id, 1).unwrap();
    g.revert_batch(r.batch.unwrap()).unwrap_err();
    let r2 = g
        .import_bytes(
            Path::new("b.tsv"),
            "en\tzh-Hans\nfresh\t新鲜\n".as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
    assert_eq!(r2.rows[0].entry, Some(152), "ids are never reused");
    assert_eq!(g.revert_batch(r2.batch.unwrap()).unwrap(), 1);
    assert_eq!(g.count().unwrap(), 150);
}
