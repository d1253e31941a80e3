//! Translation-memory benchmarks (run: `cargo bench --no-default-features --bench tm`).
//!
//! - lookup: best-match lookup over 100,000 memories (criterion, plus p50 / p95 / max of single lookups);
//! - import: a generated 100,000-unit TMX imported into a new memory (criterion), and once a generated
//!   1,000,000-unit TMX (`DZ_BENCH_UNITS` to change the size; `DZ_BENCH_TMX=FILE` keeps the file, for
//!   `/usr/bin/time -v duizhao-cli tm import FILE`), wall and CPU time;
//! - on that million-unit memory: building the index, fuzzy matches and concordance (p50 / p95 / max of
//!   300 each, and criterion), a 50-row page of the table by position, the ids under filters.
//!
//! `DZ_BENCH_ONLY=lookup`, `import` or `million` runs one part. `DZ_BENCH_SERVER=postgres://…` runs the
//! million-unit part on a team server (initialised with `duizhao-cli server init`) instead of a file.
//!
//! Chinese sides are real sentences: the news corpus built by `../shared/tools/make_zh_corpus.sh`
//! (`DUIZHAO_ZH_CORPUS`, default `../corpus/hans.txt`), or, when it is absent, sentences spliced from the
//! MAC dev set in `../shared/conformance/align/mac-dev`; the million units splice halves of two sentences.
//! English sides are 8–30 words drawn from a generated vocabulary of 6,000 pronounceable words. Lookup
//! queries are a third verbatim memories, a third with two characters changed, a third unseen sentences
//! (100k) or reversed ones (1M).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion};
use duizhao::NoProgress;
use duizhao::tm::{
    Catalogue, LangTag, MatchOptions, Memory, Origin, Segment, TranslationUnit, UnitFilter, tmx,
};

const MEMORIES: usize = 100_000;
const QUERIES: usize = 300;

/// CPU time, to tell the work done from the time lost to other programs on a loaded machine.
mod cpu {
    use std::time::Duration;

    #[cfg(unix)]
    fn clock(id: libc::clockid_t) -> Duration {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `t` is a valid, writable timespec and the clock id is one the platform defines.
        unsafe { libc::clock_gettime(id, &mut t) };
        Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    }

    /// CPU time of the whole process (every thread).
    pub fn process() -> Duration {
        #[cfg(unix)]
        return clock(libc::CLOCK_PROCESS_CPUTIME_ID);
        #[cfg(not(unix))]
        Duration::ZERO
    }
}

/// Peak and current resident memory of this process, from `/proc` (Linux).
fn memory_use() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map_or_else(|| "?".to_string(), |kb| format!("{} MB", kb / 1024))
    };
    format!("resident {}, peak {}", field("VmRSS:"), field("VmHWM:"))
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

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

fn percentiles(mut times: Vec<Duration>) -> String {
    times.sort();
    let at = |p: f64| times[((times.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    format!(
        "p50 {:.2?}, p95 {:.2?}, max {:.2?}",
        at(0.50),
        at(0.95),
        times[times.len() - 1]
    )
}

fn lookup_setup(sentences: &[String]) -> (tempfile::TempDir, Memory, Vec<String>) {
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
    println!("memories: {}; stored in {:.2?}", added.added, t.elapsed());
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
    (dir, memory, queries)
}

fn match_percentiles(memory: &mut Memory, queries: &[String], limit: usize) {
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
    println!(
        "fuzzy lookup (limit {limit}) over {} queries, {found} with a match ≥ 50%: {}",
        times.len(),
        percentiles(times)
    );
}

fn lookup(c: &mut Criterion, sentences: &[String]) {
    let (_dir, mut memory, queries) = lookup_setup(sentences);
    match_percentiles(&mut memory, &queries, 1);
    match_percentiles(&mut memory, &queries, 5);
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

/// English words: a vocabulary of pronounceable words.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    let onsets = [
        "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "ch",
        "sh", "tr", "st", "pl",
    ];
    let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
    let codas = ["", "", "n", "r", "s", "t", "nd", "ng", "rt", "x"];
    let mut words = std::collections::BTreeSet::new();
    while words.len() < 6000 {
        let mut w = String::new();
        for _ in 0..1 + rng.below(3) {
            w.push_str(onsets[rng.below(onsets.len())]);
            w.push_str(vowels[rng.below(vowels.len())]);
        }
        w.push_str(codas[rng.below(codas.len())]);
        words.insert(w);
    }
    words.into_iter().collect()
}

/// Writes a TMX file of `n` units to `path`: Chinese sides splice two sentences, English sides are
/// generated words ending in the unit's number (so that every pair is distinct).
fn write_tmx(path: &Path, n: usize, sentences: &[String]) {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let words = vocabulary(&mut rng);
    let file = std::fs::File::create(path).expect("create TMX");
    let mut w = std::io::BufWriter::new(file);
    let header = tmx::TmxHeader::new(LangTag::zh_simplified());
    let mut out = tmx::TmxWriter::begin(&mut w, &header).expect("write TMX");
    let m = sentences.len();
    for i in 0..n {
        let a: Vec<char> = sentences[i % m].chars().collect();
        let b: Vec<char> = sentences[(i * 7 + (i / m) * 101 + 13) % m]
            .chars()
            .collect();
        let zh: String = a[..a.len() / 2].iter().chain(&b[b.len() / 2..]).collect();
        let mut en = String::new();
        for k in 0..8 + rng.below(23) {
            let word = &words[rng.below(words.len())];
            if k == 0 {
                let mut c = word.chars();
                en.extend(c.next().map(|f| f.to_ascii_uppercase()));
                en.push_str(c.as_str());
            } else {
                en.push(' ');
                en.push_str(word);
            }
        }
        en.push_str(&format!(" {i}."));
        let unit = TranslationUnit::new(
            Segment::new(LangTag::zh_simplified(), zh),
            Segment::new(LangTag::en(), en),
        )
        .with_created(duizhao::tm::Timestamp(1_735_689_600 + i as i64));
        out.unit(&unit).expect("write TMX");
    }
    out.finish().expect("write TMX");
    w.flush().expect("write TMX");
}

fn import_100k(c: &mut Criterion, sentences: &[String]) {
    let dir = tempfile::tempdir().expect("temp");
    let path = dir.path().join("100k.tmx");
    write_tmx(&path, 100_000, sentences);
    let mut group = c.benchmark_group("tm import");
    group.sample_size(10);
    group.throughput(criterion::Throughput::Elements(100_000));
    group.bench_function("100k-unit TMX into a new memory", |b| {
        b.iter_batched(
            || {
                let db = tempfile::tempdir().expect("temp");
                let memory = Memory::open(&db.path().join("m.sqlite")).expect("open");
                (db, memory)
            },
            |(db, mut memory)| {
                let s = memory.import_tmx(&path, &mut NoProgress).expect("import");
                assert_eq!(s.stored(), 100_000);
                (db, memory)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn million(c: &mut Criterion, sentences: &[String]) {
    let units: usize = std::env::var("DZ_BENCH_UNITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp");
    let tmx_path = std::env::var_os("DZ_BENCH_TMX")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("million.tmx"));
    let t = Instant::now();
    write_tmx(&tmx_path, units, sentences);
    let size = std::fs::metadata(&tmx_path).map_or(0, |m| m.len());
    println!(
        "TMX of {units} units, {} MB, written in {:.1?} ({})",
        size / 1_000_000,
        t.elapsed(),
        tmx_path.display()
    );

    let mut memory = match std::env::var("DZ_BENCH_SERVER") {
        // A server where `duizhao-cli server init` has run; the benchmark's memory is made afresh.
        Ok(target) => {
            let catalogue = Catalogue::on_server(&target, duizhao::tm::script::default_converter());
            let name = format!("Benchmark, {units} units");
            let _ = catalogue.delete(&name);
            let memory = catalogue
                .create(&name, &LangTag::zh_simplified(), &LangTag::en(), "")
                .expect("create the memory on the server");
            println!("on the server {}", memory.path().display());
            memory
        }
        Err(_) => Memory::open(&dir.path().join("million.sqlite")).expect("open"),
    };
    let (wall, cpu0) = (Instant::now(), cpu::process());
    let s = memory
        .import_tmx(&tmx_path, &mut NoProgress)
        .expect("import");
    let (secs, cpu_secs) = (
        wall.elapsed().as_secs_f64(),
        (cpu::process() - cpu0).as_secs_f64(),
    );
    println!(
        "import: {} units in {secs:.2} s wall = {:.0} units/s; {cpu_secs:.2} s CPU; {}",
        s.stored(),
        s.stored() as f64 / secs,
        memory_use()
    );
    let (wall, cpu0) = (Instant::now(), cpu::process());
    memory.build_index(&mut NoProgress).expect("index");
    println!(
        "index built in {:.1} s wall, {:.1} s CPU; {}",
        wall.elapsed().as_secs_f64(),
        (cpu::process() - cpu0).as_secs_f64(),
        memory_use()
    );

    // Queries from units spread over the memory: verbatim, two characters changed, reversed.
    let t = Instant::now();
    let all = memory.unit_ids(&UnitFilter::default()).expect("ids");
    println!("ids of all {} units in {:.1?}", all.len(), t.elapsed());
    let sample: Vec<i64> = (0..QUERIES).map(|i| all[(i * 3331) % all.len()]).collect();
    let rows = memory.rows(&sample).expect("rows");
    let (zh, en) = (LangTag::zh_simplified(), LangTag::en());
    let options = MatchOptions {
        min_score: 50,
        limit: 5,
    };
    let queries: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut q: Vec<char> = r.unit.source.text.chars().collect();
            let n = q.len();
            match i % 3 {
                1 => {
                    q[n / 3] = '甲';
                    q[2 * n / 3] = '乙';
                }
                2 => q.reverse(),
                _ => {}
            }
            q.into_iter().collect()
        })
        .collect();
    let mut times = Vec::new();
    let mut found = 0;
    for q in &queries {
        let t = Instant::now();
        found += usize::from(
            !memory
                .matches(q, &zh, &en, &options)
                .expect("match")
                .is_empty(),
        );
        times.push(t.elapsed());
    }
    println!(
        "fuzzy lookup (limit 5), {QUERIES} queries, {found} with a match: {}",
        percentiles(times)
    );
    // Concordance: Chinese words of 2–5 characters and English phrases of 1–3 words, from the units.
    let phrases: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            if i % 2 == 0 {
                r.unit.source.text.chars().skip(3).take(2 + i % 4).collect()
            } else {
                let words: Vec<&str> = r.unit.target.text.split(' ').collect();
                words[1..(2 + i % 3).min(words.len())].join(" ")
            }
        })
        .collect();
    let mut times = Vec::new();
    let mut hits = 0;
    for p in &phrases {
        let t = Instant::now();
        hits += memory.concordance(p, 30).expect("concordance").len();
        times.push(t.elapsed());
    }
    println!(
        "concordance (limit 30), {QUERIES} phrases, {hits} hits: {}",
        percentiles(times)
    );
    let mut times = Vec::new();
    for i in 0..1000 {
        let at = (i * 7919) % (all.len() - 50);
        let t = Instant::now();
        let page = memory.rows(&all[at..at + 50]).expect("rows");
        times.push(t.elapsed());
        assert_eq!(page.len(), 50);
    }
    println!("a page of 50 rows by position: {}", percentiles(times));
    for text in ["重庆", "港口", "出口增长", "nothing-like-this"] {
        let filter = UnitFilter {
            text: Some(text.into()),
            ..UnitFilter::default()
        };
        let t = Instant::now();
        let n = memory.unit_ids(&filter).expect("ids").len();
        println!("ids of the units with {text:?}: {n} in {:.1?}", t.elapsed());
    }

    let mut i = 0;
    c.bench_function("tm concordance, 1M units", |b| {
        b.iter(|| {
            i = (i + 1) % phrases.len();
            memory.concordance(&phrases[i], 30).expect("concordance")
        })
    });
    let mut i = 0;
    c.bench_function("tm fuzzy lookup, 1M units", |b| {
        b.iter(|| {
            i = (i + 1) % queries.len();
            memory
                .matches(&queries[i], &zh, &en, &options)
                .expect("match")
        })
    });
    let mut at = 0;
    c.bench_function("tm page of 50 rows, 1M units", |b| {
        b.iter(|| {
            at = (at + 7919) % (all.len() - 50);
            memory.rows(&all[at..at + 50]).expect("rows")
        })
    });
}

fn main() {
    let Some((sentences, source)) = sentences() else {
        eprintln!(
            "SKIPPED: no Chinese corpus (../corpus/hans.txt) and no ../shared/conformance/align/mac-dev"
        );
        return;
    };
    println!("{} sentences from the {source}", sentences.len());
    let only = std::env::var("DZ_BENCH_ONLY").unwrap_or_default();
    let mut c = Criterion::default()
        .sample_size(50)
        .measurement_time(Duration::from_secs(10))
        .configure_from_args();
    if only.is_empty() || only == "lookup" {
        lookup(&mut c, &sentences);
    }
    if only.is_empty() || only == "import" {
        import_100k(&mut c, &sentences);
    }
    if only.is_empty() || only == "million" {
        million(&mut c, &sentences);
    }
    c.final_summary();
}
