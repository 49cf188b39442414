//! Fuzz target `text_cells`: see fuzz/logic/text_cells.rs (the same code replays the corpora in `cargo test`).
#![no_main]

#[path = "../logic/mod.rs"]
mod logic;

libfuzzer_sys::fuzz_target!(|data: &[u8]| logic::text_cells::run(data));
