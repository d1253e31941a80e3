//! Fuzz target `table`: see `duizhao::fuzzing::table` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    duizhao::fuzzing::run("table", data);
});
