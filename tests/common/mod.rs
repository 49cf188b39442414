//! What the data-driven case runners share.

#![allow(dead_code)]

use serde_json::Value;

/// The messages a case's findings carry (`expect.messages`: the sorted `[rule, message_zh,
/// message_en, reference]` of every finding), compared exactly; and the rules the case sits
/// just outside of (`outside`), none of which may be found.
pub fn messages_and_outside(name: &str, case: &Value, findings: &[&Value]) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(want) = case["expect"].get("messages") {
        let mut got: Vec<Value> = findings
            .iter()
            .map(|f| {
                serde_json::json!([f["rule"], f["message_zh"], f["message_en"], f["reference"]])
            })
            .collect();
        got.sort_by_key(|v| v.to_string());
        let mut want = want.as_array().cloned().unwrap_or_default();
        want.sort_by_key(|v| v.to_string());
        for (g, w) in got.iter().zip(&want) {
            if g != w {
                out.push(format!("{name}: message {g} != {w}"));
            }
        }
        if got.len() != want.len() {
            out.push(format!(
                "{name}: {} messages, expected {}",
                got.len(),
                want.len()
            ));
        }
    }
    for code in case["outside"].as_array().into_iter().flatten() {
        if findings.iter().any(|f| &f["rule"] == code) {
            out.push(format!("{name}: {code} found, but the case is outside it"));
        }
    }
    out
}
