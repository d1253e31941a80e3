//! The sixteen OpenCC 1.4 conversions ([`Config`]) and what each is made of.
//!
//! Each configuration is OpenCC's JSON file (kept for reference in `assets/opencc/config/`) written
//! out as data: an optional max-match segmentation dictionary and a chain of conversion steps, every
//! dictionary set being a `short_circuit` group of ranks, each rank a `union` of dictionaries. A unit
//! test checks this table against the JSON files. Normalization (CJK compatibility ideographs to their
//! unified forms) comes first in all sixteen.

use super::dict::DictId::{self, *};

/// An OpenCC 1.4 conversion configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Config {
    /// Simplified → Traditional (OpenCC standard).
    S2t,
    /// Traditional (OpenCC standard) → Simplified.
    T2s,
    /// Simplified → Traditional (Taiwan).
    S2tw,
    /// Traditional (Taiwan) → Simplified.
    Tw2s,
    /// Simplified → Traditional (Taiwan), with Taiwan phrases.
    S2twp,
    /// Traditional (Taiwan) → Simplified, with mainland phrases.
    Tw2sp,
    /// Simplified → Traditional (Hong Kong).
    S2hk,
    /// Traditional (Hong Kong) → Simplified.
    Hk2s,
    /// Simplified → Traditional (Hong Kong), with Hong Kong phrases.
    S2hkp,
    /// Traditional (Hong Kong) → Simplified, with mainland phrases.
    Hk2sp,
    /// Traditional (OpenCC standard) → Traditional (Taiwan).
    T2tw,
    /// Traditional (Taiwan) → Traditional (OpenCC standard).
    Tw2t,
    /// Traditional (OpenCC standard) → Traditional (Hong Kong).
    T2hk,
    /// Traditional (Hong Kong) → Traditional (OpenCC standard).
    Hk2t,
    /// Traditional (Kyūjitai) → Japanese Shinjitai.
    T2jp,
    /// Japanese Shinjitai → Traditional (Kyūjitai).
    Jp2t,
}

/// A set of dictionaries used as one step: ranks in `short_circuit` order, each rank a `union`.
pub(crate) type Groups = &'static [&'static [DictId]];

/// One conversion step (or the segmentation dictionary) of a configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub(crate) enum Stage {
    Normalize,
    SegmentSt,
    SegmentTs,
    St,
    Ts,
    /// [`Stage::Ts`] without the tofu-risk dictionary (`TSCharactersExt`).
    TsNoTofu,
    Tw,
    TwPhrases,
    TwRev,
    TwPhrasesRev,
    Hk,
    HkPhrases,
    HkRev,
    HkPhrasesRev,
    Jp,
    JpRev,
}

impl Stage {
    pub(crate) const COUNT: usize = 16;

    /// The dictionaries of this step.
    pub(crate) fn groups(self) -> Groups {
        match self {
            Stage::Normalize => &[&[CjkCompatibilityIdeographs]],
            Stage::SegmentSt => &[&[StPhrases, StPhrasesGeneratedFromRegionalPhrases]],
            Stage::SegmentTs => &[&[TsPhrases]],
            Stage::St => &[
                &[StPhrases, StPhrasesGeneratedFromRegionalPhrases],
                &[StCharacters],
            ],
            Stage::Ts => &[&[TsPhrases], &[TsCharactersExt], &[TsCharacters]],
            Stage::TsNoTofu => &[&[TsPhrases], &[TsCharacters]],
            Stage::Tw => &[&[TwVariantsPhrases], &[TwVariants]],
            Stage::TwPhrases => &[&[TwPhrases], &[TwVariantsPhrases], &[TwVariants]],
            Stage::TwRev => &[&[TwVariantsRevPhrases], &[TwVariantsRev]],
            Stage::TwPhrasesRev => &[&[TwPhrasesRev], &[TwVariantsRevPhrases], &[TwVariantsRev]],
            Stage::Hk => &[&[HkVariantsPhrases], &[HkVariants]],
            Stage::HkPhrases => &[&[HkPhrases], &[HkVariantsPhrases], &[HkVariants]],
            Stage::HkRev => &[&[HkVariantsRevPhrases], &[HkVariantsRev]],
            Stage::HkPhrasesRev => &[&[HkPhrasesRev], &[HkVariantsRevPhrases], &[HkVariantsRev]],
            Stage::Jp => &[&[JpShinjitaiPhrases], &[JpShinjitaiCharacters]],
            Stage::JpRev => &[&[JpShinjitaiCharactersRev]],
        }
    }
}

/// What a configuration is made of.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recipe {
    pub segmentation: Option<Stage>,
    pub chain: &'static [Stage],
}

impl Config {
    /// All sixteen configurations, in the order users are shown them.
    pub const ALL: [Config; 16] = [
        Config::S2t,
        Config::T2s,
        Config::S2tw,
        Config::Tw2s,
        Config::S2twp,
        Config::Tw2sp,
        Config::S2hk,
        Config::Hk2s,
        Config::S2hkp,
        Config::Hk2sp,
        Config::T2tw,
        Config::Tw2t,
        Config::T2hk,
        Config::Hk2t,
        Config::T2jp,
        Config::Jp2t,
    ];

    /// OpenCC's name for it (`"s2twp"`), as used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Config::S2t => "s2t",
            Config::T2s => "t2s",
            Config::S2tw => "s2tw",
            Config::Tw2s => "tw2s",
            Config::S2twp => "s2twp",
            Config::Tw2sp => "tw2sp",
            Config::S2hk => "s2hk",
            Config::Hk2s => "hk2s",
            Config::S2hkp => "s2hkp",
            Config::Hk2sp => "hk2sp",
            Config::T2tw => "t2tw",
            Config::Tw2t => "tw2t",
            Config::T2hk => "t2hk",
            Config::Hk2t => "hk2t",
            Config::T2jp => "t2jp",
            Config::Jp2t => "jp2t",
        }
    }

    /// Looks a configuration up by OpenCC's name; case-insensitive, `.json` allowed (`S2TWP.json`).
    pub fn from_name(name: &str) -> Option<Config> {
        let name = name.trim();
        let name = name
            .strip_suffix(".json")
            .or_else(|| name.strip_suffix(".JSON"))
            .unwrap_or(name);
        Config::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }

    /// A name users understand, for menus.
    pub fn label(self) -> &'static str {
        match self {
            Config::S2t => "Simplified → Traditional (OpenCC standard)",
            Config::T2s => "Traditional → Simplified",
            Config::S2tw => "Simplified → Traditional (Taiwan)",
            Config::Tw2s => "Traditional (Taiwan) → Simplified",
            Config::S2twp => "Simplified → Traditional (Taiwan, with Taiwan phrases)",
            Config::Tw2sp => "Traditional (Taiwan) → Simplified (with mainland phrases)",
            Config::S2hk => "Simplified → Traditional (Hong Kong)",
            Config::Hk2s => "Traditional (Hong Kong) → Simplified",
            Config::S2hkp => "Simplified → Traditional (Hong Kong, with Hong Kong phrases)",
            Config::Hk2sp => "Traditional (Hong Kong) → Simplified (with mainland phrases)",
            Config::T2tw => "Traditional (OpenCC standard) → Traditional (Taiwan)",
            Config::Tw2t => "Traditional (Taiwan) → Traditional (OpenCC standard)",
            Config::T2hk => "Traditional (OpenCC standard) → Traditional (Hong Kong)",
            Config::Hk2t => "Traditional (Hong Kong) → Traditional (OpenCC standard)",
            Config::T2jp => "Traditional (Kyūjitai) → Japanese (Shinjitai)",
            Config::Jp2t => "Japanese (Shinjitai) → Traditional (Kyūjitai)",
        }
    }

    /// Whether the input is Simplified Chinese (so that user overrides given as
    /// (Simplified, Traditional) pairs apply as they are, not reversed).
    pub fn from_simplified(self) -> bool {
        matches!(
            self,
            Config::S2t | Config::S2tw | Config::S2twp | Config::S2hk | Config::S2hkp
        )
    }

    /// Whether the output is Simplified Chinese.
    pub fn to_simplified(self) -> bool {
        matches!(
            self,
            Config::T2s | Config::Tw2s | Config::Tw2sp | Config::Hk2s | Config::Hk2sp
        )
    }

    /// Whether any of its dictionaries is marked `may_output_tofu` (t2s and the other conversions to
    /// Simplified, through `TSCharactersExt`).
    pub fn has_tofu_risk(self) -> bool {
        self.recipe(true).chain.contains(&Stage::Ts)
    }

    /// The segmentation dictionary and conversion chain; `tofu` keeps `may_output_tofu` dictionaries
    /// (OpenCC's default, `include_tofu_risk_dictionaries=True`).
    pub(crate) fn recipe(self, tofu: bool) -> Recipe {
        use Stage::*;
        let ts = if tofu { Ts } else { TsNoTofu };
        let (segmentation, chain): (Option<Stage>, &'static [Stage]) = match (self, ts) {
            (Config::S2t, _) => (None, &[St]),
            (Config::T2s, Ts) => (None, &[Ts]),
            (Config::T2s, _) => (None, &[TsNoTofu]),
            (Config::S2tw, _) => (Some(SegmentSt), &[St, Tw]),
            (Config::Tw2s, Ts) => (Some(SegmentTs), &[TwRev, Ts]),
            (Config::Tw2s, _) => (Some(SegmentTs), &[TwRev, TsNoTofu]),
            (Config::S2twp, _) => (Some(SegmentSt), &[St, TwPhrases]),
            (Config::Tw2sp, Ts) => (Some(SegmentTs), &[TwPhrasesRev, Ts]),
            (Config::Tw2sp, _) => (Some(SegmentTs), &[TwPhrasesRev, TsNoTofu]),
            (Config::S2hk, _) => (Some(SegmentSt), &[St, Hk]),
            (Config::Hk2s, Ts) => (Some(SegmentTs), &[HkRev, Ts]),
            (Config::Hk2s, _) => (Some(SegmentTs), &[HkRev, TsNoTofu]),
            (Config::S2hkp, _) => (Some(SegmentSt), &[St, HkPhrases]),
            (Config::Hk2sp, Ts) => (Some(SegmentTs), &[HkPhrasesRev, Ts]),
            (Config::Hk2sp, _) => (Some(SegmentTs), &[HkPhrasesRev, TsNoTofu]),
            (Config::T2tw, _) => (None, &[Tw]),
            (Config::Tw2t, _) => (None, &[TwRev]),
            (Config::T2hk, _) => (None, &[Hk]),
            (Config::Hk2t, _) => (None, &[HkRev]),
            (Config::T2jp, _) => (None, &[JpRev]),
            (Config::Jp2t, _) => (None, &[Jp]),
        };
        Recipe {
            segmentation,
            chain,
        }
    }
}

impl std::fmt::Display for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Config {
    type Err = crate::Error;

    /// Parses OpenCC's name; the error lists the valid names.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Config::from_name(s).ok_or_else(|| {
            let names: Vec<&str> = Config::ALL.iter().map(|c| c.name()).collect();
            crate::Error::Invalid(format!(
                "unknown conversion '{s}'; valid ones: {}",
                names.join(", ")
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Turns an OpenCC dict node into our (ranks of unions) form, keeping or dropping tofu-risk ones.
    fn groups_of(node: &Value, tofu: bool) -> Vec<Vec<String>> {
        let leaf = |n: &Value| -> Option<String> {
            assert_eq!(n["type"], "ocd2");
            if !tofu && n["may_output_tofu"] == true {
                return None;
            }
            Some(
                n["file"]
                    .as_str()
                    .unwrap()
                    .trim_end_matches(".ocd2")
                    .to_owned(),
            )
        };
        if node["type"] != "group" {
            return leaf(node).map(|l| vec![vec![l]]).unwrap_or_default();
        }
        let policy = node["match_policy"].as_str().unwrap_or("short_circuit");
        let children = node["dicts"].as_array().unwrap();
        if policy == "union" {
            return vec![children.iter().filter_map(leaf).collect()];
        }
        assert_eq!(policy, "short_circuit");
        children
            .iter()
            .flat_map(|c| {
                if c["type"] == "group" {
                    assert_eq!(c["match_policy"], "union", "only unions nest");
                    vec![
                        c["dicts"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .filter_map(leaf)
                            .collect(),
                    ]
                } else {
                    leaf(c).map(|l| vec![vec![l]]).unwrap_or_default()
                }
            })
            .collect()
    }

    fn ours(stage: Stage) -> Vec<Vec<String>> {
        stage
            .groups()
            .iter()
            .map(|g| g.iter().map(|d| d.get().name.to_string()).collect())
            .collect()
    }

    #[test]
    fn recipes_match_opencc_json() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/opencc/config");
        for config in Config::ALL {
            let text =
                std::fs::read_to_string(dir.join(format!("{}.json", config.name()))).unwrap();
            let json: Value = serde_json::from_str(&text).unwrap();
            for tofu in [true, false] {
                let recipe = config.recipe(tofu);
                let norm = json["normalization"].as_array().unwrap();
                assert_eq!(norm.len(), 1);
                assert_eq!(groups_of(&norm[0]["dict"], tofu), ours(Stage::Normalize));
                match (&json.get("segmentation"), recipe.segmentation) {
                    (Some(seg), Some(stage)) => {
                        assert_eq!(seg["type"], "mmseg");
                        assert_eq!(groups_of(&seg["dict"], true), ours(stage), "{config}");
                    }
                    (None, None) => {}
                    other => panic!("{config}: segmentation differs: {other:?}"),
                }
                let chain = json["conversion_chain"].as_array().unwrap();
                assert_eq!(chain.len(), recipe.chain.len(), "{config}");
                for (step, stage) in chain.iter().zip(recipe.chain) {
                    assert_eq!(
                        groups_of(&step["dict"], tofu),
                        ours(*stage),
                        "{config} {tofu}"
                    );
                }
            }
        }
    }

    #[test]
    fn names_and_labels() {
        for c in Config::ALL {
            assert_eq!(Config::from_name(c.name()), Some(c));
            assert_eq!(c.name().parse::<Config>().unwrap(), c);
            assert!(!c.label().is_empty());
        }
        assert_eq!(Config::from_name(" S2TWP.json"), Some(Config::S2twp));
        assert_eq!(Config::from_name("s2x"), None);
        let err = "s2x".parse::<Config>().unwrap_err().to_string();
        assert!(
            err.contains("s2x") && err.contains("s2twp") && err.contains("jp2t"),
            "{err}"
        );
        assert!(Config::T2s.has_tofu_risk() && Config::Hk2sp.has_tofu_risk());
        assert!(!Config::S2t.has_tofu_risk() && !Config::T2jp.has_tofu_risk());
        let mut stages: Vec<Stage> = Vec::new();
        for c in Config::ALL {
            for tofu in [true, false] {
                let r = c.recipe(tofu);
                stages.extend(r.segmentation);
                stages.extend(r.chain);
            }
        }
        stages.push(Stage::Normalize);
        stages.sort_by_key(|s| *s as u8);
        stages.dedup();
        assert_eq!(stages.len(), Stage::COUNT);
    }
}
