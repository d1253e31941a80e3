//! What `--version` says: the program's version and the versions of the data bundled with it (conversion
//! dictionaries, bilingual lexicon, font, word lists), which decide its results as much as the code does.
//!
//! Main item: [`LONG_VERSION`].

/// The version line and one line per bundled data set.
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\nbundled data:",
    "\n  OpenCC 1.4.2 dictionaries and configurations (Apache-2.0)",
    "\n  CC-CEDICT release 2023-11-07, 122,143 entries (CC BY-SA 4.0)",
    "\n  Noto Sans CJK SC Regular 2.004 (fonts-noto-cjk 20220127), GB2312 + Big5-HKSCS subset (OFL-1.1)",
    "\n  SCOWL wamerican 2020.12.07, size 50, and Duizhao's trade word list",
    "\n  Duizhao starter trade glossary, 391 entries"
);

#[cfg(test)]
mod tests {
    /// The figures in the version text are the ones in the assets' own notes.
    #[test]
    fn data_versions_match_the_assets() {
        let notes = [
            (include_str!("../assets/opencc/README.md"), "OpenCC 1.4.2"),
            (
                include_str!("../assets/cedict/README.md"),
                "2023-11-07 (122,143 entries)",
            ),
            (include_str!("../assets/fonts/README.md"), "1:20220127"),
            (include_str!("../assets/clean/README.md"), "2020.12.07"),
        ];
        for (note, fact) in notes {
            assert!(note.contains(fact), "{fact}");
        }
        let starter = include_str!("../glossary/trade.tsv").lines().count() - 1;
        assert!(super::LONG_VERSION.contains(&format!("glossary, {starter} entries")));
    }
}
