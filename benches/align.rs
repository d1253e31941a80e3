//! Alignment speed: loading CC-CEDICT (the built-in copy, and parsing the file), aligning `mac-dev-concat`
//! (1,463 × 1,951 sentences, read in place from `../shared/conformance/align`; skipped with a message when
//! that folder is absent), and the cost of scoring hand edits on it.
//!
//! `cargo bench --no-default-features --bench align`

use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use duizhao::NoProgress;
use duizhao::align::{self, AlignOptions, Edit, Lexicon, Rescorer, Side, edit, lexicon};

fn lines(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.trim_end_matches('\n')
            .split('\n')
            .map(str::to_string)
            .collect(),
    )
}

fn bench(c: &mut Criterion) {
    let Some(path) = lexicon::default_path() else {
        eprintln!("SKIPPED: CC-CEDICT not found");
        return;
    };
    let mut group = c.benchmark_group("align");
    group.sample_size(10);
    // What each process pays for the shipped dictionary (compiled in by build.rs), then what a
    // dictionary of the user's (`DUIZHAO_CEDICT`) costs: inflating and parsing the text.
    group.bench_function("load built-in CC-CEDICT", |b| {
        b.iter(|| Lexicon::builtin().expect("built-in CC-CEDICT"))
    });
    group.bench_function("load CC-CEDICT", |b| {
        b.iter(|| Lexicon::load(&path).expect("CC-CEDICT"))
    });

    let lex = Arc::new(Lexicon::builtin().expect("built-in CC-CEDICT"));
    let dir = std::env::var_os("DUIZHAO_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
        .join("conformance/align/mac-dev-concat/all");
    let (Some(zh), Some(en)) = (lines(&dir.join("zh.txt")), lines(&dir.join("en.txt"))) else {
        eprintln!("SKIPPED: {} not found", dir.display());
        return;
    };
    let zh: Vec<&str> = zh.iter().map(String::as_str).collect();
    let en: Vec<&str> = en.iter().map(String::as_str).collect();
    let opts = AlignOptions {
        lexicon: Some(lex),
        ..AlignOptions::default()
    };
    group.bench_function("mac-dev-concat 1463x1951", |b| {
        b.iter(|| align::align(&zh, &en, &opts, &mut NoProgress).expect("aligns"))
    });
    let single = AlignOptions {
        second_pass: false,
        ..opts.clone()
    };
    group.bench_function("mac-dev-concat single pass", |b| {
        b.iter(|| align::align(&zh, &en, &single, &mut NoProgress).expect("aligns"))
    });

    // Hand edits: the scorer of hand-made beads is built once per alignment, then each edit scores its
    // beads on the UI thread.
    let aligned = align::align(&zh, &en, &opts, &mut NoProgress).expect("aligns");
    group.bench_function("rescorer for mac-dev-concat", |b| {
        b.iter(|| Rescorer::new(&aligned, &opts))
    });
    let rescorer = Rescorer::new(&aligned, &opts);
    let k = aligned.beads.len() / 2;
    let merge = Edit::MergeNext { bead: k };
    group.bench_function("edit: merge, scored", |b| {
        b.iter(|| edit::patch_with(&aligned, &merge, &rescorer).expect("merges"))
    });
    let unpair = Edit::Unpair { bead: k };
    group.bench_function("edit: unpair, scored", |b| {
        b.iter(|| edit::patch_with(&aligned, &unpair, &rescorer).expect("unpairs"))
    });
    let bead = &aligned.beads[k];
    let split = Edit::SplitAt {
        bead: k,
        side: Side::Zh,
        sentence: bead.zh.start,
        at_char: aligned.zh[bead.zh.start].chars().count() / 2,
    };
    group.bench_function("edit: split at the cursor, scored", |b| {
        b.iter(|| edit::patch_with(&aligned, &split, &rescorer).expect("splits"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
