//! Fuzz target `tmx`: see `duizhao::fuzzing::tmx` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    duizhao::fuzzing::run("tmx", data);
});
