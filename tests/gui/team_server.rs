//! The glossary on a team server, as a terminologist sets it up and a translator sees it: File →
//! Settings → Team server → Connect; another person's new entry appears in the open window without a
//! restart or a click; the server is remembered at the next start. The memories there: listed, picked
//! and searched, a colleague's new unit shown live. Needs `DUIZHAO_TEST_PG` (skipped
//! without it, failing in CI).

use std::time::{Duration, Instant};

use duizhao::glossary::{Glossary, OpenOptions};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use super::{app_harness, set_text, show_workspace, type_into, wait_for_jobs, wait_for_label};
use crate::glossary::pair;
use crate::util::TestDir;

/// File → Settings… → Team server: types `server` and clicks Connect, then waits for the jobs it starts.
fn connect(harness: &mut egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>, server: &str) {
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Settings…").click();
    harness.run_steps(2);
    set_text(harness, "Server", server);
    harness
        .get_by_role_and_label(Role::Button, "Connect")
        .click();
    wait_for_jobs(harness);
}

/// Focuses the text box `label`, then types `text` into it; returns when it was typed.
fn type_timed(
    harness: &mut egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>,
    label: &str,
    text: &str,
) -> Instant {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    harness.run_steps(2);
    let start = Instant::now();
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    start
}

/// Runs frames from `start` (when the person acted, with the server made distant) until `arrived` says the
/// answer is shown, then checks that it did come from the distant server (at least one round trip of
/// 500 ms) and that no frame waited for it.
fn frames_until(
    harness: &mut egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>,
    start: Instant,
    arrived: impl Fn(&egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>) -> bool,
) {
    let mut slowest = Duration::ZERO;
    while !arrived(harness) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the answer comes"
        );
        let frame = Instant::now();
        harness.run_steps(1);
        slowest = slowest.max(frame.elapsed());
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        start.elapsed() >= Duration::from_millis(500),
        "the answer did come from the server ({:?})",
        start.elapsed()
    );
    assert!(
        slowest < Duration::from_millis(200),
        "no frame waited for the server: the slowest took {slowest:?}"
    );
}

#[test]
fn a_glossary_on_the_server_shows_other_peoples_changes_live() {
    let Some(server) = crate::glossary::engines::fresh_server("gui") else {
        return;
    };
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    // A password in the address is not kept in the settings: it belongs in ~/.pgpass.
    connect(&mut harness, "postgres://lin:secret@127.0.0.1:1/glossary");
    harness.get_by_label_contains("~/.pgpass");
    assert_eq!(harness.state().state.team_server, None);
    harness.state_mut().state.errors.clear();
    connect(&mut harness, &server);
    show_workspace(&mut harness, "Glossary");
    harness.get_by_label_contains("Team server postgres://");
    set_text(&mut harness, "Search the glossary", "友好城市");
    harness.run_steps(3);
    assert_eq!(harness.query_all_by_label("sister city").count(), 0);

    // Someone else adds the entry from another machine.
    let mut other = Glossary::connect(&server, &OpenOptions::default()).unwrap();
    other.add(pair("sister city", "友好城市")).unwrap();
    let start = Instant::now();
    while harness.query_all_by_label("sister city").count() == 0 {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "the new entry shows without a restart"
        );
        std::thread::sleep(Duration::from_millis(30));
        harness.run_steps(2);
    }
    drop(harness);

    // The next start uses the server again.
    let mut again = app_harness(t.path("data"));
    wait_for_jobs(&mut again);
    show_workspace(&mut again, "Glossary");
    set_text(&mut again, "Search the glossary", "sister");
    // On a server the search answers from its own thread.
    wait_for_label(&mut again, "sister city");
}

#[test]
fn an_entry_typed_while_the_server_is_away_is_kept_and_saved_when_it_is_back() {
    let Some(server) = crate::glossary::engines::fresh_server("gui_away") else {
        return;
    };
    let (proxy, via) = crate::util::Proxy::for_url(&server);
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    harness
        .state_mut()
        .state
        .commands
        .push(duizhao::gui::command::Command::SetTeamServer(Some(via)));
    harness.run_steps(2);
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Glossary");
    harness
        .get_by_role_and_label(Role::Button, "New entry")
        .click();
    harness.run_steps(2);
    type_into(&mut harness, "English term", "sister city");
    type_into(&mut harness, "简体 (zh-Hans) term", "友好城市");

    proxy.cut();
    harness
        .get_by_role_and_label(Role::Button, "Add entry")
        .click();
    harness.run_steps(3);
    harness.get_by_label_contains("cannot be reached");
    assert_eq!(
        super::text_of(&harness, "English term"),
        "sister city",
        "what was typed is kept"
    );

    proxy.restore();
    let start = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        harness.run_steps(1);
        harness
            .get_by_role_and_label(Role::Button, "Add entry")
            .click();
        harness.run_steps(3);
        if harness.query_all_by_label_contains("Saved entry").count() > 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "saved once the server is back"
        );
    }
    let g = Glossary::connect(&server, &OpenOptions::default()).unwrap();
    assert_eq!(g.count().unwrap(), 1);
}

#[test]
fn memories_on_the_server_are_listed_searched_and_other_peoples_units_appear_live() {
    use duizhao::tm::{Catalogue, LangTag, Memory, Origin, Segment, TranslationUnit};
    let Some(server) = crate::glossary::engines::fresh_server("gui_tm") else {
        return;
    };
    let converter = duizhao::tm::script::default_converter();
    let unit = |zh: &str, en: &str| {
        TranslationUnit::new(
            Segment::new(LangTag::zh_simplified(), zh),
            Segment::new(LangTag::en(), en),
        )
    };
    let mut customs = Catalogue::on_server(&server, converter.clone())
        .create(
            "Customs",
            &LangTag::zh_simplified(),
            &LangTag::en(),
            "team memory",
        )
        .unwrap();
    customs
        .add(
            &[unit(
                "海关简化了通关手续。",
                "Customs simplified clearance.",
            )],
            Origin::Alignment,
            &mut duizhao::NoProgress,
        )
        .unwrap();
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    connect(&mut harness, &server);
    let shared = harness
        .state()
        .state
        .memory
        .as_ref()
        .expect("the server's Default memory");
    assert!(
        shared.path.to_string_lossy().starts_with("postgres://"),
        "{:?}",
        shared.path
    );

    // The Memory workspace lists the server's memories; the team's memory is picked and searched.
    show_workspace(&mut harness, "Memory");
    harness.get_by_label_contains("This memory is empty");
    harness.get_by_label_contains("Team server postgres://");
    harness.get_by_label_contains("Memory: 0 units on the team server");
    harness
        .get_by_role_and_label(Role::ComboBox, "Memory")
        .click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("Customs — zh-CN → en-US, 1 unit")
        .click();
    harness.run_steps(3);
    wait_for_label(&mut harness, "海关简化了通关手续。");
    assert_eq!(super::text_of(&harness, "Memory note"), "team memory");
    // A colleague adds to this memory too: it shows without a click.
    customs
        .add(
            &[unit(
                "保税港区扩大了范围。",
                "The bonded port area was enlarged.",
            )],
            Origin::Alignment,
            &mut duizhao::NoProgress,
        )
        .unwrap();
    wait_for_label(&mut harness, "保税港区扩大了范围。");

    // Back on Default: a colleague adds a unit from another machine; it shows without a click.
    harness
        .get_by_role_and_label(Role::ComboBox, "Memory")
        .click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("Default — zh-CN → en-US")
        .click();
    harness.run_steps(3);
    let mut theirs = Memory::connect(&server, "Default", converter).unwrap();
    theirs
        .add(
            &[unit(
                "西部陆海新通道连接东南亚。",
                "The corridor links Southeast Asia.",
            )],
            Origin::Translation,
            &mut duizhao::NoProgress,
        )
        .unwrap();
    let start = Instant::now();
    while harness
        .query_all_by_label("西部陆海新通道连接东南亚。")
        .count()
        == 0
    {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "the colleague's unit shows without a restart"
        );
        std::thread::sleep(Duration::from_millis(30));
        harness.run_steps(2);
    }
    // And the shared memory finds it for Translate, its index brought up to date by the watch.
    let store = harness.state().state.memory.as_ref().unwrap().store.clone();
    let hits = store
        .lock()
        .unwrap()
        .matches(
            "西部陆海新通道连接东南亚。",
            &LangTag::zh_simplified(),
            &LangTag::en(),
            &Default::default(),
        )
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].memory, "Default");
}

#[test]
fn typing_a_search_never_waits_for_a_slow_server() {
    let Some(server) = crate::glossary::engines::fresh_server("gui_slow") else {
        return;
    };
    let mut other = Glossary::connect(&server, &OpenOptions::default()).unwrap();
    other.add(pair("sister city", "友好城市")).unwrap();
    let (proxy, via) = crate::util::Proxy::for_url(&server);
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    connect(&mut harness, &via);
    show_workspace(&mut harness, "Glossary");
    // The whole glossary is listed (no query yet); then the server is a quarter of a second away each way.
    wait_for_label(&mut harness, "sister city");
    proxy.set_delay(Duration::from_millis(250));
    let start = type_timed(&mut harness, "Search the glossary", "友好");
    // The count says "match" of a search's rows, "entry" of the listing's.
    frames_until(&mut harness, start, |h| {
        h.query_all_by_label("1 match").count() > 0
    });
    proxy.set_delay(Duration::ZERO);
}

#[test]
fn a_reader_sees_the_team_memory_with_editing_greyed_out_and_why() {
    use duizhao::tm::{LangTag, Memory, Origin, Segment, TranslationUnit};
    let Some(server) = crate::glossary::engines::fresh_server("gui_reader") else {
        return;
    };
    let roles = crate::glossary::engines::TestRoles::create(
        &server,
        &[("dz_gui_reader", "duizhao_reader")],
    );
    let mut team =
        Memory::connect(&server, "Default", duizhao::tm::script::default_converter()).unwrap();
    team.add(
        &[TranslationUnit::new(
            Segment::new(LangTag::zh_simplified(), "海关简化了通关手续。"),
            Segment::new(LangTag::en(), "Customs simplified clearance."),
        )],
        Origin::Alignment,
        &mut duizhao::NoProgress,
    )
    .unwrap();
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    connect(&mut harness, &roles.url("dz_gui_reader"));
    show_workspace(&mut harness, "Memory");
    wait_for_label(&mut harness, "海关简化了通关手续。");
    harness.get_by_label("海关简化了通关手续。").click();
    harness.run_steps(3);
    harness.get_by_label_contains("Your database role may search and export this memory");
    // Both are there, and greyed out.
    harness.get_by_role_and_label(Role::Button, "Undo last change");
    harness.get_by_role_and_label(Role::CheckBox, "Read-only");
    assert!(
        harness
            .query_all_by_role_and_label(Role::Button, "Undo last change")
            .all(|b| b.accesskit_node().is_disabled()),
        "nothing for a reader to undo"
    );
    assert!(
        harness
            .query_all_by_role_and_label(Role::CheckBox, "Read-only")
            .all(|b| b.accesskit_node().is_disabled())
    );
    drop(harness);
}

#[test]
fn the_team_memory_is_searched_and_scrolled_without_waiting_for_a_slow_server() {
    use duizhao::tm::{LangTag, Memory, Origin, Segment, TranslationUnit};
    let Some(server) = crate::glossary::engines::fresh_server("gui_tm_slow") else {
        return;
    };
    let units: Vec<TranslationUnit> = (0..300)
        .map(|i| {
            TranslationUnit::new(
                Segment::new(
                    LangTag::zh_simplified(),
                    format!("第{i}批货物在果园港通关。"),
                ),
                Segment::new(
                    LangTag::en(),
                    format!("Consignment {i} cleared at Guoyuan Port."),
                ),
            )
        })
        .collect();
    Memory::connect(&server, "Default", duizhao::tm::script::default_converter())
        .unwrap()
        .add(&units, Origin::Alignment, &mut duizhao::NoProgress)
        .unwrap();
    let (proxy, via) = crate::util::Proxy::for_url(&server);
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    connect(&mut harness, &via);
    show_workspace(&mut harness, "Memory");
    wait_for_label(&mut harness, "第0批货物在果园港通关。");
    // The server is now a quarter of a second away each way: search, and the rows found come in.
    proxy.set_delay(Duration::from_millis(250));
    let start = type_timed(&mut harness, "Search the memory", "第299批");
    frames_until(&mut harness, start, |h| {
        h.query_all_by_label("第299批货物在果园港通关。").count() > 0
            && h.query_all_by_label("第0批货物在果园港通关。").count() == 0
    });
    proxy.set_delay(Duration::ZERO);
}

#[test]
fn translating_with_the_team_memory_never_waits_for_a_slow_server() {
    use duizhao::tm::{LangTag, Memory, Origin, Segment, TranslationUnit};
    let Some(server) = crate::glossary::engines::fresh_server("gui_translate_slow") else {
        return;
    };
    Memory::connect(&server, "Default", duizhao::tm::script::default_converter())
        .unwrap()
        .add(
            &[TranslationUnit::new(
                Segment::new(LangTag::zh_simplified(), "渝洽会在重庆开幕。"),
                Segment::new(LangTag::en(), "The CCISF opened in Chongqing."),
            )],
            Origin::Alignment,
            &mut duizhao::NoProgress,
        )
        .unwrap();
    let (proxy, via) = crate::util::Proxy::for_url(&server);
    let t = TestDir::new();
    let source = t.write("release.txt", "中欧班列运行平稳。渝洽会在重庆开幕。\n");
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    connect(&mut harness, &via);
    super::open_file(&mut harness, &source);
    show_workspace(&mut harness, "Translate");
    harness.get_by_label_contains("0 / 2 translated");
    // The server is now a quarter of a second away each way; the second segment is picked.
    proxy.set_delay(Duration::from_millis(250));
    let start = Instant::now();
    harness.get_by_label("渝洽会在重庆开幕。").click();
    frames_until(&mut harness, start, |h| {
        h.query_all_by_label("The CCISF opened in Chongqing.")
            .count()
            > 0
    });
    proxy.set_delay(Duration::ZERO);
}
