//! Fuzz target `segment`: see `duizhao::fuzzing::segment` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    duizhao::fuzzing::run("segment", data);
});
