//! The Memory workspace as a translator uses it: import a TMX file (the summary says what happened),
//! find a unit by searching in the other script, correct its translation, delete it and bring it back
//! with one click, and export what is shown and then the whole memory; a file in other languages is
//! asked about and, refused, leaves the memory as it was.

use duizhao::gui::DuizhaoApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::{app_harness, set_text, show_workspace, wait_for_jobs};
use crate::util::TestDir;

/// Three units of our own, Simplified Chinese to US English.
const SMALL_TMX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="none"
          adminlang="en-US" srclang="zh-CN" datatype="plaintext"/>
  <body>
    <tu creationdate="20250301T080000Z" creationid="chen">
      <tuv xml:lang="zh-CN"><seg>江北嘴金融中心今年新增企业三百家。</seg></tuv>
      <tuv xml:lang="en-US"><seg>Jiangbeizui financial centre gained 300 firms this year.</seg></tuv>
    </tu>
    <tu creationdate="20250302T080000Z" creationid="chen">
      <tuv xml:lang="zh-CN"><seg>果园港的集装箱吞吐量继续增长。</seg></tuv>
      <tuv xml:lang="en-US"><seg>Container throughput at Guoyuan Port kept growing.</seg></tuv>
    </tu>
    <tu creationdate="20250303T080000Z" creationid="chen">
      <tuv xml:lang="zh-CN"><seg>西部陆海新通道连接东南亚。</seg></tuv>
      <tuv xml:lang="en-US"><seg>The New Western Land-Sea Corridor links Southeast Asia.</seg></tuv>
    </tu>
  </body>
</tmx>
"#;

const GUOYUAN: &str = "果园港的集装箱吞吐量继续增长。";
const JIANGBEI: &str = "江北嘴金融中心今年新增企业三百家。";
const CORRECTED: &str = "Container throughput at Guoyuan Port rose again.";

/// Opens "Import and export", names `tmx` and clicks Import (keeping both where a source is already
/// there, the default), then waits for the import.
fn import_tmx(harness: &mut Harness<'static, DuizhaoApp>, tmx: &std::path::Path) {
    harness.get_by_label("Import and export").click();
    harness.run_steps(2);
    set_text(harness, "Import from", tmx.to_str().unwrap());
    harness
        .get_by_role_and_label(Role::Button, "Import")
        .click();
    wait_for_jobs(harness);
}

#[test]
fn import_search_edit_delete_undo_and_export_a_memory() {
    let t = TestDir::new();
    let tmx = t.write("chongqing.tmx", SMALL_TMX);
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Memory");
    harness.get_by_label_contains("This memory is empty");

    // Import, keeping both where a source is already there (the default), and read the summary.
    import_tmx(&mut harness, &tmx);
    harness.get_by_label_contains("Imported chongqing.tmx (3 units in the file): 3 added.");
    harness.get_by_label(JIANGBEI);
    harness.get_by_label(GUOYUAN);
    assert_eq!(harness.state().state.memory.as_ref().unwrap().units, 3);

    // Search in Traditional characters: the Simplified unit is found, the others are not shown.
    let search = harness.get_by_role_and_label(Role::TextInput, "Search the memory");
    search.focus();
    search.type_text("果園港");
    harness.run_steps(3);
    harness.get_by_label(GUOYUAN);
    assert!(harness.query_by_label(JIANGBEI).is_none());
    harness.get_by_label_contains("1 of 3 match");

    // Select it and correct its translation in place.
    harness.get_by_label(GUOYUAN).click();
    harness.run_steps(2);
    harness.get_by_label("Created: 2025-03-02 by chen");
    type_over(&mut harness, "Target text (en-US)", CORRECTED);
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run_steps(3);
    harness.get_by_label_contains("Saved unit");
    harness.get_by_label(CORRECTED);
    harness
        .get_by_label_contains("target was “Container throughput at Guoyuan Port kept growing.”");

    // Delete it; one click brings it back, corrected.
    harness
        .get_by_role_and_label(Role::Button, "Delete unit")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Deleted 1 unit.");
    assert!(harness.query_by_label(GUOYUAN).is_none());
    harness.get_by_label_contains("No unit matches");
    harness.get_by_role_and_label(Role::Button, "Undo").click();
    harness.run_steps(3);
    harness.get_by_label("Undone: Deleted 1 unit.");
    harness.get_by_label(GUOYUAN);
    harness.get_by_label(CORRECTED);

    // Export the unit shown as TMX: only it, with the corrected translation.
    let out = t.path("guoyuan.tmx");
    set_text(&mut harness, "Export to", out.to_str().unwrap());
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("Exported 1 unit to");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("<tmx version=\"1.4\">"), "{written}");
    assert!(
        written.contains(GUOYUAN) && written.contains(CORRECTED),
        "{written}"
    );
    assert!(
        !written.contains(JIANGBEI),
        "only the filtered unit: {written}"
    );

    // The whole memory as OmegaT TSV; the existing TMX is asked about first and kept on Cancel.
    harness
        .get_by_role_and_label(Role::RadioButton, "the whole memory")
        .click();
    harness
        .get_by_role_and_label(Role::RadioButton, "OmegaT TSV")
        .click();
    harness.run_steps(3);
    set_text(&mut harness, "Export to", out.to_str().unwrap());
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Replace the existing file?");
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    wait_for_jobs(&mut harness);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written);
    let tsv = t.path("all.tsv");
    set_text(&mut harness, "Export to", tsv.to_str().unwrap());
    harness
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("Exported 3 units to");
    let tsv = std::fs::read_to_string(&tsv).unwrap();
    assert!(tsv.contains(&format!("{GUOYUAN}\t{CORRECTED}")), "{tsv}");
    assert!(tsv.contains(JIANGBEI), "{tsv}");
    assert_eq!(tsv.lines().count(), 3, "{tsv}");
}

#[test]
fn a_file_in_other_languages_is_asked_about_and_refused_stores_nothing() {
    let t = TestDir::new();
    let french = SMALL_TMX
        .replace("en-US", "fr-FR")
        .replace("adminlang=\"fr-FR\"", "adminlang=\"en-US\"");
    let tmx = t.write("french.tmx", french);
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Memory");
    import_tmx(&mut harness, &tmx);
    harness.get_by_label("Import a file in other languages?");
    harness
        .get_by_role_and_label(Role::Button, "Do not import")
        .click();
    harness.run_steps(3);
    harness.get_by_label_contains("Nothing imported");
    assert_eq!(harness.state().state.memory.as_ref().unwrap().units, 0);

    // Asked again, the user takes the file as it is: its units keep their own languages.
    harness
        .get_by_role_and_label(Role::Button, "Import")
        .click();
    wait_for_jobs(&mut harness);
    harness
        .get_by_role_and_label(Role::Button, "Import with its own languages")
        .click();
    wait_for_jobs(&mut harness);
    harness.get_by_label_contains("3 added");
    assert!(harness.query_all_by_label("zh-CN → fr-FR").count() >= 1);
}

/// Replaces the text of the multi-line box labelled `label` (select all, then type).
fn type_over(
    harness: &mut egui_kittest::Harness<'static, duizhao::gui::DuizhaoApp>,
    label: &str,
    text: &str,
) {
    harness
        .get_by_role_and_label(Role::MultilineTextInput, label)
        .focus();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::MultilineTextInput, label)
        .type_text(text);
    harness.run_steps(2);
}

#[test]
fn a_conflict_is_resolved_by_keeping_one_and_an_origin_is_deleted_and_undone() {
    let t = TestDir::new();
    let conflicting = SMALL_TMX.replace(
        "</body>",
        r#"<tu><tuv xml:lang="zh-CN"><seg>果园港的集装箱吞吐量继续增长。</seg></tuv>
      <tuv xml:lang="en-US"><seg>Guoyuan Port handled ever more containers.</seg></tuv></tu>
  </body>"#,
    );
    let tmx = t.write("conflict.tmx", conflicting);
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Memory");
    import_tmx(&mut harness, &tmx);
    harness.get_by_label_contains("3 added, 1 kept beside another translation");

    // The two translations side by side; keeping the second deletes the first.
    harness.get_by_label("Duplicates and conflicts").click();
    harness.run_steps(3);
    harness.get_by_label_contains("1 source with more than one translation");
    harness
        .query_all_by_label("Keep this")
        .nth(1)
        .expect("a Keep button per translation")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Deleted 1 unit.");
    harness.get_by_label("No source has more than one translation.");
    assert!(
        harness
            .query_by_label("Container throughput at Guoyuan Port kept growing.")
            .is_none()
    );
    assert_eq!(harness.state().state.memory.as_ref().unwrap().units, 3);

    // Every unit from the file, asked first; Undo brings them back.
    harness.get_by_label(JIANGBEI).click();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Delete all 3 units from this origin")
        .click();
    harness.run_steps(2);
    harness.get_by_label("Delete every unit from this origin?");
    harness
        .get_by_role_and_label(Role::Button, "Delete them")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Deleted 3 units from conflict.tmx.");
    assert_eq!(harness.state().state.memory.as_ref().unwrap().units, 0);
    harness.get_by_role_and_label(Role::Button, "Undo").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.memory.as_ref().unwrap().units, 3);
    harness.get_by_label(JIANGBEI);
}

#[test]
fn another_memory_is_picked_with_its_pair_and_note_and_made_read_only() {
    use duizhao::tm::{Catalogue, LangTag, Origin, Segment, TranslationUnit};
    let t = TestDir::new();
    let data = t.path("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut customs = Catalogue::new(&data)
        .create(
            "Customs HK",
            &LangTag::zh_traditional(),
            &LangTag::en(),
            "customs releases",
        )
        .unwrap();
    let unit = TranslationUnit::new(
        Segment::new(LangTag::zh_traditional(), "海關今日公布進出口數據。"),
        Segment::new(LangTag::en(), "Customs released trade figures today."),
    );
    customs
        .add(&[unit], Origin::Alignment, &mut duizhao::NoProgress)
        .unwrap();
    let file = customs.path().to_path_buf();
    drop(customs);

    let mut harness = app_harness(data);
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Memory");
    harness
        .get_by_role_and_label(Role::ComboBox, "Memory")
        .click();
    harness.run_steps(2);
    harness
        .get_by_label_contains("Customs HK — zh-TW → en-US, 1 unit")
        .click();
    harness.run_steps(3);
    harness.get_by_label("zh-TW → en-US · 1 unit");
    harness.get_by_label("海關今日公布進出口數據。");
    assert_eq!(super::text_of(&harness, "Memory note"), "customs releases");

    // Read-only: the flag is kept in the memory's own file.
    harness
        .get_by_role_and_label(Role::CheckBox, "Read-only")
        .click();
    harness.run_steps(3);
    let reopened = duizhao::tm::Memory::open(&file).unwrap();
    assert!(reopened.info().read_only);
    assert_eq!(
        harness.state().state.memory.as_ref().unwrap().units,
        0,
        "the Default memory is untouched"
    );
}

#[test]
fn a_unit_saved_by_someone_else_meanwhile_is_not_overwritten_and_what_was_typed_stays() {
    let t = TestDir::new();
    let tmx = t.write("chongqing.tmx", SMALL_TMX);
    let mut harness = app_harness(t.path("data"));
    wait_for_jobs(&mut harness);
    show_workspace(&mut harness, "Memory");
    import_tmx(&mut harness, &tmx);
    harness.get_by_label(GUOYUAN).click();
    harness.run_steps(2);
    type_over(&mut harness, "Target text (en-US)", CORRECTED);

    // Meanwhile another program (a colleague, on a team server) saves the same unit.
    let file = t.path("data").join("memory.sqlite");
    let mut other = duizhao::tm::Memory::open(&file).unwrap();
    let id = other
        .unit_ids(&duizhao::tm::UnitFilter {
            text: Some(GUOYUAN.into()),
            ..Default::default()
        })
        .unwrap()[0];
    let theirs = "Guoyuan Port handled more containers.";
    other.edit(id, duizhao::tm::Side::Target, theirs).unwrap();
    drop(other);

    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run_steps(3);
    harness.get_by_label_contains("was changed by");
    harness.get_by_label_contains(theirs);
    let typed = harness
        .get_by_role_and_label(Role::MultilineTextInput, "Target text (en-US)")
        .value()
        .unwrap_or_default();
    assert_eq!(typed, CORRECTED, "what was typed stays in the editor");
    // Saved again, now knowingly over the colleague's text (which stays in the history).
    harness.get_by_role_and_label(Role::Button, "Save").click();
    harness.run_steps(3);
    harness.get_by_label_contains("Saved unit");
    let m = duizhao::tm::Memory::open(&file).unwrap();
    assert_eq!(m.get(id).unwrap().unwrap().unit.target.text, CORRECTED);
    assert_eq!(m.history(id).unwrap().len(), 2);
}
