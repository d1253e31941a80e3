//! Term suggestions from a whole translation memory: 100,000 units, read from the memory file and
//! processed by `terms::suggest` (the target is ≤ 10 s).
//!
//! The memory is generated here: release-like sentences of one to three clauses, each clause a template
//! with a term and a number. Terms are 2,000 place names (two Han characters and a kind of zone, written
//! in English in their pinyin: 安和新区 ~ "Anhe New Area") and 40 trade terms, drawn with a Zipf-like
//! skew, so some occur in thousands of units and most in a handful, as in a real memory. Besides
//! criterion's figure the bench prints one run's wall time and the top suggestions.

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use duizhao::NoProgress;
use duizhao::align::chinese::pinyin_readings;
use duizhao::terms::{self, BeadPair, Options};
use duizhao::tm::{LangTag, Memory, Origin, Segment, TranslationUnit};

const UNITS: usize = 100_000;
const NAMES: usize = 2_000;

/// A small deterministic generator (xorshift), so every run benchmarks the same memory.
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

    /// Skewed towards small indices: rank r is drawn about 1/(r+1) as often as rank 0.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        (((n as f64 + 1.0).powf(u)) - 1.0) as usize % n
    }
}

const NAME_CHARS: &str =
    "江北南西东山河湖海天安长福华阳明平宁兴德昌康泰丰盛嘉龙凤金银石林松梅兰春秋云";

const KINDS: [(&str, &str); 10] = [
    ("新区", "New Area"),
    ("工业园", "Industrial Park"),
    ("港", "Port"),
    ("保税区", "Bonded Zone"),
    ("开发区", "Development Zone"),
    ("物流园", "Logistics Park"),
    ("科技城", "Science City"),
    ("自贸片区", "Free Trade Area"),
    ("高新区", "High-tech Zone"),
    ("经开区", "Economic Development Zone"),
];

const TRADE: [(&str, &str); 40] = [
    ("跨境电商", "cross-border e-commerce"),
    ("智能制造", "smart manufacturing"),
    ("新能源汽车", "new energy vehicles"),
    ("数字经济", "the digital economy"),
    ("服务贸易", "trade in services"),
    ("外商直接投资", "foreign direct investment"),
    ("电子信息产业", "the electronic information industry"),
    ("汽车产业", "the automotive industry"),
    ("供应链", "supply chains"),
    ("产业链", "industrial chains"),
    ("工业互联网", "the industrial internet"),
    ("数字贸易", "digital trade"),
    ("营商环境", "the business environment"),
    ("高质量发展", "high-quality development"),
    ("铁海联运", "rail-sea intermodal transport"),
    ("中欧班列", "the China-Europe Railway Express"),
    ("西部陆海新通道", "the New Western Land-Sea Corridor"),
    ("绿色发展", "green development"),
    ("先进制造业", "advanced manufacturing"),
    ("现代服务业", "modern services"),
    ("集成电路", "integrated circuits"),
    ("生物医药", "biomedicine"),
    ("人工智能", "artificial intelligence"),
    ("大数据", "big data"),
    ("云计算", "cloud computing"),
    ("冷链物流", "cold-chain logistics"),
    ("会展经济", "the exhibition economy"),
    ("金融服务", "financial services"),
    ("航空物流", "air logistics"),
    ("保税维修", "bonded repair"),
    ("融资租赁", "financial leasing"),
    ("离岸贸易", "offshore trade"),
    ("文化旅游", "cultural tourism"),
    ("智慧城市", "smart cities"),
    ("新材料", "new materials"),
    ("装备制造", "equipment manufacturing"),
    ("消费电子", "consumer electronics"),
    ("绿色能源", "green energy"),
    ("现代农业", "modern agriculture"),
    ("科技创新", "scientific and technological innovation"),
];

/// Clause templates: {T} a place name, {G} a trade term, {N} a number.
const CLAUSES: [(&str, &str); 10] = [
    (
        "{T}今年实现产值{N}亿元",
        "the {T} produced {N} billion yuan of output this year",
    ),
    ("{T}新引进项目{N}个", "the {T} brought in {N} new projects"),
    (
        "{T}进出口总额增长{N}%",
        "imports and exports of the {T} grew by {N}%",
    ),
    (
        "{T}的企业数量达到{N}家",
        "the number of companies in the {T} reached {N}",
    ),
    (
        "市领导调研了{T}的建设情况",
        "city leaders inspected the construction of the {T}",
    ),
    (
        "{T}将加快发展{G}",
        "the {T} will speed up the growth of {G}",
    ),
    ("{G}在{T}集聚发展", "{G} is clustering in the {T}"),
    ("{G}规模突破{N}亿元", "{G} passed {N} billion yuan"),
    (
        "全市{G}同比增长{N}%",
        "{G} in the city grew by {N}% year on year",
    ),
    (
        "{T}出台支持{G}的{N}条措施",
        "the {T} issued {N} measures to support {G}",
    ),
];

fn names(rng: &mut Rng) -> Vec<(String, String)> {
    let chars: Vec<char> = NAME_CHARS.chars().collect();
    let mut out = Vec::with_capacity(NAMES);
    let mut seen = std::collections::HashSet::new();
    while out.len() < NAMES {
        let (a, b) = (chars[rng.below(chars.len())], chars[rng.below(chars.len())]);
        let (kind_zh, kind_en) = KINDS[rng.below(KINDS.len())];
        let zh = format!("{a}{b}{kind_zh}");
        if a == b || !seen.insert(zh.clone()) {
            continue;
        }
        let reading = |c: char| pinyin_readings(c).into_iter().next().unwrap_or_default();
        let mut spelled = reading(a) + &reading(b);
        if let Some(first) = spelled.get(..1) {
            spelled = first.to_uppercase() + &spelled[1..];
        }
        out.push((zh, format!("{spelled} {kind_en}")));
    }
    out
}

fn units() -> Vec<TranslationUnit> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let names = names(&mut rng);
    let mut seen = std::collections::HashSet::new();
    std::iter::repeat_with(|| {
        let clauses = 1 + rng.below(3);
        let (mut zh, mut en) = (Vec::new(), Vec::new());
        for _ in 0..clauses {
            let (z, e) = CLAUSES[rng.below(CLAUSES.len())];
            let (tz, te) = &names[rng.zipf(NAMES)];
            let (gz, ge) = TRADE[rng.zipf(TRADE.len())];
            let n = (1 + rng.below(999)).to_string();
            let fill = |s: &str, t: &str, g: &str| {
                s.replace("{T}", t).replace("{G}", g).replace("{N}", &n)
            };
            zh.push(fill(z, tz, gz));
            en.push(fill(e, te, ge));
        }
        let zh = zh.join("，") + "。";
        let mut en = en.join(", and ") + ".";
        en = en[..1].to_uppercase() + &en[1..];
        (zh, en)
    })
    .filter(|pair| seen.insert(pair.clone()))
    .take(UNITS)
    .map(|(zh, en)| {
        TranslationUnit::new(
            Segment::new(LangTag::zh_simplified(), zh),
            Segment::new(LangTag::en(), en),
        )
    })
    .collect()
}

fn run(memory: &Memory) -> Vec<terms::Suggestion> {
    let pairs = BeadPair::from_memory(memory.units().expect("units"));
    terms::suggest(&pairs, None, &Options::default(), &mut NoProgress).expect("suggest")
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp");
    let mut memory = Memory::open(&dir.path().join("memory.sqlite")).expect("open");
    let t = Instant::now();
    let stored = memory
        .add(&units(), Origin::TmxImport, &mut NoProgress)
        .expect("add");
    println!(
        "memory: {} units stored in {:.2?}",
        stored.added,
        t.elapsed()
    );
    let t = Instant::now();
    let found = run(&memory);
    println!(
        "one run: {} suggestions from {} units in {:.2?}",
        found.len(),
        stored.added,
        t.elapsed()
    );
    for s in found.iter().take(5) {
        println!("  {:.3} {:>5} {} ↔ {}", s.score, s.freq, s.zh, s.en);
    }
    c.bench_function("terms from a 100,000-unit memory", |b| {
        b.iter(|| run(&memory))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(30));
    targets = bench
}
criterion_main!(benches);
