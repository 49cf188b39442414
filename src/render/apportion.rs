//! An apportionment as the clerk reads it.

use crate::apportion::Apportionment;

/// A line per group: its weight, exact quota, seats and whether a tie decided them.
pub fn apportion_text(result: &Apportionment) -> String {
    let mut out = format!(
        "huanjie apportion · {} · {} seats\n",
        result.method, result.seats
    );
    for s in &result.shares {
        out.push_str(&format!(
            "{}\t权重 weight {}\t份额 quota {:.4}\t名额 seats {}{}\n",
            s.group,
            s.weight,
            s.quota_f64(),
            s.seats,
            if s.tie {
                "\t平局 tie (broken by larger weight, then order)"
            } else {
                ""
            }
        ));
    }
    out
}
