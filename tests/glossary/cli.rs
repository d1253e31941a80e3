//! The `glossary` CLI: search in any script, add, export and re-import; two processes editing one entry;
//! an import killed half-way.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use duizhao::NoProgress;
use duizhao::glossary::{ExportOptions, Format, Glossary};

use super::pair;
use crate::util::{TestDir, stdout_ok};

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout_ok(out)).expect("JSON output")
}

#[test]
fn search_finds_the_same_entry_from_any_script_or_language() {
    let t = TestDir::new();
    // No --db: the default glossary in the data folder, created with the starter glossary.
    let cases = [
        ("两江新区", "Liangjiang New Area", "exact"),
        ("兩江新區", "Liangjiang New Area", "exact"),
        ("两江新區", "Liangjiang New Area", "exact"),
        ("兩江", "Liangjiang New Area", "prefix"),
        ("liangjiang", "Liangjiang New Area", "prefix"),
        ("LIANGJIANG new", "Liangjiang New Area", "prefix"),
        ("Bonded port", "bonded port area", "prefix"),
        ("保稅港區", "bonded port area", "exact"),
        (
            "ccisf",
            "China Chongqing International Investment and Global Sourcing Fair",
            "exact",
        ),
        ("Liangjaing New Area", "Liangjiang New Area", "fuzzy"),
    ];
    for (query, en, kind) in cases {
        let out = t
            .cli()
            .args(["glossary", "search", query, "--json"])
            .output()
            .unwrap();
        let hits = json(&out);
        let first = &hits[0];
        let terms = first["entry"]["data"]["terms"].as_array().unwrap();
        let first_en = terms.iter().find(|t| t["lang"] == "en").unwrap()["text"]
            .as_str()
            .unwrap();
        assert_eq!(
            (first_en, first["kind"].as_str().unwrap()),
            (en, kind),
            "query {query}: {hits}"
        );
    }
    // Two-character Chinese substring: every bonded port area.
    let out = t
        .cli()
        .args(["glossary", "search", "港区", "--json", "--limit", "50"])
        .output()
        .unwrap();
    let hits = json(&out);
    let zh: Vec<String> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            h["entry"]["data"]["terms"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["lang"] == "zh-Hans")
                .unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        zh.contains(&"保税港区".to_string()) && zh.contains(&"重庆两路寸滩保税港区".to_string()),
        "{zh:?}"
    );
    assert!(zh.iter().all(|z| z.contains("港区")), "{zh:?}");
}

#[test]
fn add_export_and_reimport_round_trip() {
    let t = TestDir::new();
    let db = t.path("team.sqlite");
    let db = db.to_str().unwrap();
    let out = t
        .cli()
        .args([
            "glossary",
            "--db",
            db,
            "--author",
            "ana",
            "add",
            "--en",
            "cold-chain logistics",
            "--zh-hans",
            "冷链物流",
        ])
        .args([
            "--zh-hant",
            "冷鏈物流",
            "--domain",
            "logistics",
            "--note",
            "temperature-controlled",
            "--json",
        ])
        .output()
        .unwrap();
    let entry = json(&out);
    assert_eq!(entry["version"], 1);
    assert_eq!(entry["changed_by"], "ana");
    for format in ["tbx", "tbx3", "tsv", "csv", "omegat"] {
        let file = t.path(&format!("out.{format}"));
        let out = t
            .cli()
            .args([
                "glossary",
                "--db",
                db,
                "export",
                "--format",
                format,
                "-o",
                file.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        stdout_ok(&out);
        // Back into the same glossary: nothing changes.
        let out = t
            .cli()
            .args([
                "glossary",
                "--db",
                db,
                "import",
                file.to_str().unwrap(),
                "--json",
            ])
            .output()
            .unwrap();
        let report = json(&out);
        assert!(
            report["rows"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["outcome"] == "skipped"),
            "{format}: {report}"
        );
        // Into a new glossary: added, with the Traditional form.
        let fresh = t.path(&format!("fresh-{format}.sqlite"));
        let out = t
            .cli()
            .args([
                "glossary",
                "--db",
                fresh.to_str().unwrap(),
                "import",
                file.to_str().unwrap(),
                "--json",
            ])
            .output()
            .unwrap();
        let report = json(&out);
        assert_eq!(report["rows"][0]["outcome"], "added", "{format}: {report}");
        let g = Glossary::open(&fresh).unwrap();
        let e = g.list(0, 1).unwrap().remove(0);
        // OmegaT's format names no languages: its Traditional line is recognised by its script and
        // merges into the entry as the Traditional form.
        assert_eq!(g.count().unwrap(), 1, "{format}");
        assert_eq!(e.data.preferred("zh-Hant"), Some("冷鏈物流"), "{format}");
    }
    let out = t
        .cli()
        .args(["glossary", "--db", db, "add", "--en", "lonely"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("team.sqlite") && err.contains("only one language"),
        "{err}"
    );
}

#[test]
fn two_processes_editing_one_entry_exactly_one_wins() {
    let t = TestDir::new();
    let db = t.path("shared.sqlite");
    let id = {
        let mut g = Glossary::open(&db).unwrap();
        g.add(pair("sister city", "友好城市")).unwrap().id
    };
    let db = db.to_str().unwrap().to_string();
    for round in 0..3 {
        let version = (round + 1).to_string();
        let spawn = |who: &str| {
            t.cli()
                .args([
                    "glossary",
                    "--db",
                    &db,
                    "--author",
                    who,
                    "update",
                    &id.to_string(),
                    "--expect-version",
                    &version,
                ])
                .args(["--note", &format!("edited by {who} in round {round}")])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("alice"), spawn("bob"));
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let winners: Vec<&str> = [("alice", &a), ("bob", &b)]
            .iter()
            .filter(|(_, o)| o.status.success())
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(
            winners.len(),
            1,
            "round {round}: {:?} / {:?}",
            String::from_utf8_lossy(&a.stderr),
            String::from_utf8_lossy(&b.stderr)
        );
        let loser = if a.status.success() { &b } else { &a };
        let err = String::from_utf8_lossy(&loser.stderr);
        assert!(
            err.contains("conflict") && err.contains(&format!("changed by {}", winners[0])),
            "{err}"
        );
        let g = Glossary::open(&db).unwrap();
        let e = g.get(id).unwrap().unwrap();
        assert_eq!(e.version, round as i64 + 2);
        assert_eq!(
            e.data.note,
            format!("edited by {} in round {round}", winners[0])
        );
        assert_eq!(
            g.history(id).unwrap().len(),
            round + 2,
            "one change per round, nothing lost"
        );
    }
}

#[test]
fn killing_an_import_midway_leaves_the_database_as_it_was() {
    let t = TestDir::new();
    let db = t.path("kill.sqlite");
    let export = |g: &Glossary| {
        let mut out = Vec::new();
        g.export_to(
            &mut out,
            Format::Tsv,
            &ExportOptions::default(),
            &mut NoProgress,
        )
        .unwrap();
        (out, g.count().unwrap(), g.last_change_id().unwrap())
    };
    let before = {
        let mut g = Glossary::open(&db).unwrap();
        g.add(pair("bonded port area", "保税港区")).unwrap();
        g.add(pair("free trade zone", "自由贸易区")).unwrap();
        export(&g)
    };
    let mut tsv = String::from("en\tzh-Hans\tdomain\tnote\n");
    for i in 0..100_000 {
        tsv.push_str(&format!(
            "generated term {i}\t生成术语{i}\ttrade\trow {i} of a large import\n"
        ));
    }
    let file = t.write("big.tsv", tsv);
    let mut child = t
        .cli()
        .args([
            "glossary",
            "--db",
            db.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let wal = t.path("kill.sqlite-wal");
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            panic!("the import finished before it could be killed; make the file larger");
        }
        if std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 2 * 1024 * 1024 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the import never started writing"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed mid-way");
    let g = Glossary::open(&db).unwrap();
    let after = export(&g);
    assert_eq!((after.1, after.2), (before.1, before.2));
    assert!(after.0 == before.0, "the exported glossary changed");
    let check: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

#[test]
fn terms_subcommand_finds_terms_in_a_text() {
    let t = TestDir::new();
    let text = t.write(
        "release.txt",
        "The MOUs signed at the fair cover the bonded port area in Liangjiang New Area.\n",
    );
    let out = Command::new(env!("CARGO_BIN_EXE_duizhao-cli"))
        .env("DUIZHAO_DATA_DIR", t.path("data"))
        .args(["glossary", "terms", text.to_str().unwrap()])
        .output()
        .unwrap();
    let s = stdout_ok(&out);
    for term in ["MOUs", "bonded port area", "Liangjiang New Area"] {
        assert!(s.contains(term), "{term} not found in:\n{s}");
    }
}
