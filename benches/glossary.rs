//! Glossary benchmarks on generated data (run: `cargo bench --no-default-features --bench glossary`).
//!
//! - import: rows per second importing a 200,000-row TSV into an empty glossary (one transaction);
//! - search: every as-you-type prefix of terms of random entries, plus typos, on a 1,000,000-entry glossary
//!   (`DZ_BENCH_ENTRIES` to change the size): p50 / p99 / max latency of `Glossary::search`;
//! - recognition: `TermIndex::find` with 100,000 terms over 1 MB of text (criterion).
//!
//! Entries are made from a fixed pseudo-random stream: English terms of 2–4 words from a 6,000-word
//! vocabulary of pronounceable words, Chinese terms of 2–3 two-character words from 4,000 character pairs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use duizhao::NoProgress;
use duizhao::glossary::{EntryData, Glossary, ImportOptions, SearchOptions, Term, TermIndex};

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

fn import_and_search() {
    let entries: usize = std::env::var("DZ_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let vocab = Vocab::new(&mut rng);
    let dir = tempfile::tempdir().expect("temp dir");

    // Import throughput: 200,000 rows into an empty glossary.
    let (small, _) = tsv(&vocab, &mut rng, 200_000);
    let mut g = Glossary::open(dir.path().join("import.sqlite")).expect("open");
    let t = Instant::now();
    let report = g
        .import_bytes(
            "bench.tsv".as_ref(),
            small.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .expect("import");
    let secs = t.elapsed().as_secs_f64();
    println!(
        "import: {} rows in {secs:.2} s = {:.0} rows/s ({})",
        report.rows.len(),
        report.rows.len() as f64 / secs,
        report.summary()
    );
    drop(g);

    // The large glossary, filled by import in chunks.
    let mut g = Glossary::open(dir.path().join("big.sqlite")).expect("open");
    let mut pairs = Vec::with_capacity(entries);
    let t = Instant::now();
    let mut left = entries;
    while left > 0 {
        let n = left.min(250_000);
        let (chunk, p) = tsv(&vocab, &mut rng, n);
        pairs.extend(p);
        g.import_bytes(
            "bench.tsv".as_ref(),
            chunk.as_bytes(),
            &ImportOptions::default(),
            &mut NoProgress,
        )
        .expect("import");
        left -= n;
    }
    println!(
        "filled a {entries}-entry glossary in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    g.prepare_search(&mut NoProgress).expect("index");
    println!(
        "search index: built in {:.1} s, about {} MB",
        t.elapsed().as_secs_f64(),
        g.search_index_bytes() / 1_000_000
    );

    // As-you-type: every prefix of the English and Chinese terms of 150 random entries, and typos.
    let options = SearchOptions {
        limit: 50,
        ..SearchOptions::default()
    };
    let mut queries = Vec::new();
    for _ in 0..150 {
        let (en, zh) = &pairs[rng.below(pairs.len())];
        let en: Vec<char> = en.chars().collect();
        for i in 1..=en.len().min(24) {
            queries.push(en[..i].iter().collect::<String>());
        }
        let zh: Vec<char> = zh.chars().collect();
        for i in 1..=zh.len() {
            queries.push(zh[..i].iter().collect::<String>());
        }
        for j in 0..zh.len() - 1 {
            queries.push(zh[j..j + 2].iter().collect::<String>());
        }
        let mut typo = en.clone();
        let k = 1 + rng.below(typo.len().saturating_sub(2).max(1));
        typo.swap(k - 1, k);
        queries.push(typo.into_iter().collect());
    }
    let mut times = Vec::with_capacity(queries.len());
    let mut found = 0usize;
    for q in &queries {
        let t = Instant::now();
        let hits = g.search(q, &options).expect("search");
        times.push(t.elapsed());
        found += usize::from(!hits.is_empty());
    }
    times.sort();
    println!(
        "search ({} queries, limit 50, {entries} entries): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms; {found} queries with hits",
        queries.len(),
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times.last().copied().unwrap_or_default().as_secs_f64() * 1e3
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
    let index = TermIndex::build(&entries, |_| Vec::new()).expect("index");
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
    println!("recognition: {found} matches in {} bytes", text.len());
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
    import_and_search();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
