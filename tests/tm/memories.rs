//! `duizhao-cli tm` on named memories: create, import with each duplicate policy, stats, units, edit,
//! delete (ids, an origin, all), undo, dedupe, conflicts, read-only, rename and drop; a file of another
//! language pair refused unless imported with its own pair (OmegaT's own project memory among them); and
//! a filtered export read by translate-toolkit and OmegaT.

use std::process::Output;

use serde_json::Value;

use crate::shared_or_skip;
use crate::tm::tmx_clients::{check_exports, omegat_check};
use crate::util::{TestDir, stdout_ok};

/// A TMX 1.4 file of `(zh, en)` pairs (sentences written for these tests).
fn tmx(pairs: &[(&str, &str)]) -> String {
    let tus: String = pairs
        .iter()
        .map(|(zh, en)| {
            format!(
                "    <tu><tuv xml:lang=\"zh-CN\"><seg>{zh}</seg></tuv><tuv xml:lang=\"en-US\"><seg>{en}</seg></tuv></tu>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n  <header creationtool=\"test\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"test\" adminlang=\"en-US\" srclang=\"zh-CN\" \
         datatype=\"plaintext\"/>\n  <body>\n{tus}  </body>\n</tmx>\n"
    )
}

const FIRST: &[(&str, &str)] = &[
    (
        "新的物流园区将于明年开放。",
        "The new logistics park will open next year.",
    ),
    (
        "该市上半年出口增长百分之八。",
        "The city's exports grew by 8% in the first half.",
    ),
    ("会议由市长主持。", "The meeting was chaired by the mayor."),
];

/// The same sources, one with another translation, and a new one.
const SECOND: &[(&str, &str)] = &[
    (
        "新的物流园区将于明年开放。",
        "The new logistics park will open next year.",
    ),
    ("会议由市长主持。", "The mayor chaired the meeting."),
    (
        "重庆海关简化了通关手续。",
        "Chongqing Customs simplified clearance.",
    ),
];

fn run(dir: &TestDir, args: &[&str]) -> Output {
    dir.cli().args(args).output().expect("run duizhao-cli")
}

fn json(dir: &TestDir, args: &[&str]) -> Value {
    serde_json::from_str(&stdout_ok(&run(dir, args))).expect("JSON")
}

fn failure(out: &Output) -> String {
    assert!(!out.status.success(), "should have failed");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn named_memories_from_create_to_drop() {
    let dir = TestDir::new();
    dir.write("first.tmx", tmx(FIRST));
    dir.write("second.tmx", tmx(SECOND));
    let list = json(&dir, &["tm", "list", "--json"]);
    assert_eq!(list[0]["name"], "Default");
    stdout_ok(&run(
        &dir,
        &["tm", "create", "Client", "--note", "customs releases"],
    ));
    let out = json(
        &dir,
        &["tm", "import", "first.tmx", "--memory", "client", "--json"],
    );
    assert_eq!(out["files"][0]["added"], 3);

    // Each policy on a copy of the state after the first import: skip, replace, keep both.
    let cases = [("skip", "skipped_existing"), ("replace", "replaced")];
    for (policy, field) in cases {
        let out = json(
            &dir,
            &[
                "tm",
                "import",
                "second.tmx",
                "--memory",
                "Client",
                "--on-duplicate",
                policy,
                "--json",
            ],
        );
        let f = &out["files"][0];
        assert_eq!(
            (&f["added"], &f[field], &f["identical"]),
            (&1.into(), &1.into(), &1.into()),
            "{policy}: {f}"
        );
        let undone = stdout_ok(&run(&dir, &["tm", "undo", "--memory", "Client"]));
        assert!(undone.contains("undone: Imported second.tmx"), "{undone}");
    }
    let out = json(
        &dir,
        &["tm", "import", "second.tmx", "--memory", "Client", "--json"],
    );
    assert_eq!(out["files"][0]["kept_both"], 1);
    assert_eq!(out["units"], 5);

    let stats = stdout_ok(&run(&dir, &["tm", "stats", "--memory", "Client"]));
    for want in [
        "memory Client (zh-CN → en-US",
        ": 5 units",
        "zh-CN → en-US: 5",
        "tmx-import first.tmx: 3",
        "tmx-import second.tmx: 2",
        "duplicates: 0",
        "conflicts: 1",
    ] {
        assert!(stats.contains(want), "{want}\n{stats}");
    }
    let conflicts = json(&dir, &["tm", "conflicts", "--memory", "Client", "--json"]);
    assert_eq!(conflicts[0]["units"].as_array().map(Vec::len), Some(2));

    // Find a unit blind to script, edit it, delete it, undo both.
    let found = json(
        &dir,
        &[
            "tm", "units", "--memory", "Client", "--text", "會議", "--json",
        ],
    );
    assert_eq!(found["count"], 2);
    let id = found["units"][0]["id"].as_i64().expect("id").to_string();
    let out = stdout_ok(&run(
        &dir,
        &[
            "tm",
            "edit",
            &id,
            "--target",
            "The mayor opened the meeting.",
            "--memory",
            "Client",
        ],
    ));
    assert!(
        out.contains(&format!("Edited the target of unit {id}")),
        "{out}"
    );
    let out = stdout_ok(&run(
        &dir,
        &["tm", "delete", &id, "999", "--memory", "Client"],
    ));
    assert!(out.contains("Deleted 1 unit"), "{out}");
    stdout_ok(&run(&dir, &["tm", "undo", "--memory", "Client"]));
    stdout_ok(&run(&dir, &["tm", "undo", "--memory", "Client"]));
    let back = json(
        &dir,
        &[
            "tm", "units", "--memory", "Client", "--text", "会议", "--json",
        ],
    );
    assert_eq!(
        back["units"][0]["unit"]["target"]["text"],
        "The meeting was chaired by the mayor."
    );
    assert_eq!(back["units"][0]["origin_detail"], "first.tmx");

    // Everything from one origin, and back.
    let out = stdout_ok(&run(
        &dir,
        &[
            "tm",
            "delete",
            "--origin",
            "second.tmx",
            "--memory",
            "Client",
        ],
    ));
    assert!(out.contains("Deleted 2 units from second.tmx"), "{out}");
    stdout_ok(&run(&dir, &["tm", "undo", "--memory", "Client"]));

    // Search across two memories in order, each match naming its memory.
    stdout_ok(&run(&dir, &["tm", "import", "first.tmx"]));
    let found = json(
        &dir,
        &[
            "tm",
            "search",
            "会议由市长主持。",
            "--memory",
            "Client",
            "--memory",
            "Default",
            "--json",
        ],
    );
    let memories: Vec<&str> = found["matches"]
        .as_array()
        .expect("matches")
        .iter()
        .map(|m| m["memory"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(memories.first(), Some(&"Client"), "{found}");
    assert!(memories.contains(&"Default"), "{found}");

    // Read-only refuses changes; rename; Default cannot be dropped; Client can.
    stdout_ok(&run(
        &dir,
        &["tm", "set", "--memory", "Client", "--read-only", "true"],
    ));
    let err = failure(&run(&dir, &["tm", "delete", "--all", "--memory", "Client"]));
    assert!(err.contains("“Client” is read-only"), "{err}");
    stdout_ok(&run(&dir, &["tm", "rename", "Client", "Customer"]));
    let err = failure(&run(&dir, &["tm", "drop", "Default"]));
    assert!(err.contains("cannot be deleted"), "{err}");
    stdout_ok(&run(&dir, &["tm", "drop", "Customer"]));
    let err = failure(&run(&dir, &["tm", "stats", "--memory", "Customer"]));
    assert!(err.contains("no memory named “Customer”"), "{err}");
}

#[test]
fn another_language_pair_is_refused_unless_imported_with_its_own() {
    let project =
        shared_or_skip!("conformance/interop/tmx/omegat_misc/project_CN_JP_project_save.tmx");
    let dir = TestDir::new();
    let file = project.to_str().expect("path");
    let err = failure(&run(&dir, &["tm", "import", file]));
    assert!(
        err.contains("project_CN_JP_project_save.tmx:")
            && err.contains("ja-JP")
            && err.contains("zh-CN → en-US")
            && err.contains("nothing of it was stored")
            && err.contains("--own-pair"),
        "{err}"
    );
    let out = json(&dir, &["tm", "import", file, "--own-pair", "--json"]);
    assert_eq!(out["files"][0]["added"], 1, "{out}");
    // A memory of the file's pair takes it as it is, with OmegaT's authors.
    stdout_ok(&run(&dir, &["tm", "create", "Japanese", "--to", "ja-JP"]));
    stdout_ok(&run(&dir, &["tm", "import", file, "--memory", "Japanese"]));
    let units = json(&dir, &["tm", "units", "--memory", "Japanese", "--json"]);
    let u = &units["units"][0]["unit"];
    assert_eq!(u["target"]["text"], "太平寺の中心的なペン塔");
    assert_eq!(u["change_id"], "Hiroshi Miura");
}

#[test]
fn a_filtered_export_is_read_by_translate_toolkit_and_omegat() {
    let shared = shared_or_skip!("");
    let dir = TestDir::new();
    dir.write("first.tmx", tmx(FIRST));
    dir.write("second.tmx", tmx(SECOND));
    stdout_ok(&run(&dir, &["tm", "import", "first.tmx", "second.tmx"]));
    let out = stdout_ok(&run(
        &dir,
        &[
            "tm",
            "export",
            "second.tmx.out.tmx",
            "--origin",
            "second.tmx",
        ],
    ));
    assert!(out.contains("2 units written"), "{out}");
    let out = stdout_ok(&run(&dir, &["tm", "export", "all.tsv", "--format", "tsv"]));
    assert!(out.contains("5 units written"), "{out}");
    let tsv = std::fs::read_to_string(dir.path("all.tsv")).expect("TSV");
    assert!(tsv.contains(
        "重庆海关简化了通关手续。\tChongqing Customs simplified clearance.\tsecond.tmx\n"
    ));
    let exported = dir.path("second.tmx.out.tmx");
    if !check_exports(&shared, &exported, "zh-CN,en-US") {
        return;
    }
    let source = dir.write("source.txt", "重庆海关简化了通关手续。\n");
    omegat_check(&shared, "zh-CN", "en-US", &source, &exported);
}
