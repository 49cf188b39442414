//! The hostile corpus of tests/hostile/ (written by `cargo run --example hostile_corpus`):
//! every run gives the exit status and the words tests/hostile/expected.json says, under a
//! memory limit, and no error holds a run of 15 or more digits (an ID number).

use serde_json::Value;
use std::path::{Path, PathBuf};

const BIN: &str = env!("CARGO_BIN_EXE_huanjie");
const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");

/// The address space a run may use, in KiB (the runs need well under 100 MB; the rest is the
/// threads' reservations).
const MEMORY_KIB: u64 = 4 << 20;

/// The longest run of ASCII digits in `text`.
fn longest_digit_run(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

fn run(dir: &Path, run: &Value) {
    let name = run["name"].as_str().unwrap();
    let args: Vec<String> = run["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let a = a.as_str().unwrap();
            let file = dir.join(a);
            if !a.starts_with('/') && !a.starts_with('-') && file.exists() {
                file.display().to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(BIN)
        .args(&args)
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(
        out.status.code(),
        run["exit"].as_i64().map(|c| c as i32),
        "{name}: {stderr}"
    );
    for (want, got) in [("stdout", &stdout), ("stderr", &stderr)] {
        for w in run[want].as_array().into_iter().flatten() {
            let w = w.as_str().unwrap();
            assert!(got.contains(w), "{name}: {want} lacks {w:?}:\n{got}");
        }
    }
    if let Some(max) = run["stdout_max_bytes"].as_u64() {
        assert!(
            (out.stdout.len() as u64) <= max,
            "{name}: {} bytes of output, more than {max}: findings about a group must stay linear",
            out.stdout.len()
        );
    }
    assert!(
        longest_digit_run(&stderr) < 15,
        "{name}: the error holds a digit run: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
}

/// The corpus as committed and as the generator writes it now: both give the expected runs.
#[test]
fn the_hostile_corpus_gives_what_is_expected() {
    let fresh = std::env::temp_dir().join(format!("huanjie-hostile-{}", std::process::id()));
    let made = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "--example", "hostile_corpus", "--"])
        .arg(&fresh)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status();
    let mut dirs = vec![PathBuf::from(HOSTILE)];
    if made.is_ok_and(|s| s.success()) {
        dirs.push(fresh.clone());
    }
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{HOSTILE}/expected.json")).unwrap())
            .unwrap();
    for dir in &dirs {
        for r in expected["runs"].as_array().unwrap() {
            run(dir, r);
        }
    }
    let _ = std::fs::remove_dir_all(fresh);
}

#[test]
fn digit_runs_are_measured() {
    assert_eq!(longest_digit_run("line 12, 640121198006210248"), 18);
    assert_eq!(longest_digit_run("no digits"), 0);
}
