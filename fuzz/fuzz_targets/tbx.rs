//! Fuzz target `tbx`: see `duizhao::fuzzing::tbx` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    duizhao::fuzzing::run("tbx", data);
});
