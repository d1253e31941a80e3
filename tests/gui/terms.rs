//! Term suggestions in the GUI: a two-file release (written for this test, where 两江新区, 悦来会展城 and
//! 礼嘉智慧公园 recur) aligned, its suggestions listed with their standing in the glossary, one added (and
//! found in the Glossary workspace, proposed, in both scripts, the release as source) and one rejected
//! (not proposed again); and the same window over the translation memory from the Glossary workspace.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use duizhao::gui::DuizhaoApp;

use super::{app_harness, open_file, set_text, show_workspace, wait_for_jobs};
use crate::util::TestDir;

const ZH: &str = "两江新区今年在悦来会展城举办了十场展会。\n\
                  悦来会展城位于两江新区，面积约三平方公里。\n\
                  礼嘉智慧公园每天接待游客八千人。\n\
                  两江新区计划明年扩建礼嘉智慧公园。\n\
                  游客可以从礼嘉智慧公园乘轻轨前往悦来会展城。\n\
                  两江新区的外贸进出口总额增长了百分之十二。\n\
                  明年悦来会展城将举办更多国际展会。\n\
                  礼嘉智慧公园的无人驾驶巴士很受欢迎。\n";

const EN: &str = "Liangjiang New Area held ten fairs at Yuelai Convention City this year.\n\
                  Yuelai Convention City lies in Liangjiang New Area and covers about three square kilometres.\n\
                  Lijia Smart Park receives 8,000 visitors a day.\n\
                  Liangjiang New Area plans to expand Lijia Smart Park next year.\n\
                  Visitors can take the light rail from Lijia Smart Park to Yuelai Convention City.\n\
                  The foreign trade of Liangjiang New Area grew by 12 percent.\n\
                  Yuelai Convention City will host more international fairs next year.\n\
                  The driverless buses of Lijia Smart Park are popular.\n";

/// The app with the release's two files opened and aligned (each side picked up as the selected
/// document when the Align workspace is shown), and the suggestions window open with its list.
fn aligned_with_suggestions(t: &TestDir) -> Harness<'static, DuizhaoApp> {
    let zh = t.write("yuelai.zh.txt", ZH);
    let en = t.write("yuelai.en.txt", EN);
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    open_file(&mut harness, &zh);
    show_workspace(&mut harness, "Align");
    // The second file through the path box, named now that the document view has text boxes of its own.
    show_workspace(&mut harness, "Documents");
    set_text(&mut harness, "Path to a file", en.to_str().unwrap());
    harness.get_by_role_and_label(Role::Button, "Open").click();
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Align");
    // The setup's button, not the workspace rail's (listed first).
    harness
        .query_all_by_role_and_label(Role::Button, "Align")
        .last()
        .expect("the Align button")
        .click();
    wait_for_jobs(&mut harness);
    assert_eq!(
        harness
            .state()
            .align
            .project()
            .map(|p| p.alignment().beads.len()),
        Some(8)
    );
    open_suggestions(&mut harness);
    harness
}

fn open_suggestions(harness: &mut Harness<'static, DuizhaoApp>) {
    harness
        .get_by_role_and_label(Role::Button, "Term suggestions…")
        .click();
    wait_for_jobs(harness);
    harness.run_steps(2);
}

#[test]
fn a_suggestion_added_in_align_is_in_the_glossary() {
    let t = TestDir::new();
    let mut harness = aligned_with_suggestions(&t);
    let list = harness.state().align.suggestions().suggestions();
    let standing = |zh: &str| {
        list.iter()
            .find(|s| s.zh == zh)
            .map(|s| (s.en.clone(), s.in_glossary.label()))
    };
    // The starter glossary has Liangjiang New Area; the other two are new.
    assert_eq!(
        standing("两江新区"),
        Some(("Liangjiang New Area".into(), "known")),
        "{list:?}"
    );
    assert_eq!(
        standing("悦来会展城"),
        Some(("Yuelai Convention City".into(), "new"))
    );
    harness.get_by_label("in glossary");

    // "New only" hides the known one.
    harness
        .get_by_role_and_label(Role::CheckBox, "New only")
        .click();
    harness.run_steps(2);
    assert_eq!(harness.query_all_by_label("两江新区").count(), 0);
    harness.get_by_label("悦来会展城");

    // Select it: its beads in context, both sides; then add it, with a domain.
    let (zh_line, en_line) = ("明年悦来会展城将举办", "Yuelai Convention City will host");
    let count =
        |h: &Harness<'static, DuizhaoApp>, text: &str| h.query_all_by_label_contains(text).count();
    let before = (count(&harness, zh_line), count(&harness, en_line));
    harness.get_by_label("悦来会展城").click();
    harness.run_steps(2);
    assert_eq!(
        (count(&harness, zh_line), count(&harness, en_line)),
        (before.0 + 1, before.1 + 1),
        "the bead in context, both sides"
    );
    harness.get_by_label_contains("in 4 pairs");
    // Show selects the bead of a context (the second: bead 1) in the alignment.
    harness
        .query_all_by_role_and_label(Role::Button, "Show")
        .nth(1)
        .expect("a Show button per context")
        .click();
    harness.run_steps(2);
    assert_eq!(harness.state().align.selected(), 1);
    set_text(&mut harness, "Domain of added entries", "places");
    harness
        .get_by_role_and_label(Role::Button, "Add to glossary")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("(proposed)");

    // The Glossary workspace finds it.
    show_workspace(&mut harness, "Glossary");
    let search = harness.get_by_role_and_label(Role::TextInput, "Search the glossary");
    search.focus();
    search.type_text("悦来会展城");
    harness.run_steps(3);
    harness.get_by_label("Yuelai Convention City");
    harness.get_by_label("proposed");

    let g = harness.state().state.glossary.clone().expect("glossary");
    let mut store = g.store.lock().unwrap();
    let hits = store
        .search("悦来会展城", &duizhao::glossary::SearchOptions::default())
        .unwrap();
    let e = &hits.first().expect("the entry").entry.data;
    use duizhao::glossary::{Status, lang, scripts};
    assert_eq!(e.preferred(lang::EN), Some("Yuelai Convention City"));
    assert_eq!(e.preferred(lang::ZH_HANS), Some("悦来会展城"));
    let hant = scripts::counterpart(lang::ZH_HANS, "悦来会展城").map(|(_, t)| t);
    assert_eq!(e.preferred(lang::ZH_HANT).map(str::to_string), hant);
    assert_eq!(e.status, Status::Proposed);
    assert_eq!(e.domain, "places");
    assert!(e.source.contains("yuelai"), "{}", e.source);
}

#[test]
fn a_rejected_suggestion_is_not_proposed_again() {
    let t = TestDir::new();
    let mut harness = aligned_with_suggestions(&t);
    harness.get_by_label("礼嘉智慧公园").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Reject")
        .click();
    harness.run_steps(2);
    harness.get_by_label_contains("will not be suggested again");
    assert_eq!(harness.query_all_by_label("礼嘉智慧公园").count(), 0);

    // Run again: still left out, the others still there.
    open_suggestions(&mut harness);
    let list = harness.state().align.suggestions().suggestions();
    assert!(list.iter().any(|s| s.zh == "悦来会展城"), "{list:?}");
    assert!(!list.iter().any(|s| s.zh == "礼嘉智慧公园"), "{list:?}");
    assert_eq!(harness.query_all_by_label("礼嘉智慧公园").count(), 0);
    let g = harness.state().state.glossary.clone().expect("glossary");
    assert!(
        g.store
            .lock()
            .unwrap()
            .is_rejected("礼嘉智慧公园", "Lijia Smart Park")
            .unwrap()
    );
}

#[test]
fn suggestions_from_the_memory_in_the_glossary_workspace() {
    use duizhao::tm::{LangTag, Memory, Origin, Segment, TranslationUnit};
    let t = TestDir::new();
    let data = t.path("data");
    std::fs::create_dir_all(&data).unwrap();
    {
        // The release's pairs as memory units (one of them English-first: it is turned round).
        let mut memory = Memory::open(&data.join("memory.sqlite")).unwrap();
        let units: Vec<TranslationUnit> = ZH
            .lines()
            .zip(EN.lines())
            .enumerate()
            .map(|(k, (zh, en))| {
                let (zh, en) = (
                    Segment::new(LangTag::zh_simplified(), zh),
                    Segment::new(LangTag::en(), en),
                );
                if k == 0 {
                    TranslationUnit::new(en, zh)
                } else {
                    TranslationUnit::new(zh, en)
                }
            })
            .collect();
        memory
            .add(&units, Origin::TmxImport, &mut duizhao::NoProgress)
            .unwrap();
    }
    let mut harness = app_harness(data);
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Glossary");
    harness
        .get_by_role_and_label(Role::Button, "Suggest terms from memory…")
        .click();
    wait_for_jobs(&mut harness);
    harness.run_steps(2);
    harness.get_by_label_contains("from translation memory memory.sqlite");
    harness.get_by_label("Lijia Smart Park").click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Add to glossary")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("(proposed)");
    let g = harness.state().state.glossary.clone().expect("glossary");
    let mut store = g.store.lock().unwrap();
    let hits = store
        .search("礼嘉智慧公园", &duizhao::glossary::SearchOptions::default())
        .unwrap();
    let e = &hits.first().expect("the entry").entry.data;
    assert_eq!(
        e.preferred(duizhao::glossary::lang::EN),
        Some("Lijia Smart Park")
    );
    assert_eq!(e.source, "translation memory memory.sqlite");
}
