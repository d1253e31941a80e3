//! Frame times of the real app, headless: the whole window (`DuizhaoApp::show`) is run and tessellated
//! for each frame, with no GPU, on large work — a 50,000-sentence document, a 50,000-bead alignment,
//! 50,000 segments to translate, a 1,000,000-entry glossary and a 50,000-unit memory — while idle, scrolling one screen per
//! frame, and typing a character per frame into a search box or editor.
//!
//! Run: `cargo run --release --example frame_times -- --json` (one JSON line per workspace and action:
//! `{"workspace":…,"action":…,"frames":…,"p50_ms":…,"p99_ms":…}`). `--frames N` sets the frames measured
//! per action (default 200); `--glossary N` the glossary size (default 1,000,000). The fixtures are made
//! in a temporary folder (the glossary import takes some seconds), and setting up uses egui_kittest to
//! click and focus as a person would; the measured frames are plain `Context::run_ui` + `tessellate`
//! with AccessKit off, as in the app when no screen reader is running.

use std::path::Path;
use std::time::{Duration, Instant};

use duizhao::align::project::Project;
use duizhao::align::{Alignment, Bead};
use duizhao::gui::command::{Command, View};
use duizhao::gui::{DuizhaoApp, install_fonts};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const SIZE: [f32; 2] = [1600.0, 1000.0];

/// What to measure, from the command line.
struct Options {
    json: bool,
    /// Only this workspace (`--only align`), for profiling one.
    only: Option<String>,
    frames: usize,
    glossary: usize,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.replace('_', "").parse().ok())
            .unwrap_or(default)
    };
    Options {
        json: args.iter().any(|a| a == "--json"),
        only: args
            .iter()
            .position(|a| a == "--only")
            .and_then(|i| args.get(i + 1))
            .cloned(),
        frames: value("--frames", 200),
        glossary: value("--glossary", 1_000_000),
    }
}

/// A varied Chinese and English sentence `i` of a trade release (made up for this benchmark).
fn sentence(i: usize) -> (String, String) {
    const ZH_PLACES: [&str; 6] = [
        "重庆",
        "两江新区",
        "成都",
        "西部陆海新通道",
        "果园港",
        "中新合作区",
    ];
    const ZH_WHAT: [&str; 5] = ["签约项目", "进出口额", "集装箱运量", "外资企业", "冷链物流"];
    const EN_PLACES: [&str; 6] = [
        "Chongqing",
        "Liangjiang New Area",
        "Chengdu",
        "the New Land-Sea Corridor",
        "Guoyuan Port",
        "the China-Singapore zone",
    ];
    const EN_WHAT: [&str; 5] = [
        "signed projects",
        "imports and exports",
        "container volume",
        "foreign firms",
        "cold chain logistics",
    ];
    let (p, w, n) = (i % 6, (i / 6) % 5, i % 97 + 3);
    let long = i % 4 == 0;
    let zh = format!(
        "第{i}项：{}的{}达到{n}亿元，同比增长{}%{}。",
        ZH_PLACES[p],
        ZH_WHAT[w],
        n % 30,
        if long {
            "，主要得益于通道建设、营商环境改善和跨境贸易便利化措施的持续推进"
        } else {
            ""
        }
    );
    let en = format!(
        "Item {i}: {} in {} reached {n} hundred million yuan, up {} percent{}.",
        EN_WHAT[w],
        EN_PLACES[p],
        n % 30,
        if long {
            ", thanks mainly to corridor building, a better business environment and steady progress \
             in facilitating cross-border trade"
        } else {
            ""
        }
    );
    (zh, en)
}

/// Writes the fixtures into `dir`: a 50,000-sentence document (25,000 Chinese sentences, then their
/// English), a 50,000-sentence Chinese release to translate, a 50,000-bead alignment (opened by the Align
/// workspace at start), a glossary of `entries` entries, and 50,000 units in the Default memory (sentences
/// of their own, so the Memory workspace's first row is known; Translate finds fuzzy matches among them).
fn fixtures(
    dir: &Path,
    entries: usize,
) -> duizhao::Result<(std::path::PathBuf, std::path::PathBuf)> {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).map_err(|e| duizhao::Error::io(&data, e))?;
    let half = 25_000;
    let (mut zh, mut en) = (String::new(), String::new());
    for i in 0..half {
        let (z, e) = sentence(i);
        zh.push_str(&z);
        zh.push('\n');
        en.push_str(&e);
        en.push('\n');
    }
    let both = dir.join("release-50k.txt");
    write(&both, &format!("{zh}\n{en}"))?;
    let mut source = String::new();
    for i in 0..50_000 {
        source.push_str(&sentence(i + 100_000).0);
        source.push('\n');
    }
    let to_translate = dir.join("to-translate-50k.txt");
    write(&to_translate, &source)?;

    let (zh, en): (Vec<String>, Vec<String>) = (0..50_000).map(sentence).unzip();
    let beads = (0..50_000)
        .map(|i| Bead::new(i..i + 1, i..i + 1, 0.4 + (i % 60) as f32 / 100.0))
        .collect();
    let alignment = Alignment { zh, en, beads };
    let workspace = data.join(duizhao::paths::WORKSPACE_DB);
    let project = Project::create(&workspace, "50,000 beads", None, None, alignment)?;
    duizhao::workspace::Workspace::open(&workspace)?
        .set_setting("align_project", &project.id().to_string())?;

    let mut tsv = String::from("en\tzh-Hans\tzh-Hant\tdomain\tstatus\n");
    for i in 0..entries {
        let (p, w) = (i % 6, (i / 6) % 5);
        tsv.push_str(&format!(
            "term {i} of {w} in {p}\t术语{i}号{w}区{p}\t術語{i}號{w}區{p}\ttrade\tapproved\n"
        ));
    }
    let tsv_path = dir.join("glossary.tsv");
    write(&tsv_path, &tsv)?;
    let mut glossary = duizhao::glossary::Glossary::open(data.join(duizhao::paths::GLOSSARY_DB))?;
    glossary.import(
        &tsv_path,
        &duizhao::glossary::ImportOptions::default(),
        &mut duizhao::NoProgress,
    )?;

    let units: Vec<duizhao::tm::TranslationUnit> = (0..50_000)
        .map(|i| {
            let (z, e) = sentence(i + 200_000);
            duizhao::tm::TranslationUnit::new(
                duizhao::tm::Segment::new(duizhao::tm::LangTag::zh_simplified(), z),
                duizhao::tm::Segment::new(duizhao::tm::LangTag::en(), e),
            )
        })
        .collect();
    duizhao::tm::Memory::open(&data.join(duizhao::paths::TM_DB))?.add_from(
        &units,
        duizhao::tm::Origin::TmxImport,
        "frame-times.tmx",
        &mut duizhao::NoProgress,
    )?;
    Ok((both, to_translate))
}

fn write(path: &Path, text: &str) -> duizhao::Result<()> {
    std::fs::write(path, text).map_err(|e| duizhao::Error::io(path, e))
}

/// Steps the harness until no job has run for a few frames.
fn settle(h: &mut Harness<'static, DuizhaoApp>) {
    let start = Instant::now();
    let mut idle = 0;
    while idle < 4 && start.elapsed() < Duration::from_secs(600) {
        h.step();
        if h.state().state.jobs.is_busy() {
            idle = 0;
            std::thread::sleep(Duration::from_millis(20));
        } else {
            idle += 1;
        }
    }
}

/// One measured action: what happens in each frame.
#[derive(Clone, Copy)]
enum Action {
    Idle,
    /// Scroll one screen per frame with the pointer at this position.
    Scroll(egui::Pos2),
    /// Type one character per frame into the focused box.
    Type,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Idle => "idle",
            Action::Scroll(_) => "scroll",
            Action::Type => "type",
        }
    }
}

/// Runs `frames` frames of `action` on the harness's app and context, each one `run_ui` + tessellate,
/// and returns their times in milliseconds.
fn measure(h: &mut Harness<'static, DuizhaoApp>, action: Action, frames: usize) -> Vec<f64> {
    let ctx = h.ctx.clone();

    let mut template = h.input_mut().clone();
    // The harness takes the window's size out of its input after each frame: give it back.
    template.screen_rect = Some(egui::Rect::from_min_size(egui::Pos2::ZERO, SIZE.into()));
    let mut time = template.time.unwrap_or(0.0);
    ctx.disable_accesskit();
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames + 10 {
        let mut input = template.clone();
        // Time as the harness keeps it: one frame's worth later each frame.
        time += 1.0 / 60.0;
        input.time = template.time.map(|_| time);
        input.events = match action {
            Action::Idle => Vec::new(),
            Action::Scroll(at) => vec![
                egui::Event::PointerMoved(at),
                egui::Event::MouseWheel {
                    unit: egui::MouseWheelUnit::Page,
                    delta: egui::vec2(0.0, -1.0),
                    phase: egui::TouchPhase::Move,
                    source: egui::MouseWheelSource::Unknown,
                    modifiers: egui::Modifiers::NONE,
                },
            ],
            Action::Type => vec![egui::Event::Text(
                if i % 2 == 0 { "a" } else { "区" }.into(),
            )],
        };
        let app = h.state_mut();
        let start = Instant::now();
        // Wrapped as the harness wraps the app (a scope and a frame), so that widget ids, and with them
        // focus and scroll positions, are the ones the harness's frames set up.
        let output = ctx.run_ui(input, |ui| {
            ui.scope_builder(egui::UiBuilder::new(), |ui| {
                egui::Frame::central_panel(ui.style())
                    .outer_margin(8.0)
                    .inner_margin(0.0)
                    .show(ui, |ui| app.show(ui));
            });
        });
        let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(primitives);

        // The first frames warm caches (fonts, galleys) as a window's first second does.
        if i >= 10 {
            times.push(start.elapsed().as_secs_f64() * 1e3);
        }
    }
    ctx.enable_accesskit();
    times
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(o: &Options, workspace: &str, action: Action, mut times: Vec<f64>) {
    times.sort_by(|a, b| a.total_cmp(b));
    let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
    if o.json {
        println!(
            "{{\"workspace\":\"{workspace}\",\"action\":\"{}\",\"frames\":{},\"p50_ms\":{p50:.3},\"p99_ms\":{p99:.3}}}",
            action.name(),
            times.len()
        );
    } else {
        println!(
            "{workspace:<10} {:<7} {} frames  p50 {p50:7.3} ms  p99 {p99:7.3} ms",
            action.name(),
            times.len()
        );
    }
}

/// The centre of the widget labelled `label` (a table's text, to scroll over it).
fn centre_of(h: &Harness<'static, DuizhaoApp>, label: &str) -> egui::Pos2 {
    // The leftmost, where a text is both in the table and in a side panel.
    h.query_all_by_label_contains(label)
        .map(|n| n.rect().center())
        .min_by(|a, b| a.x.total_cmp(&b.x))
        .unwrap_or_else(|| panic!("nothing labelled {label}"))
}

/// Selects the open document whose file is named `name`, as a click in the Documents list does.
fn select(h: &mut Harness<'static, DuizhaoApp>, name: &str) {
    let state = &mut h.state_mut().state;
    let id = state
        .library
        .docs
        .iter()
        .find(|d| d.path.file_name().is_some_and(|n| n == name))
        .map(|d| d.id)
        .unwrap_or_else(|| panic!("{name} is not open"));
    state.commands.push(Command::Select {
        target: duizhao::version::VersionRef::original(id),
        explicit: false,
    });
    settle(h);
}

fn show(h: &mut Harness<'static, DuizhaoApp>, view: View) {
    h.state_mut().state.commands.push(Command::ShowView(view));
    settle(h);
}

/// Checks that a measured action did what it says, so that no figure comes from frames that did nothing:
/// the typed characters are in the box, the table has left its first row behind.
fn check(
    h: &mut Harness<'static, DuizhaoApp>,
    what: &str,
    ok: impl Fn(&Harness<'static, DuizhaoApp>) -> bool,
) {
    h.run_steps(2);
    assert!(
        ok(h),
        "frame_times: {what} did not happen; the figures would mean nothing"
    );
}

/// Whether a text box (of `role`) holds typed characters.
fn typed_into(h: &Harness<'static, DuizhaoApp>, role: Role) -> bool {
    h.query_all_by_role(role)
        .any(|n| n.value().is_some_and(|v| v.contains("a区a区")))
}

/// One workspace's measurement: where it is, what it shows first, and the box typed into.
struct Workspace {
    name: &'static str,
    view: View,
    /// The document to select first, if the workspace works on one.
    document: Option<&'static str>,
    /// Text of the first row of its table (the pointer scrolls over it; after scrolling it is gone).
    first_row: &'static str,
    /// The text box typed into: its role and label (`None`: the first text box, the path box).
    text_box: (Role, Option<&'static str>),
}

const WORKSPACES: [Workspace; 5] = [
    Workspace {
        name: "documents",
        view: View::Documents,
        document: Some("release-50k.txt"),
        first_row: "第0项",
        text_box: (Role::TextInput, None),
    },
    Workspace {
        name: "align",
        view: View::Align,
        document: None,
        first_row: "Item 0:",
        text_box: (Role::MultilineTextInput, Some("Chinese sentence 1")),
    },
    Workspace {
        name: "translate",
        view: View::Translate,
        document: Some("to-translate-50k.txt"),
        first_row: "第100000项",
        text_box: (Role::MultilineTextInput, Some("Translation")),
    },
    Workspace {
        name: "glossary",
        view: View::Glossary,
        document: None,
        first_row: "term 0 of",
        text_box: (Role::TextInput, Some("Search the glossary")),
    },
    Workspace {
        name: "memory",
        view: View::Memory,
        document: None,
        first_row: "第200000项",
        text_box: (Role::TextInput, Some("Search the memory")),
    },
];

/// Measures idle, scrolling and typing in the workspace on screen, checking each did what it says.
fn run_workspace(h: &mut Harness<'static, DuizhaoApp>, o: &Options, w: &Workspace) {
    // A large memory is searched off the window's thread: its first rows come a moment after it shows.
    let start = Instant::now();
    while h.query_all_by_label_contains(w.first_row).next().is_none()
        && start.elapsed() < Duration::from_secs(30)
    {
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    let table = centre_of(h, w.first_row);
    report(o, w.name, Action::Idle, measure(h, Action::Idle, o.frames));
    let scroll = Action::Scroll(table);
    report(o, w.name, scroll, measure(h, scroll, o.frames));
    // The first row has left the table (a side panel may still show its text, to the right).
    check(h, "scrolling", |h| {
        h.query_all_by_label_contains(w.first_row)
            .all(|n| n.rect().center().x > table.x + 1.0)
    });
    let (role, label) = w.text_box;
    match label {
        Some(label) => h.get_by_role_and_label(role, label).focus(),
        None => h
            .query_all_by_role(role)
            .next()
            .expect("a text box")
            .focus(),
    }
    h.run_steps(2);
    report(o, w.name, Action::Type, measure(h, Action::Type, o.frames));
    check(h, "typing", |h| typed_into(h, role));
}

fn main() -> duizhao::Result<()> {
    let o = options();
    let dir = tempfile::tempdir().map_err(|e| duizhao::Error::io(Path::new("temp"), e))?;
    eprintln!(
        "frame_times: making the fixtures in {}",
        dir.path().display()
    );
    let (both, to_translate) = fixtures(dir.path(), o.glossary)?;
    let mut h = Harness::builder()
        .with_size(SIZE)
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut DuizhaoApp| app.show(ui),
            DuizhaoApp::new(dir.path().join("data"), vec![both, to_translate]),
        );
    settle(&mut h);

    for w in WORKSPACES
        .iter()
        .filter(|w| o.only.as_deref().is_none_or(|n| n == w.name))
    {
        if let Some(doc) = w.document {
            show(&mut h, View::Documents);
            select(&mut h, doc);
        }
        show(&mut h, w.view);
        run_workspace(&mut h, &o, w);
    }
    let entries = h
        .state()
        .state
        .glossary
        .as_ref()
        .map_or(0, |g| g.entries.len());
    eprintln!("frame_times: the glossary held {entries} entries");
    Ok(())
}
