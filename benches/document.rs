//! Opening a release: decode + segment 10 MB of Chinese and 10 MB of English.
//!
//! Input: the Chinese corpus of `../shared/tools/make_zh_corpus.sh` (directory in `DUIZHAO_CORPUS`,
//! default `/tmp/duizhao-corpus`) when present, else the Chinese side of `../shared/conformance/align`
//! repeated; the English side of the same aligned corpus, repeated to 10 MB. Both are real prose.
//! Run: `cargo bench --bench document`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use duizhao::NoProgress;
use duizhao::document::{LoadOptions, load_bytes};

const SIZE: usize = 10 * 1024 * 1024;

fn shared() -> PathBuf {
    std::env::var_os("DUIZHAO_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"))
}

/// `text` repeated (whole lines) up to `SIZE` bytes.
fn fill(text: &str) -> String {
    let mut out = String::with_capacity(SIZE + text.len());
    while out.len() < SIZE {
        for line in text.lines() {
            out.push_str(line);
            out.push('\n');
            if out.len() >= SIZE {
                break;
            }
        }
    }
    out
}

fn aligned_side(file: &str) -> Option<String> {
    let dir = shared().join("conformance/align/mac-dev");
    let mut docs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    docs.sort();
    let text: String = docs
        .iter()
        .filter_map(|d| std::fs::read_to_string(d.join(file)).ok())
        .collect();
    (!text.is_empty()).then_some(text)
}

fn chinese() -> Option<String> {
    let corpus = std::env::var_os("DUIZHAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| "/tmp/duizhao-corpus".into());
    match std::fs::read_to_string(corpus.join("hans.txt")) {
        Ok(t) => {
            let mut cut = t.len().min(SIZE + 1024 * 1024);
            while !t.is_char_boundary(cut) {
                cut -= 1;
            }
            Some(fill(&t[..cut]))
        }
        Err(_) => aligned_side("zh.txt").map(|t| fill(&t)),
    }
}

fn bench(c: &mut Criterion) {
    let (Some(zh), Some(en)) = (chinese(), aligned_side("en.txt").map(|t| fill(&t))) else {
        eprintln!("SKIPPED: no corpus (set DUIZHAO_SHARED or build ../shared)");
        return;
    };
    let mut group = c.benchmark_group("open_release");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    for (name, text) in [("chinese_10MB", zh), ("english_10MB", en)] {
        let bytes = text.into_bytes();
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                load_bytes(
                    Path::new("release.txt"),
                    &bytes,
                    &LoadOptions::default(),
                    &mut NoProgress,
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
