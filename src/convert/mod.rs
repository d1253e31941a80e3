//! Simplified ⇄ Traditional conversion with OpenCC 1.4's exact semantics, in pure Rust, and script
//! detection.
//!
//! - [`Config`]: the sixteen OpenCC configurations (`s2t`, `s2twp`, `t2s`, ...), with names for users.
//! - [`Converter`]: converts text (`convert`, `convert_into`, `convert_with_spans`); cheap to create and
//!   clone, `Send + Sync`; the dictionaries are embedded and loaded once per process.
//! - [`Overrides`]: the user's phrases, which win over OpenCC's.
//! - [`script`]: is a text Simplified, Traditional or mixed, and which characters betray a bad
//!   conversion.
//! - [`files`]: converting files and folders (atomic writes, progress, cancel); [`stream`]: the
//!   streaming converter under it (flat memory on any input).
//!
//! The dictionaries are OpenCC 1.4.2's (Apache-2.0), see `assets/opencc/README.md`.

mod charset;
mod config;
mod dict;
mod engine;
pub mod files;
mod ids;
mod overrides;
pub mod script;
mod spans;
pub mod stream;
mod trie;
mod utf8;

use std::sync::Arc;

pub use config::Config;
pub use overrides::Overrides;
pub use spans::ChangedSpan;

use dict::LeafDict;
use engine::{Cuts, NoCuts, Pipeline};
use trie::{Trie, char_len};

/// Converts text with one OpenCC configuration, optionally with user overrides.
///
/// ```
/// use duizhao::convert::{Config, Converter};
/// let c = Converter::new(Config::S2twp);
/// assert_eq!(c.convert("软件和信息"), "軟體和資訊");
/// ```
#[derive(Clone)]
pub struct Converter {
    config: Config,
    tofu: bool,
    pipeline: Arc<Pipeline>,
    overrides: Option<Arc<Trie>>,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter")
            .field("config", &self.config)
            .field("tofu_risk_dictionaries", &self.tofu)
            .field("overrides", &self.overrides.is_some())
            .finish()
    }
}

impl Converter {
    /// A converter for `config`, with OpenCC's defaults (tofu-risk dictionaries included, as in
    /// OpenCC's command line and Python package). The first converter of a configuration builds its
    /// tables (a few milliseconds); later ones share them.
    pub fn new(config: Config) -> Converter {
        Converter {
            config,
            tofu: true,
            pipeline: Pipeline::get(config, true),
            overrides: None,
        }
    }

    /// The same converter with `overrides` layered over OpenCC (replacing any given before).
    pub fn with_overrides(mut self, overrides: Overrides) -> Converter {
        if overrides.is_empty() {
            self.overrides = None;
            return self;
        }
        // Override keys go through the same normalization as the text, so they meet it as it is.
        let normalized: Vec<(String, &str)> = overrides
            .pairs()
            .map(|(from, to)| {
                let mut key = String::new();
                self.pipeline.normalize_into(from, &mut key, &mut NoCuts);
                (key, to)
            })
            .collect();
        let dict = LeafDict::from_pairs(
            "overrides",
            normalized.iter().map(|(k, v)| (k.as_str(), *v)),
        );
        self.overrides = Some(Arc::new(Trie::merge(&[&[&dict]])));
        self
    }

    /// The same converter with or without the dictionaries OpenCC marks `may_output_tofu`
    /// (`TSCharactersExt`: rare characters whose Simplified forms many fonts cannot display).
    /// OpenCC includes them by default; `false` leaves those characters unconverted.
    pub fn with_tofu_risk_dictionaries(mut self, include: bool) -> Converter {
        self.tofu = include;
        self.pipeline = Pipeline::get(self.config, include);
        self
    }

    /// The configuration.
    pub fn config(&self) -> Config {
        self.config
    }

    /// Converts `text`.
    pub fn convert(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        self.convert_into(text, &mut out);
        out
    }

    /// Converts `text`, appending the result to `out` (reuse `out` to avoid allocating per call).
    pub fn convert_into(&self, text: &str, out: &mut String) {
        self.run(text, out, None);
    }

    /// Converts `text` and reports which spans changed, for side-by-side highlighting. Offsets are
    /// bytes into `text` and into the returned string.
    pub fn convert_with_spans(&self, text: &str) -> (String, Vec<ChangedSpan>) {
        let mut out = String::with_capacity(text.len() + text.len() / 8);
        let mut cuts = Vec::new();
        self.run(text, &mut out, Some(&mut cuts));
        // Spans compare the source itself with the output, so a normalization change shows even
        // where the conversion proper changed nothing.
        let spans = spans::changed_spans(text, &out, &cuts);
        (out, spans)
    }

    /// Ideographic description sequences stay as they are; the text between them is converted.
    fn run(&self, text: &str, out: &mut String, mut cuts: Option<&mut Vec<(usize, usize)>>) {
        let mut gap = 0;
        for ids in ids::spans(text) {
            self.run_gap(&text[gap..ids.start], gap, out, cuts.as_deref_mut());
            if let Some(c) = cuts.as_deref_mut() {
                c.push((ids.start, out.len()));
            }
            out.push_str(&text[ids.clone()]);
            if let Some(c) = cuts.as_deref_mut() {
                c.push((ids.end, out.len()));
            }
            gap = ids.end;
        }
        self.run_gap(&text[gap..], gap, out, cuts);
    }

    /// Normalizes and converts a stretch without IDSs that starts at byte `base` of the text.
    fn run_gap(
        &self,
        text: &str,
        base: usize,
        out: &mut String,
        cuts: Option<&mut Vec<(usize, usize)>>,
    ) {
        if text.is_empty() {
            return;
        }
        match cuts {
            None => {
                let text = self.pipeline.normalized(text, &mut NoCuts);
                self.convert_normalized(&text, out, &mut NoCuts);
            }
            Some(all) => {
                let mut norm_cuts: Vec<(usize, usize)> = Vec::new();
                let text = self.pipeline.normalized(text, &mut norm_cuts);
                let mut local: Vec<(usize, usize)> = Vec::new();
                self.convert_normalized(&text, out, &mut local);
                all.extend(
                    local
                        .into_iter()
                        .map(|(s, d)| (base + spans::map_back(&norm_cuts, s), d)),
                );
            }
        }
    }

    fn convert_normalized<C: Cuts>(&self, text: &str, out: &mut String, cuts: &mut C) {
        let Some(overrides) = &self.overrides else {
            self.pipeline.convert_into(text, 0, out, cuts);
            return;
        };
        let bytes = text.as_bytes();
        let (mut i, mut gap) = (0, 0);
        while i < bytes.len() {
            match overrides.longest(bytes, i) {
                Some(m) => {
                    if gap < i {
                        self.pipeline.convert_into(&text[gap..i], gap, out, cuts);
                    }
                    cuts.cut(i, out.len());
                    if m.is_identity() {
                        out.push_str(&text[i..m.end]);
                    } else {
                        overrides.push_target(m, out);
                    }
                    cuts.cut(m.end, out.len());
                    i = m.end;
                    gap = i;
                }
                None => i += char_len(bytes[i]),
            }
        }
        if gap < bytes.len() {
            self.pipeline.convert_into(&text[gap..], gap, out, cuts);
        }
    }
}

/// Builds `config`'s tables from the embedded data as a first use in a fresh process would (without
/// the shared caches) and returns how long that took. For the load-time benchmark.
#[doc(hidden)]
pub fn load_uncached(config: Config) -> std::time::Duration {
    let start = std::time::Instant::now();
    let recipe = config.recipe(true);
    let stages: Vec<config::Stage> = recipe
        .segmentation
        .into_iter()
        .chain(recipe.chain.iter().copied())
        .chain([config::Stage::Normalize])
        .collect();
    let mut leaves: Vec<Option<LeafDict>> = dict::DictId::ALL.iter().map(|_| None).collect();
    for stage in &stages {
        for &id in stage.groups().iter().flat_map(|g| g.iter()) {
            leaves[id as usize].get_or_insert_with(|| dict::decode(id));
        }
    }
    let leaf = |id: dict::DictId| leaves[id as usize].as_ref().expect("decoded above");
    let mut built: Vec<(config::Stage, Arc<Trie>)> = Vec::new();
    let pipeline = Pipeline::build(config, true, &mut |s| {
        if let Some((_, t)) = built.iter().find(|(b, _)| *b == s) {
            return t.clone();
        }
        let t = Arc::new(engine::build_stage(s, &leaf));
        built.push((s, t.clone()));
        t
    });
    let elapsed = start.elapsed();
    drop(pipeline);
    elapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converters_are_cheap_to_share() {
        fn send_sync<T: Send + Sync + Clone>() {}
        send_sync::<Converter>();
        let c = Converter::new(Config::S2t);
        let worker = {
            let c = c.clone();
            std::thread::spawn(move || c.convert("后来"))
        };
        assert_eq!(worker.join().unwrap(), c.convert("后来"));
    }

    #[test]
    fn converts_like_opencc() {
        // Expected outputs measured with OpenCC 1.4.2 (Python package).
        let cases = [
            (Config::S2twp, "软件和信息", "軟體和資訊"),
            (Config::S2t, "", ""),
            (Config::S2t, "\u{F900}后\u{2FF0}車爾", "豈後\u{2FF0}車爾"),
            (Config::T2s, "遱後來", "𫐷后来"),
            (Config::Tw2sp, "軟體和資訊", "软件和信息"),
        ];
        for (config, input, want) in cases {
            assert_eq!(
                Converter::new(config).convert(input),
                want,
                "{config} {input}"
            );
        }
        let mut out = String::from("前:");
        Converter::new(Config::S2t).convert_into("后", &mut out);
        assert_eq!(out, "前:後");
    }

    #[test]
    fn tofu_risk_dictionaries_can_be_left_out() {
        // OpenCC 1.4.2 with include_tofu_risk_dictionaries=False gives 遱后来 for both.
        for config in [Config::T2s, Config::Tw2sp] {
            let c = Converter::new(config).with_tofu_risk_dictionaries(false);
            assert_eq!(c.convert("遱後來"), "遱后来", "{config}");
        }
    }

    #[test]
    fn spans_point_at_what_changed() {
        type Case<'a> = (Config, &'a str, &'a [(&'a str, &'a str)]);
        let cases: &[Case] = &[
            (
                Config::S2twp,
                "使用软件和U盘",
                &[("软件", "軟體"), ("U盘", "隨身碟")],
            ),
            (Config::S2t, "了解情况", &[("了", "瞭"), ("况", "況")]),
            // A compatibility ideograph is normalized (豈) and then converted (岂); offsets still
            // point into the source.
            (
                Config::T2s,
                "a\u{F900}b後",
                &[("\u{F900}", "岂"), ("後", "后")],
            ),
            (Config::S2t, "中文", &[]),
        ];
        for (config, text, want) in cases {
            let (out, spans) = Converter::new(*config).convert_with_spans(text);
            assert_eq!(out, Converter::new(*config).convert(text));
            let got: Vec<(&str, &str)> = spans
                .iter()
                .map(|s| (&text[s.src.clone()], &out[s.dst.clone()]))
                .collect();
            assert_eq!(got, *want, "{config} {text}");
        }
    }

    #[test]
    fn overrides_win_and_can_be_removed() {
        let base = Converter::new(Config::S2t);
        let c = base.clone().with_overrides(Overrides::from_pairs([
            ("后台", "後台"),
            ("渝洽会", "渝洽會"),
        ]));
        assert_eq!(base.convert("后台"), "後臺");
        assert_eq!(c.convert("登录后台看渝洽会"), "登錄後台看渝洽會");
        assert_eq!(c.with_overrides(Overrides::new()).convert("后台"), "後臺");
    }

    #[test]
    fn load_is_measurable() {
        assert!(load_uncached(Config::T2s) > std::time::Duration::ZERO);
    }
}
