//! Fuzz target `pack`: see fuzz/logic/pack.rs (the same code replays the corpora in `cargo test`).
#![no_main]

#[path = "../logic/mod.rs"]
mod logic;

libfuzzer_sys::fuzz_target!(|data: &[u8]| logic::pack::run(data));
