//! Fuzz target `beads`: see `duizhao::fuzzing::beads` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    duizhao::fuzzing::run("beads", data);
});
