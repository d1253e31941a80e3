//! Fuzz target `convert`: see `duizhao::fuzzing::convert` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    duizhao::fuzzing::run("convert", data);
});
