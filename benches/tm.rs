//! Translation-memory lookup speed: best-match lookup over 100,000 memories.
//!
//! Memories are real Chinese sentences: the news corpus built by `../shared/tools/make_zh_corpus.sh`
//! (`DUIZHAO_ZH_CORPUS`, default `../corpus/hans.txt`), or, when it is absent, sentences spliced from the
//! MAC dev set in `../shared/conformance/align/mac-dev`. Queries are a third verbatim memories, a third with
//! two characters changed, a third unseen sentences. Besides criterion's mean, the bench prints the p50 /
//! p95 / max latency of single lookups, since the target is p95 < 50 ms.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use duizhao::NoProgress;
use duizhao::tm::{LangTag, MatchOptions, Memory, Origin, Segment, TranslationUnit};

const MEMORIES: usize = 100_000;
const QUERIES: usize = 300;

fn split_sentences(text: &str, out: &mut Vec<String>) {
    let mut cur = String::new();
    for c in text.chars() {
        if c == '\n' || c == '\r' {
            cur.clear();
            continue;
        }
        cur.push(c);
        if matches!(c, '。' | '！' | '？') {
            let s = cur.trim();
            let n = s.chars().count();
            if (10..=100).contains(&n) {
                out.push(s.to_string());
            }
            cur.clear();
        }
    }
}

fn sentences() -> Option<(Vec<String>, &'static str)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = std::env::var_os("DUIZHAO_ZH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../corpus/hans.txt"));
    let mut out = Vec::new();
    if let Ok(text) = std::fs::read_to_string(&corpus) {
        split_sentences(&text, &mut out);
        let mut seen = std::collections::HashSet::new();
        out.retain(|s| seen.insert(s.clone()));
        if out.len() >= MEMORIES + QUERIES {
            return Some((out, "news corpus"));
        }
    }
    let mac = root.join("../shared/conformance/align/mac-dev");
    let mut base = Vec::new();
    for doc in ["001", "002", "003", "004", "005", "006"] {
        let text = std::fs::read_to_string(mac.join(doc).join("zh.txt")).ok()?;
        base.extend(
            text.lines()
                .filter(|l| l.chars().count() >= 8)
                .map(str::to_string),
        );
    }
    // Splice the first half of one sentence onto the second half of another: realistic characters, and
    // many near-duplicates (the hard case for candidate retrieval).
    out.clear();
    'outer: for (i, a) in base.iter().enumerate() {
        for b in base.iter().skip(i + 1) {
            let a: Vec<char> = a.chars().collect();
            let b: Vec<char> = b.chars().collect();
            out.push(a[..a.len() / 2].iter().chain(&b[b.len() / 2..]).collect());
            if out.len() >= MEMORIES + QUERIES {
                break 'outer;
            }
        }
    }
    Some((out, "MAC dev sentences spliced"))
}

fn setup() -> Option<(tempfile::TempDir, Memory, Vec<String>)> {
    let Some((sentences, source)) = sentences() else {
        eprintln!(
            "SKIPPED: no Chinese corpus (../corpus/hans.txt) and no ../shared/conformance/align/mac-dev"
        );
        return None;
    };
    let dir = tempfile::tempdir().expect("temp");
    let mut memory = Memory::open_with(
        &dir.path().join("memory.sqlite"),
        duizhao::tm::script::default_converter(),
    )
    .expect("open");
    let units: Vec<TranslationUnit> = sentences[..MEMORIES]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            TranslationUnit::new(
                Segment::new(LangTag::zh_simplified(), s.clone()),
                Segment::new(LangTag::en(), format!("Translation {i}.")),
            )
        })
        .collect();
    let t = Instant::now();
    let added = memory
        .add(&units, Origin::TmxImport, &mut NoProgress)
        .expect("add");
    println!(
        "memories: {} from {source}; stored in {:.2?}",
        added.added,
        t.elapsed()
    );
    let t = Instant::now();
    memory.build_index(&mut NoProgress).expect("index");
    println!("index built in {:.2?}", t.elapsed());
    let mut queries = Vec::new();
    for k in 0..QUERIES / 3 {
        let verbatim = &sentences[(k * 997) % MEMORIES];
        queries.push(verbatim.clone());
        let mut edited: Vec<char> = sentences[(k * 613 + 7) % MEMORIES].chars().collect();
        let n = edited.len();
        edited[n / 3] = '甲';
        edited[2 * n / 3] = '乙';
        queries.push(edited.into_iter().collect());
        queries.push(sentences[MEMORIES + k].clone());
    }
    Some((dir, memory, queries))
}

fn percentiles(memory: &mut Memory, queries: &[String], limit: usize) {
    let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
    let options = MatchOptions {
        min_score: 50,
        limit,
    };
    let mut times: Vec<Duration> = Vec::with_capacity(queries.len());
    let mut found = 0;
    for q in queries {
        let t = Instant::now();
        let hits = memory.matches(q, &zh, &en, &options).expect("match");
        times.push(t.elapsed());
        found += usize::from(!hits.is_empty());
    }
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    println!(
        "lookup (limit {limit}) over {} queries, {found} with a match ≥ 50%: p50 {:.2?}, p95 {:.2?}, max {:.2?}",
        times.len(),
        at(0.50),
        at(0.95),
        times[times.len() - 1]
    );
}

fn bench(c: &mut Criterion) {
    let Some((_dir, mut memory, queries)) = setup() else {
        return;
    };
    percentiles(&mut memory, &queries, 1);
    percentiles(&mut memory, &queries, 5);
    let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
    let options = MatchOptions {
        min_score: 50,
        limit: 1,
    };
    let mut i = 0;
    c.bench_function("tm best match, 100k memories", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            memory
                .matches(&queries[i], &zh, &en, &options)
                .expect("match")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50).measurement_time(Duration::from_secs(10));
    targets = bench
}
criterion_main!(benches);
