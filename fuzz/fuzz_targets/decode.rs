//! Fuzz target `decode`: see `duizhao::fuzzing::decode` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    duizhao::fuzzing::run("decode", data);
});
