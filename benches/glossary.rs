//! Glossary benchmarks on generated data (run: `cargo bench --no-default-features --bench glossary`).
//!
//! - import: rows per second importing a 1,000,000-row TSV into an empty glossary in one go
//!   (`DZ_BENCH_ENTRIES` to change the size), wall time and CPU time;
//! - search on that glossary: every as-you-type prefix of terms of random entries, two-character Chinese
//!   substrings, and misspelt terms typed character by character (fuzzy): p50 / p95 / p99 / max latency of
//!   `Glossary::search`, wall time and the thread's CPU time (the machine may be shared and loaded);
//! - recognition: `TermIndex::find` with 100,000 terms over 1 MB of text (criterion, plus CPU time).
//!
//! `DZ_BENCH_ONLY=import`, `search` (import, then search) or `recognition` runs one part;
//! `DZ_BENCH_SERVER=URL` runs import and search on a PostgreSQL server instead of an SQLite file.
//!
//! Entries are made from a fixed pseudo-random stream: English terms of 2–4 words from a 6,000-word
//! vocabulary of pronounceable words, Chinese terms of 2–3 two-character words from 4,000 character pairs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use duizhao::NoProgress;
use duizhao::glossary::{EntryData, Glossary, ImportOptions, SearchOptions, Term, TermIndex};

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

    /// CPU time of the calling thread.
    pub fn thread() -> Duration {
        #[cfg(unix)]
        return clock(libc::CLOCK_THREAD_CPUTIME_ID);
        #[cfg(not(unix))]
        Duration::ZERO
    }

    /// CPU time of the whole process (every thread).
    pub fn process() -> Duration {
        #[cfg(unix)]
        return clock(libc::CLOCK_PROCESS_CPUTIME_ID);
        #[cfg(not(unix))]
        Duration::ZERO
    }
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

struct Vocab {
    en: Vec<String>,
    zh: Vec<String>,
}

impl Vocab {
    fn new(rng: &mut Rng) -> Vocab {
        let onsets = [
            "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
            "ch", "sh", "tr", "st", "pl",
        ];
        let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"];
        let codas = ["", "", "n", "r", "s", "t", "nd", "ng", "rt", "x"];
        let mut en = std::collections::BTreeSet::new();
        while en.len() < 6000 {
            let syllables = 1 + rng.below(3);
            let mut w = String::new();
            for _ in 0..syllables {
                w.push_str(onsets[rng.below(onsets.len())]);
                w.push_str(vowels[rng.below(vowels.len())]);
            }
            w.push_str(codas[rng.below(codas.len())]);
            en.insert(w);
        }
        // Common characters of trade texts (one of each), paired into two-character words.
        let chars: Vec<char> = "的一国在人有中大为上个年生到以会经工发业产行动同进作出对成部贸易港区保税物流投资合作城市自由综合开放\
            新能源汽车电子信息服务外包金融银行保险海关检验检疫口岸集装箱铁路航空运输仓储冷链园区开发企业集团公司\
            国际博览交易洽谈采购展销商品市场价格关税增值出口进口结算汇率人民币美元欧盟东盟丝绸之路经济带走廊通道枢纽\
            重庆成都四川两江西部内陆沿海长江上游中心基地平台项目协议备忘录签约战略伙伴关系友好姊妹代表团考察访问"
            .chars()
            .collect();
        let mut zh = std::collections::BTreeSet::new();
        while zh.len() < 4000 {
            let (a, b) = (chars[rng.below(chars.len())], chars[rng.below(chars.len())]);
            if a != b {
                zh.insert(format!("{a}{b}"));
            }
        }
        Vocab {
            en: en.into_iter().collect(),
            zh: zh.into_iter().collect(),
        }
    }

    fn entry(&self, rng: &mut Rng, i: usize) -> (String, String) {
        let n = 2 + rng.below(3);
        let en: Vec<&str> = (0..n)
            .map(|_| self.en[rng.below(self.en.len())].as_str())
            .collect();
        let m = 2 + rng.below(2);
        let zh: String = (0..m)
            .map(|_| self.zh[rng.below(self.zh.len())].as_str())
            .collect();
        // A serial keeps every entry distinct, as real glossaries are.
        (
            format!("{} {}", en.join(" "), base26(i)),
            format!("{zh}{}", i % 1000),
        )
    }
}

fn base26(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (i % 26) as u8);
        i /= 26;
        if i == 0 {
            break;
        }
    }
    String::from_utf8(s).unwrap_or_default()
}

fn tsv(vocab: &Vocab, rng: &mut Rng, n: usize) -> (String, Vec<(String, String)>) {
    let mut out = String::from("en\tzh-Hans\tdomain\tnote\n");
    let mut pairs = Vec::with_capacity(n);
    for i in 0..n {
        let (en, zh) = vocab.entry(rng, i);
        out.push_str(&format!("{en}\t{zh}\ttrade\tgenerated entry {i}\n"));
        pairs.push((en, zh));
    }
    (out, pairs)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `p50 / p95 / p99 / max` in milliseconds.
fn spread(times: &mut [Duration]) -> String {
    times.sort();
    format!(
        "p50 {:.3}, p95 {:.3}, p99 {:.3}, max {:.3} ms",
        ms(percentile(times, 0.5)),
        ms(percentile(times, 0.95)),
        ms(percentile(times, 0.99)),
        ms(times.last().copied().unwrap_or_default())
    )
}

/// What a benchmark query stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Query {
    /// A prefix of a correctly typed term, or a Chinese substring.
    Typing,
    /// A misspelt term, typed character by character.
    Typo,
}

/// A fresh glossary in the database `dz_bench` on the server whose admin URL is `url` (the team-server
/// figures: `DZ_BENCH_SERVER=postgres://postgres@127.0.0.1:54329/postgres`).
fn server_glossary(url: &str) -> Glossary {
    let mut admin = postgres::Client::connect(url, postgres::NoTls).expect("connect to the server");
    admin
        .batch_execute("DROP DATABASE IF EXISTS dz_bench WITH (FORCE)")
        .expect("drop");
    admin
        .batch_execute("CREATE DATABASE dz_bench")
        .expect("create");
    let target = format!("{}/dz_bench", url.rsplit_once('/').expect("a URL").0);
    duizhao::glossary::server_init(&target).expect("server init");
    Glossary::connect(&target, &duizhao::glossary::OpenOptions::default()).expect("connect")
}

fn import_and_search(search: bool) {
    let entries: usize = std::env::var("DZ_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let vocab = Vocab::new(&mut rng);
    let dir = tempfile::tempdir().expect("temp dir");

    // Import: the whole generated glossary into an empty file, one transaction.
    let (text, pairs) = tsv(&vocab, &mut rng, entries);
    let mut g = match std::env::var("DZ_BENCH_SERVER") {
        Ok(url) if !url.is_empty() => server_glossary(&url),
        _ => Glossary::open(dir.path().join("big.sqlite")).expect("open"),
    };
    let (wall, cpu0) = (Instant::now(), cpu::process());
    let report = g
        .import_bytes(
            "bench.tsv".as_ref(),
            text.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .expect("import");
    let (secs, cpu_secs) = (
        wall.elapsed().as_secs_f64(),
        (cpu::process() - cpu0).as_secs_f64(),
    );
    let rows = report.rows.len() as f64;
    println!(
        "import: {} rows ({} MB of TSV) in {secs:.2} s wall = {:.0} rows/s; {cpu_secs:.2} s CPU = {:.0} rows/s of CPU ({})",
        report.rows.len(),
        text.len() / 1_000_000,
        rows / secs,
        rows / cpu_secs,
        report.summary()
    );
    drop((text, report));
    if let Ok(url) = std::env::var("DZ_BENCH_SERVER")
        && !url.is_empty()
    {
        // What a database administrator does after a bulk load (autovacuum would do it a little later,
        // slowing the first searches while it runs).
        let target = format!("{}/dz_bench", url.rsplit_once('/').expect("a URL").0);
        let mut admin = postgres::Client::connect(&target, postgres::NoTls).expect("connect");
        admin
            .batch_execute("VACUUM ANALYZE duizhao.entry, duizhao.term, duizhao.history")
            .expect("vacuum");
    }
    if !search {
        return;
    }
    let (wall, cpu0) = (Instant::now(), cpu::process());
    g.prepare_search(&mut NoProgress).expect("index");
    println!(
        "search index: built in {:.1} s wall, {:.1} s CPU, about {} MB",
        wall.elapsed().as_secs_f64(),
        (cpu::process() - cpu0).as_secs_f64(),
        g.search_index_bytes() / 1_000_000
    );

    // As you type: every prefix of the English and Chinese terms of 150 random entries and their
    // two-character Chinese substrings; then 150 misspelt terms (a swap, a dropped letter or a wrong
    // character), every prefix from the third character on.
    let mut queries: Vec<(String, Query)> = Vec::new();
    let prefixes = |chars: &[char], from: usize, kind: Query, out: &mut Vec<(String, Query)>| {
        for i in from..=chars.len().min(24) {
            out.push((chars[..i].iter().collect(), kind));
        }
    };
    for _ in 0..150 {
        let (en, zh) = &pairs[rng.below(pairs.len())];
        let en: Vec<char> = en.chars().collect();
        prefixes(&en, 1, Query::Typing, &mut queries);
        let zh: Vec<char> = zh.chars().collect();
        prefixes(&zh, 1, Query::Typing, &mut queries);
        for j in 0..zh.len() - 1 {
            queries.push((zh[j..j + 2].iter().collect(), Query::Typing));
        }
    }
    for n in 0..150 {
        let (en, zh) = &pairs[rng.below(pairs.len())];
        let mut typo: Vec<char> = if n % 3 == 2 { zh } else { en }.chars().collect();
        let k = 1 + rng.below(typo.len().saturating_sub(2).max(1));
        match n % 3 {
            0 => typo.swap(k - 1, k),
            1 => {
                typo.remove(k);
            }
            _ => typo[k] = '港',
        }
        prefixes(&typo, 3, Query::Typo, &mut queries);
    }
    let options = SearchOptions {
        limit: 50,
        ..SearchOptions::default()
    };
    let (mut all, mut all_cpu, mut typo, mut typo_cpu) = (vec![], vec![], vec![], vec![]);
    let mut found = 0usize;
    for (q, kind) in &queries {
        let (t, c) = (Instant::now(), cpu::thread());
        let hits = g.search(q, &options).expect("search");
        let (t, c) = (t.elapsed(), cpu::thread() - c);
        found += usize::from(!hits.is_empty());
        all.push(t);
        all_cpu.push(c);
        if *kind == Query::Typo {
            typo.push(t);
            typo_cpu.push(c);
        }
    }
    println!(
        "search ({} queries, limit 50, {entries} entries, {found} with hits): wall {}; CPU {}",
        queries.len(),
        spread(&mut all),
        spread(&mut all_cpu)
    );
    println!(
        "  misspelt terms as typed ({} queries): wall {}; CPU {}",
        typo.len(),
        spread(&mut typo),
        spread(&mut typo_cpu)
    );
}

fn recognition(c: &mut Criterion) {
    let mut rng = Rng(42);
    let vocab = Vocab::new(&mut rng);
    let entries: Vec<duizhao::glossary::Entry> = (0..50_000)
        .map(|i| {
            let (en, zh) = vocab.entry(&mut rng, i);
            duizhao::glossary::Entry {
                id: i as i64 + 1,
                version: 1,
                data: EntryData {
                    terms: vec![Term::main("en", &en), Term::main("zh-Hans", &zh)],
                    ..Default::default()
                },
                changed_by: String::new(),
                changed_at: String::new(),
                deleted: false,
            }
        })
        .collect();
    let t = Instant::now();
    let index =
        TermIndex::build(&entries, duizhao::glossary::normalize::other_scripts).expect("index");
    println!(
        "term index: 100,000 terms ({} patterns with inflections) built in {:.2} s",
        index.len(),
        t.elapsed().as_secs_f64()
    );
    // 1 MB of text: English and Chinese filler with a glossary term every few words.
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 20 {
        match rng.below(6) {
            0 => text.push_str(&entries[rng.below(entries.len())].data.terms[0].text),
            1 => text.push_str(&entries[rng.below(entries.len())].data.terms[1].text),
            2 => text.push_str(&vocab.zh[rng.below(vocab.zh.len())]),
            _ => text.push_str(&vocab.en[rng.below(vocab.en.len())]),
        }
        text.push(' ');
    }
    let found = index.find(&text).len();
    let (mut wall, mut cpu_times) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        let (t, c) = (Instant::now(), cpu::thread());
        black_box(index.find(black_box(&text)));
        wall.push(t.elapsed());
        cpu_times.push(cpu::thread() - c);
    }
    println!(
        "recognition: {found} matches in {} bytes; 10 runs: wall {}; CPU {}",
        text.len(),
        spread(&mut wall),
        spread(&mut cpu_times)
    );
    c.bench_function("recognize 100k terms in 1 MB", |b| {
        b.iter(|| black_box(index.find(black_box(&text))))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(5));
    targets = recognition
}

fn main() {
    // `DZ_BENCH_ONLY=import`, `search` (import, then search) or `recognition` runs one part, e.g. under
    // a profiler.
    let only = std::env::var("DZ_BENCH_ONLY").unwrap_or_default();
    if only != "recognition" {
        import_and_search(only != "import");
    }
    if only.is_empty() || only == "recognition" {
        benches();
    }
    Criterion::default().configure_from_args().final_summary();
}
