//! Replays every fuzz target's seed corpus (`fuzz/corpus/TARGET`) through the same bodies libFuzzer runs
//! (`duizhao::fuzzing`), and every crash found and fixed (`fuzz/regressions/TARGET`), so that `cargo test`
//! catches a reader that panics on any of them without a fuzzer.

use std::path::Path;

#[test]
fn every_fuzz_target_survives_its_corpus_and_past_crashes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for target in duizhao::fuzzing::TARGETS {
        let mut files = 0;
        for folder in ["corpus", "regressions"] {
            let dir = root.join(folder).join(target);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let data = std::fs::read(entry.path()).unwrap();
                assert!(
                    duizhao::fuzzing::run(target, &data),
                    "{target} is not a target"
                );
                files += 1;
            }
        }
        assert!(files > 0, "{target} has no seed corpus");
    }
}
