//! The glossary on a team server, as a terminologist sets it up and a translator sees it: File →
//! Settings → Team server → Connect; another person's new entry appears in the open window without a
//! restart or a click; the server is remembered at the next start. Needs `DUIZHAO_TEST_PG` (skipped
//! without it, failing in CI).

use std::time::{Duration, Instant};

use duizhao::glossary::{Glossary, OpenOptions};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::{app_harness, set_text, show_workspace, type_into, wait_for_jobs};
use crate::glossary::pair;
use crate::util::TestDir;

#[test]
fn a_glossary_on_the_server_shows_other_peoples_changes_live() {
    let Some(server) = crate::glossary::engines::fresh_server("gui") else {
        return;
    };
    let t = TestDir::new();
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Settings…").click();
    harness.run_steps(2);
    // A password in the address is not kept in the settings: it belongs in ~/.pgpass.
    set_text(
        &mut harness,
        "Server",
        "postgres://lin:secret@127.0.0.1:1/glossary",
    );
    harness
        .get_by_role_and_label(Role::Button, "Connect")
        .click();
    harness.run_steps(3);
    harness.get_by_label_contains("~/.pgpass");
    assert_eq!(harness.state().state.glossary_server, None);
    harness.state_mut().state.errors.clear();
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Settings…").click();
    harness.run_steps(2);
    set_text(&mut harness, "Server", &server);
    harness
        .get_by_role_and_label(Role::Button, "Connect")
        .click();
    wait_for_jobs(&mut harness);
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
    again.run_steps(3);
    again.get_by_label("sister city");
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
        .push(duizhao::gui::command::Command::SetGlossaryServer(Some(via)));
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
