//! Fuzz target `clean`: see `duizhao::fuzzing::clean` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    duizhao::fuzzing::run("clean", data);
});
