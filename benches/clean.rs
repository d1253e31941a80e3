//! Cleaning throughput: all rules together on real Chinese prose (the ~60 MB corpus built by
//! `../shared/tools/make_zh_corpus.sh`) plus English text, and each rule alone on a slice of it.
//!
//! The corpus folder is `$DUIZHAO_CORPUS_DIR`, else `/work/corpus`, else `target/zh-corpus`; build it with
//! `bash ../shared/tools/make_zh_corpus.sh target/zh-corpus`. The English part is the licence texts every
//! Debian system ships in `/usr/share/common-licenses` (and the English seed releases when `../shared` is
//! there), repeated to 20 MB. Run: `cargo bench --no-default-features --bench clean`.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use duizhao::NoProgress;
use duizhao::clean::{CleanOptions, Rule, RuleSet, clean};

fn corpus_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("DUIZHAO_CORPUS_DIR").map(PathBuf::from),
        Some(PathBuf::from("/work/corpus")),
        Some(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/target/zh-corpus"
        ))),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|d| d.join("hans.txt").is_file() && d.join("hant.txt").is_file())
}

fn english(target: usize) -> String {
    let mut pieces = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/usr/share/common-licenses") {
        let mut paths: Vec<PathBuf> = dir
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        pieces.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    let seeds = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seeds"));
    if let Ok(dir) = std::fs::read_dir(seeds) {
        let mut paths: Vec<PathBuf> = dir.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        pieces.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    let one: String = pieces.join("\n\n");
    if one.is_empty() {
        return String::new();
    }
    let mut out = String::with_capacity(target + one.len());
    while out.len() < target {
        out.push_str(&one);
        out.push_str("\n\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let Some(dir) = corpus_dir() else {
        eprintln!(
            "SKIPPED: no Chinese corpus; build it with `bash ../shared/tools/make_zh_corpus.sh target/zh-corpus` \
             or set DUIZHAO_CORPUS_DIR"
        );
        return;
    };
    let mut text = String::new();
    for name in ["hans.txt", "hant.txt"] {
        text.push_str(&std::fs::read_to_string(dir.join(name)).expect("corpus is UTF-8"));
        text.push('\n');
    }
    let zh_len = text.len();
    text.push_str(&english(20 << 20));
    eprintln!(
        "corpus: {} MB Chinese + {} MB English",
        zh_len >> 20,
        (text.len() - zh_len) >> 20
    );

    let mut group = c.benchmark_group("clean");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Bytes(text.len() as u64));
    let all = CleanOptions::default();
    group.bench_function("all rules, zh+en corpus", |b| {
        b.iter(|| clean(&text, &all, &mut NoProgress).expect("clean"))
    });
    group.finish();

    // For reference: the conversion engine the mixed-script rule builds on, on the Chinese part alone.
    let mut group = c.benchmark_group("reference");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Bytes(zh_len as u64));
    let s2t = duizhao::convert::Converter::new(duizhao::convert::Config::S2t);
    group.bench_function("convert s2t, zh corpus", |b| {
        b.iter(|| s2t.convert(&text[..zh_len]))
    });
    group.bench_function("detect_script, zh corpus", |b| {
        b.iter(|| duizhao::convert::script::detect_script(&text[..zh_len]))
    });
    group.finish();

    // Each rule alone on a 16 MB slice (Chinese and English), to see where the time goes.
    let mut slice = String::new();
    let cut = |s: &str, n: usize| {
        let mut k = n.min(s.len());
        while !s.is_char_boundary(k) {
            k -= 1;
        }
        s[..k].to_owned()
    };
    slice.push_str(&cut(&text, 8 << 20));
    slice.push_str(&cut(&text[zh_len..], 8 << 20));
    let mut group = c.benchmark_group("clean-rule");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Bytes(slice.len() as u64));
    for rule in Rule::ALL {
        let options = CleanOptions::only(RuleSet::none().with(rule));
        group.bench_function(rule.name(), |b| {
            b.iter(|| clean(&slice, &options, &mut NoProgress).expect("clean"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
