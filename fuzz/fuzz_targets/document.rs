//! Fuzz target `document`: see `duizhao::fuzzing::document` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    duizhao::fuzzing::run("document", data);
});
