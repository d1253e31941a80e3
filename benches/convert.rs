//! Conversion throughput on the real corpus (../corpus, built by ../shared/tools/make_zh_corpus.sh),
//! beside the reference: OpenCC 1.4.2's C++ library through its Python package, timed in the same run
//! on the same text (a subprocess converts the whole file in one call; best of 3, excluding start-up).
//!
//! Run: `cargo bench --no-default-features --bench convert` (set `DUIZHAO_CORPUS` for another corpus
//! folder; `DUIZHAO_BENCH_QUICK=1` prints the comparison table and skips criterion's sampling;
//! `DUIZHAO_BENCH_ONLY=s2twp` measures one configuration, e.g. under a profiler).
//!
//! Two clocks are reported. Criterion's figures are wall-clock time; on a shared machine they also
//! count time spent waiting for a CPU. The table therefore also gives throughput per second of CPU
//! time actually used (ours from `/proc/self/schedstat`, Python's from `time.process_time()`), which
//! is what compares the two implementations fairly when other work competes for the cores.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use duizhao::convert::{Config, Converter};

/// (config, corpus file) pairs the issue asks figures for.
const CASES: [(Config, &str); 3] = [
    (Config::S2t, "hans.txt"),
    (Config::S2twp, "hans.txt"),
    (Config::T2s, "hant.txt"),
];

/// The cases to run (`DUIZHAO_BENCH_ONLY` picks one configuration).
fn cases() -> Vec<(Config, &'static str)> {
    let only = std::env::var("DUIZHAO_BENCH_ONLY")
        .ok()
        .and_then(|n| Config::from_name(&n));
    CASES
        .into_iter()
        .filter(|(c, _)| only.is_none_or(|o| o == *c))
        .collect()
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("DUIZHAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus"))
}

/// The corpus file, or a built-in sample (and `None` for its path) when the corpus is absent.
fn load(file: &str) -> (String, Option<PathBuf>) {
    let path = corpus_dir().join(file);
    match std::fs::read_to_string(&path) {
        Ok(text) => (text, Some(path)),
        Err(_) => {
            eprintln!(
                "NOTE: {} not found; benchmarking a built-in sample instead",
                path.display()
            );
            let sample = if file == "hant.txt" {
                "重慶兩江新區與加州簽署合作備忘錄，推動雙向投資與軟體資訊產業發展。\n"
            } else {
                "重庆两江新区与加州签署合作备忘录，推动双向投资与软件信息产业发展。\n"
            };
            (sample.repeat(50_000), None)
        }
    }
}

/// CPU time this thread has used, in nanoseconds (Linux).
fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Best of 3 conversions of `text`: (wall MB/s, CPU MB/s if measurable).
fn ours(converter: &Converter, text: &str) -> (f64, Option<f64>) {
    let mut out = String::with_capacity(text.len() * 2);
    let (mut wall, mut cpu) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        out.clear();
        let (t, c) = (Instant::now(), cpu_ns());
        converter.convert_into(black_box(text), &mut out);
        wall = wall.min(t.elapsed().as_secs_f64());
        if let (Some(c0), Some(c1)) = (c, cpu_ns()) {
            cpu = cpu.min((c1 - c0) as f64 / 1e9);
        }
    }
    let mb = text.len() as f64 / 1e6;
    (mb / wall, (cpu < f64::MAX && cpu > 0.0).then(|| mb / cpu))
}

/// OpenCC 1.4.2 (Python package) on `path`: (wall MB/s, CPU MB/s), best of 3.
fn reference(config: Config, path: &Path) -> Result<(f64, f64), String> {
    const SCRIPT: &str = "import sys, time, opencc\n\
        assert opencc.__version__ == '1.4.2', opencc.__version__\n\
        cc = opencc.OpenCC(sys.argv[1])\n\
        text = open(sys.argv[2], encoding='utf-8').read()\n\
        n = len(text.encode('utf-8')) / 1e6\n\
        wall = cpu = float('inf')\n\
        for _ in range(3):\n\
        \x20   t, c = time.perf_counter(), time.process_time()\n\
        \x20   cc.convert(text)\n\
        \x20   wall = min(wall, time.perf_counter() - t)\n\
        \x20   cpu = min(cpu, time.process_time() - c)\n\
        print(n / wall, n / cpu)\n";
    let out = Command::new("python3")
        .args(["-c", SCRIPT, config.name()])
        .arg(path)
        .output()
        .map_err(|e| format!("python3: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.lines().last().unwrap_or("failed").to_owned());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace().map(|v| v.parse::<f64>());
    match (it.next(), it.next()) {
        (Some(Ok(w)), Some(Ok(c))) => Ok((w, c)),
        _ => Err(format!("unexpected output {text:?}")),
    }
}

/// The comparison table: load times, then ours vs the reference per configuration.
fn table() {
    for (config, _) in cases() {
        let best = (0..5)
            .map(|_| duizhao::convert::load_uncached(config))
            .min()
            .unwrap_or_default();
        println!(
            "load {:<6} {:>6.2} ms  (embedded table to ready converter, uncached, best of 5)",
            config.name(),
            best.as_secs_f64() * 1e3
        );
    }
    println!(
        "{:<6} {:<9} {:>22} {:>22}",
        "config", "file", "duizhao MB/s wall/CPU", "OpenCC MB/s wall/CPU"
    );
    for (config, file) in cases() {
        let (text, path) = load(file);
        let (wall, cpu) = ours(&Converter::new(config), &text);
        let cpu = cpu.map_or("n/a".to_owned(), |c| format!("{c:.1}"));
        let skip_reference = std::env::var("DUIZHAO_BENCH_REFERENCE").is_ok_and(|v| v == "0");
        let reference = match &path {
            Some(_) if skip_reference => "not measured (DUIZHAO_BENCH_REFERENCE=0)".to_owned(),
            Some(p) => match reference(config, p) {
                Ok((w, c)) => format!("{w:>10.1} / {c:<9.1}"),
                Err(why) => format!("not measured ({why})"),
            },
            None => "not measured (no corpus)".to_owned(),
        };
        println!(
            "{:<6} {:<9} {:>10.1} / {:<9} {}",
            config.name(),
            file,
            wall,
            cpu,
            reference
        );
    }
}

fn bench_convert(c: &mut Criterion) {
    table();
    if std::env::var("DUIZHAO_BENCH_QUICK").is_ok_and(|v| v == "1") {
        return;
    }
    for (config, file) in cases() {
        let (text, _) = load(file);
        let converter = Converter::new(config);
        let mut out = String::with_capacity(text.len() * 2);
        let mut group = c.benchmark_group(format!("convert/{file}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(10));
        group.bench_function(config.name(), |b| {
            b.iter(|| {
                out.clear();
                converter.convert_into(black_box(&text), &mut out);
                black_box(out.len())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench_convert);
criterion_main!(benches);
