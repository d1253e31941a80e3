//! Bad input: a locked file, a read-only file, a file that is not a database, one-language terms.

use std::time::Duration;

use duizhao::NoProgress;
use duizhao::glossary::{
    EntryData, Glossary, ImportOptions, OpenOptions, Outcome, SearchOptions, Term,
};

use super::{empty_glossary, pair};

#[test]
fn locked_database_waits_then_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.sqlite");
    drop(Glossary::open(&path).unwrap());
    let holder = rusqlite::Connection::open(&path).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO meta(key, value) VALUES ('x', 'y');")
        .unwrap();
    let options = OpenOptions {
        busy_timeout: Duration::from_millis(300),
        ..OpenOptions::default()
    };
    let mut g = Glossary::open_with(&path, &options).unwrap();
    let started = std::time::Instant::now();
    let err = g
        .add(pair("sister city", "友好城市"))
        .unwrap_err()
        .to_string();
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "gave up without waiting"
    );
    assert!(
        err.contains("shared.sqlite") && err.contains("locked"),
        "{err}"
    );
    // Reading still works while another program writes (WAL).
    assert_eq!(g.count().unwrap(), 0);
    holder.execute_batch("ROLLBACK").unwrap();
    g.add(pair("sister city", "友好城市")).unwrap();
}

#[test]
fn read_only_file_can_be_searched_but_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.sqlite");
    {
        let mut g = Glossary::open(&path).unwrap();
        g.add(pair("bonded port area", "保税港区")).unwrap();
        // Leave a clean file behind (checkpoint the WAL) before making it read-only.
        drop(g);
    }
    let mut perms = std::fs::metadata(&path).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&path, perms).unwrap();
    let mut g = Glossary::open(&path).unwrap();
    assert!(g.is_read_only());
    let hits = g.search("bonded", &SearchOptions::default()).unwrap();
    assert_eq!(hits.len(), 1);
    let err = g
        .add(pair("sister city", "友好城市"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("ro.sqlite") && err.contains("read-only"),
        "{err}"
    );
    let err = g
        .import_bytes(
            "x.tsv".as_ref(),
            b"en\tzh-Hans\nport\t\xe6\xb8\xaf\xe5\x8f\xa3\n",
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("read-only"), "{err}");
}

#[test]
fn not_a_database_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terms.sqlite");
    std::fs::write(&path, "en\tzh-Hans\nport\t港口\n".repeat(100)).unwrap();
    let err = Glossary::open(&path).unwrap_err().to_string();
    assert!(
        err.contains("terms.sqlite") && err.contains("not an SQLite database"),
        "{err}"
    );
}

#[test]
fn one_language_terms_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = empty_glossary(dir.path());
    let only_en = EntryData {
        terms: vec![Term::main("en", "sister city")],
        ..Default::default()
    };
    let err = g.add(only_en).unwrap_err().to_string();
    assert!(err.contains("only one language"), "{err}");
    let tsv =
        "en\tzh-Hans\tzh-Hant\nsister city\t友好城市\t姊妹市\nlonely term\t\t\n\t自贸区\t自貿區\n";
    let report = g
        .import_bytes(
            "mixed.tsv".as_ref(),
            tsv.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
    let skipped: Vec<(usize, &str)> = report
        .rows
        .iter()
        .filter(|r| r.outcome == Outcome::Skipped)
        .map(|r| (r.line, r.message.as_str()))
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert_eq!(skipped[0].0, 3);
    assert!(
        skipped[0].1.contains("only one language is filled in (en)"),
        "{skipped:?}"
    );
    assert_eq!(skipped[1].0, 4);
    assert!(
        skipped[1]
            .1
            .contains("only one language is filled in (Chinese)"),
        "{skipped:?}"
    );
    assert_eq!(report.count(Outcome::Added), 1);
}

#[test]
fn malformed_table_is_rejected_with_the_line_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = empty_glossary(dir.path());
    g.add(pair("port", "港口")).unwrap();
    let csv = "en,zh-Hans\nsister city,友好城市\n\"unclosed,港区\n";
    let err = g
        .import_bytes(
            "bad.csv".as_ref(),
            csv.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad.csv:3: a quoted CSV field is never closed"
    );
    assert_eq!(g.count().unwrap(), 1);
}

#[test]
fn cancelled_import_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut g = empty_glossary(dir.path());
    let mut tsv = String::from("en\tzh-Hans\n");
    for i in 0..5000 {
        tsv.push_str(&format!("term {i}\t术语{i}\n"));
    }
    let flag = duizhao::CancelFlag::new();
    flag.cancel();
    let mut progress = flag.clone();
    let err = g
        .import_bytes(
            "big.tsv".as_ref(),
            tsv.as_bytes(),
            &ImportOptions::default(),
            &mut progress,
        )
        .unwrap_err();
    assert!(matches!(err, duizhao::Error::Cancelled));
    assert_eq!(g.count().unwrap(), 0);
    assert_eq!(g.last_change_id().unwrap(), 0);
}
