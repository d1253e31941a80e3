//! The memory store suite: the same tests on both engines, memories in a data folder and on a PostgreSQL
//! server (`DUIZHAO_TEST_PG`, as for the glossary's suite; skipped without it unless
//! `DUIZHAO_REQUIRE_PG=1`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use duizhao::tm::{
    Catalogue, ChangeKind, ExportFormat, ImportOptions, LangStyle, LangTag, MatchOptions, Memory,
    OnDuplicate, Origin, Segment, Side, TranslationUnit, UnitFilter,
};
use duizhao::{Error, NoProgress};

use crate::glossary::engines::{TestRoles, fresh_server};
use crate::util::TestDir;

/// Where a test's memories live.
enum Place {
    Folder(TestDir),
    Server(String),
}

impl Place {
    fn catalogue(&self) -> Catalogue {
        let converter = duizhao::tm::script::default_converter();
        match self {
            Place::Folder(dir) => Catalogue::with_converter(&dir.path(""), converter),
            Place::Server(url) => Catalogue::on_server(url, converter),
        }
    }

    fn engine(&self) -> &'static str {
        match self {
            Place::Folder(_) => "SQLite",
            Place::Server(_) => "PostgreSQL",
        }
    }
}

/// A fresh data folder, and a fresh server when one is configured.
fn places(test: &str) -> Vec<Place> {
    let mut out = vec![Place::Folder(TestDir::new())];
    if let Some(url) = fresh_server(&format!("tm_{test}")) {
        out.push(Place::Server(url));
    }
    out
}

fn unit(zh: &str, en: &str) -> TranslationUnit {
    TranslationUnit::new(
        Segment::new(LangTag::zh_simplified(), zh),
        Segment::new(LangTag::en(), en),
    )
}

const UNITS: &[(&str, &str)] = &[
    (
        "两江新区位于重庆北部。",
        "Liangjiang New Area lies in the north of Chongqing.",
    ),
    (
        "保税港区进出口增长百分之八。",
        "Trade through the bonded port area grew by 8%.",
    ),
    ("会议由市长主持。", "The meeting was chaired by the mayor."),
];

fn units() -> Vec<TranslationUnit> {
    UNITS.iter().map(|(z, e)| unit(z, e)).collect()
}

#[test]
fn add_match_edit_delete_undo_and_figures() {
    for place in places("walk") {
        let engine = place.engine();
        let mut m = place
            .catalogue()
            .open("Default")
            .expect("the Default memory");
        let s = m
            .add_from(&units(), Origin::Alignment, "release-1", &mut NoProgress)
            .unwrap();
        assert_eq!(s.added, 3, "{engine}");
        let again = m.add(&units(), Origin::Alignment, &mut NoProgress).unwrap();
        assert_eq!(
            (again.added, again.duplicates),
            (0, 3),
            "{engine}: no unit twice"
        );
        let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
        // Script-blind: the Traditional spelling finds the Simplified unit.
        let hits = m
            .matches("兩江新區位於重慶北部。", &zh, &en, &MatchOptions::default())
            .unwrap();
        assert_eq!(hits[0].score, 100, "{engine}: {hits:?}");
        assert_eq!(hits[0].origin_detail, "release-1", "{engine}");
        let found = m.concordance("保税港区", 10).unwrap();
        assert_eq!(found.len(), 1, "{engine}");
        let ids = m.unit_ids(&UnitFilter::default()).unwrap();
        assert_eq!(ids.len(), 3, "{engine}");
        let filtered = UnitFilter {
            text: Some("重慶".into()),
            ..UnitFilter::default()
        };
        assert_eq!(
            m.unit_ids(&filtered).unwrap(),
            [ids[0]],
            "{engine}: the filter folds script"
        );
        assert_eq!(m.count(&filtered).unwrap(), 1, "{engine}");
        // The same search on a connection of its own, on another thread.
        let query = m.ids_query(&filtered).expect("a memory with a place");
        let there = std::thread::spawn(move || query.run())
            .join()
            .unwrap()
            .unwrap();
        assert_eq!(there, [ids[0]], "{engine}");

        let c = m
            .edit(ids[2], Side::Target, "The mayor chaired the meeting.")
            .unwrap()
            .unwrap();
        assert_eq!(c.kind, ChangeKind::Edit, "{engine}");
        assert_eq!(m.history(ids[2]).unwrap().len(), 1, "{engine}");
        let hits = m
            .matches("会议由市长主持。", &zh, &en, &MatchOptions::default())
            .unwrap();
        assert_eq!(
            hits[0].target, "The mayor chaired the meeting.",
            "{engine}: the index follows"
        );
        m.delete_units(&ids[..2]).unwrap().unwrap();
        assert_eq!(m.len().unwrap(), 1, "{engine}");
        m.undo().unwrap().unwrap();
        assert_eq!(m.len().unwrap(), 3, "{engine}: the deletion undone");
        m.undo().unwrap().unwrap();
        assert_eq!(
            m.get(ids[2]).unwrap().unwrap().unit.target.text,
            "The meeting was chaired by the mayor.",
            "{engine}: the edit undone"
        );
        m.record_use(ids[0]).unwrap();
        assert_eq!(m.get(ids[0]).unwrap().unwrap().used, 1, "{engine}");

        // A second translation of one source is a conflict; an edit that repeats a unit is a duplicate.
        m.add(
            &[unit("会议由市长主持。", "The mayor presided.")],
            Origin::Translation,
            &mut NoProgress,
        )
        .unwrap();
        assert_eq!(m.conflicts(10).unwrap().len(), 1, "{engine}");
        let stats = m.stats().unwrap();
        assert_eq!(
            (stats.units, stats.conflicts, stats.duplicates),
            (4, 1, 0),
            "{engine}"
        );
        assert_eq!(
            stats.origins[0],
            (Origin::Alignment, "release-1".to_string(), 3),
            "{engine}"
        );
        let newest = *m.unit_ids(&UnitFilter::default()).unwrap().last().unwrap();
        m.edit(
            newest,
            Side::Target,
            "THE MEETING WAS CHAIRED BY THE MAYOR.",
        )
        .unwrap();
        assert_eq!(m.duplicate_count().unwrap(), 1, "{engine}");
        assert_eq!(
            m.dedupe().unwrap().unwrap().kind,
            ChangeKind::Dedupe,
            "{engine}"
        );
        assert_eq!(m.len().unwrap(), 3, "{engine}");
        assert_eq!(
            m.changes(10).unwrap().len(),
            4,
            "{engine}: two edits, a deletion, a dedupe"
        );
        let kept = m
            .add_one(
                &unit(
                    "新的物流园区明年开放。",
                    "The logistics park opens next year.",
                ),
                Origin::Translation,
            )
            .unwrap()
            .expect("a new unit's id");
        assert!(m.withdraw(kept).unwrap(), "{engine}");
        assert!(m.get(kept).unwrap().is_none(), "{engine}");
    }
}

/// A TMX file of `pairs` in `dir`.
fn tmx(dir: &TestDir, name: &str, pairs: &[(&str, &str)]) -> std::path::PathBuf {
    let tus: String = pairs
        .iter()
        .map(|(zh, en)| {
            format!(
                "<tu><tuv xml:lang=\"zh-CN\"><seg>{zh}</seg></tuv><tuv xml:lang=\"en-US\"><seg>{en}</seg></tuv></tu>\n"
            )
        })
        .collect();
    dir.write(
        name,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\"><header creationtool=\"t\" \
             creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" adminlang=\"en\" srclang=\"zh-CN\" \
             datatype=\"plaintext\"/><body>\n{tus}</body></tmx>\n"
        ),
    );
    dir.path(name)
}

/// Progress that cancels after `n` reports.
struct CancelAfter(usize);

impl duizhao::Progress for CancelAfter {
    fn start(&mut self, _total: u64, _what: &str) {}
    fn advance(&mut self, _n: u64) -> bool {
        self.0 = self.0.saturating_sub(1);
        self.0 > 0
    }
}

#[test]
fn imports_are_one_transaction_undone_and_exported() {
    let files = TestDir::new();
    let first = tmx(&files, "first.tmx", UNITS);
    let many: Vec<(String, String)> = (0..3000)
        .map(|i| {
            (
                format!("第{i}号公告发布。"),
                format!("Notice number {i} was issued."),
            )
        })
        .collect();
    let many: Vec<(&str, &str)> = many.iter().map(|(z, e)| (z.as_str(), e.as_str())).collect();
    let big = tmx(&files, "big.tmx", &many);
    let replace = tmx(
        &files,
        "replace.tmx",
        &[("会议由市长主持。", "The mayor chaired it.")],
    );
    for place in places("import") {
        let engine = place.engine();
        let mut m = place.catalogue().open("Default").unwrap();
        let s = m.import_tmx(&first, &mut NoProgress).unwrap();
        assert_eq!(s.added, 3, "{engine}");
        let err = m.import_tmx(&big, &mut CancelAfter(2)).unwrap_err();
        assert!(matches!(err, Error::Cancelled), "{engine}: {err}");
        assert_eq!(
            m.len().unwrap(),
            3,
            "{engine}: a cancelled import leaves nothing"
        );
        let options = ImportOptions {
            on_duplicate: OnDuplicate::Replace,
            ..ImportOptions::default()
        };
        let s = m
            .import_tmx_with(&replace, &options, &mut NoProgress)
            .unwrap();
        assert_eq!(s.replaced, 1, "{engine}");
        m.undo().unwrap().unwrap();
        let hits = m
            .matches(
                "会议由市长主持。",
                &LangTag::zh_simplified(),
                &LangTag::en(),
                &MatchOptions::default(),
            )
            .unwrap();
        assert_eq!(
            hits[0].target, "The meeting was chaired by the mayor.",
            "{engine}: undone"
        );
        let out = files.path(&format!("{engine}.tmx"));
        let e = m
            .export(
                &out,
                ExportFormat::Tmx,
                &UnitFilter::default(),
                LangStyle::default(),
                &mut NoProgress,
            )
            .unwrap();
        assert_eq!(e.written, 3, "{engine}");
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("保税港区进出口增长百分之八。"), "{engine}");
    }
}

#[test]
fn memories_are_listed_created_renamed_kept_apart_and_deleted() {
    for place in places("catalogue") {
        let engine = place.engine();
        let cat = place.catalogue();
        let (tw, en) = (LangTag::zh_traditional(), LangTag::en());
        let mut client = cat
            .create("Client A", &tw, &en, "customs releases")
            .unwrap();
        assert!(
            cat.create("client a", &tw, &en, "")
                .unwrap_err()
                .to_string()
                .contains("already"),
            "{engine}"
        );
        client
            .add(
                &[unit("海关。", "Customs.")],
                Origin::Alignment,
                &mut NoProgress,
            )
            .unwrap();
        let mut default = cat.open("default").unwrap();
        default
            .add(&units(), Origin::Alignment, &mut NoProgress)
            .unwrap();
        let list = cat.list().unwrap();
        let names: Vec<(&str, usize)> = list
            .iter()
            .map(|e| (e.info.name.as_str(), e.units))
            .collect();
        assert_eq!(
            names,
            [("Default", 3), ("Client A", 1)],
            "{engine}: each memory its own units"
        );
        assert_eq!(list[1].info.source_lang, tw, "{engine}");
        assert_eq!(list[1].info.note, "customs releases", "{engine}");
        // Nothing of one memory is seen from another: matches, ids, deletion.
        let hits = client
            .matches(
                "会议由市长主持。",
                &LangTag::zh_simplified(),
                &en,
                &MatchOptions::default(),
            )
            .unwrap();
        assert!(hits.is_empty(), "{engine}: {hits:?}");
        client.delete_all().unwrap();
        assert_eq!(default.len().unwrap(), 3, "{engine}");
        drop(client);
        cat.rename("Client A", "Client B").unwrap();
        assert!(cat.rename("Client B", "default").is_err(), "{engine}");
        let mut b = cat.open("client b").unwrap();
        b.set_read_only(true).unwrap();
        let err = b
            .add(&units(), Origin::Alignment, &mut NoProgress)
            .unwrap_err();
        assert!(matches!(err, Error::ReadOnly { .. }), "{engine}: {err}");
        assert!(
            cat.open("Client B").unwrap().info().read_only,
            "{engine}: the flag is kept"
        );
        drop(b);
        cat.delete("Client B").unwrap();
        assert_eq!(cat.list().unwrap().len(), 1, "{engine}");
        let err = cat.open("Client B").unwrap_err().to_string();
        assert!(
            err.contains("no memory named “Client B”"),
            "{engine}: {err}"
        );
    }
}

#[test]
fn two_writers_adding_the_same_units_store_each_once() {
    for place in places("writers") {
        let engine = place.engine();
        let batch: Vec<TranslationUnit> = (0..400)
            .map(|i| {
                unit(
                    &format!("第{i}批货物通关。"),
                    &format!("Consignment {i} was cleared."),
                )
            })
            .collect();
        let batch = Arc::new(batch);
        let cat = Arc::new(place.catalogue());
        // The memory exists before the writers start (two programs creating one file at the same instant
        // is another matter: one of them is told the file is in use).
        drop(cat.open("Default").unwrap());
        let writers: Vec<_> = (0..2)
            .map(|_| {
                let (batch, cat) = (batch.clone(), cat.clone());
                std::thread::spawn(move || {
                    let mut m = cat.open("Default").unwrap();
                    m.add(&batch, Origin::Translation, &mut NoProgress).unwrap()
                })
            })
            .collect();
        let added: usize = writers.into_iter().map(|w| w.join().unwrap().added).sum();
        let m = cat.open("Default").unwrap();
        assert_eq!(
            (added, m.len().unwrap()),
            (400, 400),
            "{engine}: every unit once"
        );
        assert_eq!(m.duplicate_count().unwrap(), 0, "{engine}");
    }
}

#[test]
fn on_the_server_a_reader_searches_but_is_refused_by_the_server() {
    let Some(target) = fresh_server("tm_roles") else {
        return;
    };
    let roles = TestRoles::create(
        &target,
        &[
            ("dz_tm_reader", "duizhao_reader"),
            ("dz_tm_editor", "duizhao_editor"),
        ],
    );
    let converter = duizhao::tm::script::default_converter();
    let editors = Catalogue::on_server(&roles.url("dz_tm_editor"), converter.clone());
    let mut editor = editors.open("Default").unwrap();
    assert!(editor.may_edit());
    editor
        .add(&units(), Origin::Alignment, &mut NoProgress)
        .unwrap();
    assert_eq!(
        editor.units().unwrap()[0].unit.creation_id.as_deref(),
        Some("dz_tm_editor"),
        "the author is the database role"
    );
    editors
        .create("Editor's", &LangTag::zh_simplified(), &LangTag::en(), "")
        .unwrap();

    let mut reader =
        Memory::connect(&roles.url("dz_tm_reader"), "Default", converter.clone()).unwrap();
    assert!(
        !reader.may_edit(),
        "a window can grey out editing for a reader"
    );
    let hits = reader
        .matches(
            "会议由市长主持。",
            &LangTag::zh_simplified(),
            &LangTag::en(),
            &MatchOptions::default(),
        )
        .unwrap();
    assert_eq!(hits.len(), 1, "a reader searches");
    let id = hits[0].unit_id;
    for refused in [
        reader
            .add(
                &[unit("自由港。", "Free port.")],
                Origin::Alignment,
                &mut NoProgress,
            )
            .map(drop),
        reader.edit(id, Side::Target, "Changed.").map(drop),
        reader.delete(id).map(drop),
    ] {
        let err = refused.unwrap_err().to_string();
        assert!(
            err.contains("server refused") && err.contains("duizhao_editor"),
            "refused by the server, naming the role needed: {err}"
        );
    }
    let err = Catalogue::on_server(&roles.url("dz_tm_reader"), converter.clone())
        .create("Reader's", &LangTag::zh_simplified(), &LangTag::en(), "")
        .unwrap_err()
        .to_string();
    assert!(err.contains("server refused"), "{err}");
    let err = editors.delete("Editor's").unwrap_err().to_string();
    assert!(
        err.contains("server refused"),
        "removing a memory is an administrator's: {err}"
    );
    assert_eq!(
        editor.len().unwrap(),
        3,
        "nothing was changed by the reader"
    );
}

#[test]
fn on_the_server_another_persons_change_is_heard_and_found() {
    let Some(target) = fresh_server("tm_watch") else {
        return;
    };
    let converter = duizhao::tm::script::default_converter();
    let mut mine = Memory::connect(&target, "Default", converter.clone()).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let _watch = duizhao::tm::watch_memories(&target, move |change| {
        let _ = tx.send(change);
    })
    .unwrap();
    let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
    let options = MatchOptions::default();
    assert!(
        mine.matches("会议由市长主持。", &zh, &en, &options)
            .unwrap()
            .is_empty()
    );
    let mut theirs = Memory::connect(&target, "Default", converter.clone()).unwrap();
    // Another memory's changes are heard, and are not this memory's.
    let mut other = Catalogue::on_server(&target, converter)
        .create("Other", &zh, &en, "")
        .unwrap();
    other
        .add(&units(), Origin::Alignment, &mut NoProgress)
        .unwrap();
    let heard = rx.recv_timeout(Duration::from_secs(1)).expect("heard");
    assert_eq!(heard.for_memory(&mine), None, "{heard:?}");

    // Added, edited, deleted: each heard within a second, naming the units, and found (or not) after.
    let started = Instant::now();
    theirs
        .add(&units(), Origin::Alignment, &mut NoProgress)
        .unwrap();
    let heard = rx
        .recv_timeout(Duration::from_secs(1))
        .expect("the addition heard within a second");
    assert!(started.elapsed() < Duration::from_secs(1));
    let ids = heard
        .for_memory(&mine)
        .expect("this memory")
        .expect("the units named")
        .to_vec();
    assert_eq!(ids.len(), 3);
    mine.refresh(Some(&ids)).unwrap();
    let hits = mine
        .matches("会议由市长主持。", &zh, &en, &options)
        .unwrap();
    assert_eq!(hits.len(), 1, "found after the refresh");
    let id = hits[0].unit_id;
    theirs
        .edit(id, Side::Target, "The mayor chaired the meeting.")
        .unwrap();
    let heard = rx
        .recv_timeout(Duration::from_secs(1))
        .expect("the edit heard");
    mine.refresh(heard.for_memory(&mine).unwrap()).unwrap();
    let hits = mine
        .matches("会议由市长主持。", &zh, &en, &options)
        .unwrap();
    assert_eq!(hits[0].target, "The mayor chaired the meeting.");
    theirs.delete(id).unwrap();
    let heard = rx
        .recv_timeout(Duration::from_secs(1))
        .expect("the deletion heard");
    mine.refresh(heard.for_memory(&mine).unwrap()).unwrap();
    assert!(
        mine.matches("会议由市长主持。", &zh, &en, &options)
            .unwrap()
            .is_empty()
    );
    // This connection's own change is echoed, and needs no reading: its index has it already.
    mine.add(
        &[unit("海关。", "Customs.")],
        Origin::Alignment,
        &mut NoProgress,
    )
    .unwrap();
    let heard = rx.recv_timeout(Duration::from_secs(1)).expect("the echo");
    assert_eq!(heard.for_memory(&mine), None, "{heard:?}");
    // Someone else's large addition is too many units to name: the index is built again apart (a
    // window keeps using the old one meanwhile) and put in.
    let many: Vec<TranslationUnit> = (0..300)
        .map(|i| {
            unit(
                &format!("第{i}号货物已放行。"),
                &format!("Consignment {i} was released."),
            )
        })
        .collect();
    theirs
        .add(&many, Origin::Alignment, &mut NoProgress)
        .unwrap();
    let heard = rx
        .recv_timeout(Duration::from_secs(1))
        .expect("the import heard");
    assert_eq!(heard.for_memory(&mine), Some(None), "{heard:?}");
    let fresh = mine
        .index_source()
        .expect("on a server")
        .build(&mut NoProgress)
        .unwrap();
    mine.install_index(fresh);
    let hits = mine
        .matches("第123号货物已放行。", &zh, &en, &options)
        .unwrap();
    assert_eq!(hits[0].target, "Consignment 123 was released.");
    // A rolled-back write is never announced.
    theirs.set_read_only(true).unwrap();
    assert!(
        theirs
            .add(&units(), Origin::Alignment, &mut NoProgress)
            .is_err()
    );
    assert!(
        rx.recv_timeout(Duration::from_millis(300)).is_err(),
        "nothing heard"
    );
}

#[test]
fn on_the_server_an_old_layout_or_no_layout_is_named() {
    let Some(target) = fresh_server("tm_layout") else {
        return;
    };
    let converter = duizhao::tm::script::default_converter();
    let err = Memory::connect(&target, "Nope", converter.clone())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no memory named “Nope”") && err.contains("Default"),
        "{err}"
    );
    let mut admin = postgres::Client::connect(&target, postgres::NoTls).unwrap();
    admin
        .batch_execute("UPDATE duizhao.meta SET value = '99' WHERE key = 'schema_version'")
        .unwrap();
    let err = Memory::connect(&target, "Default", converter.clone())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("newer") && err.contains("update Duizhao"),
        "{err}"
    );
    admin
        .batch_execute("DROP SCHEMA duizhao CASCADE; DROP SCHEMA duizhao_tm CASCADE")
        .unwrap();
    let err = Memory::connect(&target, "Default", converter)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("server init") && err.contains("127.0.0.1"),
        "{err}"
    );
}

#[test]
fn on_the_server_the_command_line_imports_searches_pretranslates_and_suggests() {
    let Some(target) = fresh_server("tm_cli") else {
        return;
    };
    let dir = TestDir::new();
    let run = |args: &[&str]| {
        let out = dir.cli().args(args).output().expect("run duizhao-cli");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.success(), text, err)
    };
    let (ok, out, err) = run(&["tm", "--db", &target, "create", "Customs", "--note", "team"]);
    assert!(
        ok && out.contains("Customs") && out.contains("postgres://"),
        "{out}{err}"
    );
    let file = tmx(&dir, "customs.tmx", UNITS);
    let (ok, out, err) = run(&[
        "tm",
        "import",
        file.to_str().unwrap(),
        "--memory",
        "Customs",
        "--db",
        &target,
    ]);
    assert!(ok && out.contains("3 added"), "{out}{err}");
    let (ok, out, err) = run(&["tm", "list", "--db", &target, "--json"]);
    let list: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    assert!(ok);
    assert_eq!(list[1]["name"], "Customs");
    assert_eq!(list[1]["units"], 3);
    let (ok, out, err) = run(&[
        "tm",
        "search",
        "兩江新區位於重慶北部。",
        "--memory",
        "Customs",
        "--db",
        &target,
        "--json",
    ]);
    assert!(
        ok && out.contains("Liangjiang New Area lies in the north of Chongqing."),
        "{out}{err}"
    );
    // The data folder's memories are untouched.
    let (_, out, _) = run(&["tm", "list", "--json"]);
    assert!(!out.contains("Customs"), "{out}");

    // Pre-translation from the server's memory, checked against the server's glossary.
    let mut glossary = duizhao::glossary::Glossary::connect(&target, &Default::default()).unwrap();
    glossary
        .add(crate::glossary::pair("mayor", "市长"))
        .unwrap();
    dir.write("release.txt", "会议由市长主持。\n");
    let (ok, out, err) = run(&[
        "pretranslate",
        "release.txt",
        "--pre-segmented",
        "--memory",
        "Customs",
        "--db",
        &target,
    ]);
    assert!(
        ok && out.contains("The meeting was chaired by the mayor."),
        "{out}{err}"
    );
    let (ok, out, err) = run(&["tm", "--db", "/tmp/memory.sqlite", "list"]);
    assert!(
        !ok && err.contains("--tm"),
        "a file given as a server is refused: {out}{err}"
    );

    // Term suggestions from the server's memory, standing against its glossary.
    let (ok, out, err) = run(&[
        "terms",
        "--memory",
        "Customs",
        "--db",
        &target,
        "--glossary",
        &target,
        "--min-freq",
        "2",
        "--json",
    ]);
    assert!(ok, "{out}{err}");
    assert!(
        err.contains("sentence pairs of the memory \"Customs\""),
        "{err}"
    );
}

#[test]
fn two_people_editing_one_unit_lose_nothing_and_undo_takes_back_only_ones_own() {
    for place in places("edits") {
        let engine = place.engine();
        // Two people: on the server two login roles (the author is the role), on a file two names.
        let roles = match &place {
            Place::Server(url) => Some(TestRoles::create(
                url,
                &[("dz_lin", "duizhao_editor"), ("dz_wang", "duizhao_editor")],
            )),
            Place::Folder(_) => None,
        };
        let (mut first, mut second) = match &roles {
            None => {
                let cat = place.catalogue();
                (cat.open("Default").unwrap(), cat.open("Default").unwrap())
            }
            Some(roles) => {
                let converter = duizhao::tm::script::default_converter();
                (
                    Memory::connect(&roles.url("dz_lin"), "Default", converter.clone()).unwrap(),
                    Memory::connect(&roles.url("dz_wang"), "Default", converter).unwrap(),
                )
            }
        };
        first.set_author("lin");
        second.set_author("wang");
        first
            .add(&units(), Origin::Alignment, &mut NoProgress)
            .unwrap();
        let id = first.unit_ids(&UnitFilter::default()).unwrap()[2];
        let shown = first.get(id).unwrap().unwrap().unit.target.text;
        // Both opened the unit; the first saves, then the second saves on what it was shown.
        first
            .edit_checked(id, Side::Target, &shown, "The mayor chaired the meeting.")
            .unwrap();
        let err = second
            .edit_checked(
                id,
                Side::Target,
                &shown,
                "The mayor presided over the meeting.",
            )
            .unwrap_err();
        assert!(matches!(err, Error::Conflict(_)), "{engine}: {err}");
        let text = err.to_string();
        assert!(
            text.contains("The mayor chaired the meeting.") && text.contains("was not saved"),
            "{engine}: both versions shown: {text}"
        );
        // Saved again on what is there now.
        second
            .edit_checked(
                id,
                Side::Target,
                "The mayor chaired the meeting.",
                "The mayor presided over the meeting.",
            )
            .unwrap();
        // Undoing the first edit would overwrite the second: refused, nothing changed.
        if place.engine() == "PostgreSQL" {
            let err = first.undo().unwrap_err();
            assert!(matches!(err, Error::Conflict(_)), "{err}");
            assert!(err.to_string().contains("changed again since"), "{err}");
            // Each person's Undo takes back their own change, never a colleague's.
            second.undo().unwrap().unwrap();
            assert_eq!(
                first.get(id).unwrap().unwrap().unit.target.text,
                "The mayor chaired the meeting."
            );
            first.undo().unwrap().unwrap();
            assert_eq!(
                first.get(id).unwrap().unwrap().unit.target.text,
                "The meeting was chaired by the mayor."
            );
            let authors: Vec<String> = first
                .changes(10)
                .unwrap()
                .into_iter()
                .map(|c| c.author)
                .collect();
            assert_eq!(authors, ["dz_wang", "dz_lin"], "each change by its role");
        } else {
            // One person's file: Undo takes back the latest change, whoever's name it carries.
            first.undo().unwrap().unwrap();
            first.undo().unwrap().unwrap();
            assert_eq!(
                first.get(id).unwrap().unwrap().unit.target.text,
                "The meeting was chaired by the mayor."
            );
        }
    }
}

#[test]
fn on_the_server_a_server_that_goes_away_loses_nothing() {
    let Some(target) = fresh_server("tm_away") else {
        return;
    };
    let (proxy, via) = crate::util::Proxy::for_url(&target);
    let converter = duizhao::tm::script::default_converter();
    let mut m = Memory::connect(&via, "Default", converter.clone()).unwrap();
    m.add(&units()[..1], Origin::Alignment, &mut NoProgress)
        .unwrap();
    proxy.cut();
    let err = m
        .add(&units()[1..], Origin::Alignment, &mut NoProgress)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("127.0.0.1:{}", proxy.port)) && err.contains("cannot be reached"),
        "the message names the server: {err}"
    );
    assert!(!m.reconnect_if_lost().is_ok_and(|back| back), "still away");
    proxy.restore();
    assert!(m.reconnect_if_lost().unwrap(), "connected again");
    m.add(&units()[1..], Origin::Alignment, &mut NoProgress)
        .unwrap();
    let there = Memory::connect(&target, "Default", converter).unwrap();
    assert_eq!(
        there.len().unwrap(),
        3,
        "the units added on retry are stored"
    );
}
