//! The rule catalogue for people and programs (`huanjie rules`, `hj.rules`, `docs/rules.md`):
//! every rule of a pack with its titles, severity, legal reference, dates, what it checks, what
//! the reviewer should do, its cases and the pack values it reads (with their dated values).

use crate::pack::{ParamValue, RulePack};
use crate::rules::{Rule, Severity};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// The rules of `pack` to show: all; the rule whose code is `code` (case-insensitive); or,
/// when none is, those whose code starts with it followed by `-` (`NEG` → every NEG item).
pub fn select<'p>(pack: &'p RulePack, code: Option<&str>) -> Vec<Rule<'p>> {
    let all = pack.catalogue();
    let Some(c) = code else {
        return all;
    };
    let c = c.trim().to_ascii_uppercase();
    if all.iter().any(|r| r.code == c) {
        return all.into_iter().filter(|r| r.code == c).collect();
    }
    let family = format!("{c}-");
    all.into_iter()
        .filter(|r| r.code.starts_with(&family))
        .collect()
}

fn severity_json(s: Severity) -> Value {
    json!(s.as_str())
}

/// The dated values of parameter `name` (`relation_set:<name>` for a relation set).
fn parameter_json(pack: &RulePack, name: &str) -> Value {
    if let Some(set) = name.strip_prefix("relation_set:") {
        let s = pack.relation_sets.iter().find(|s| s.name == set);
        return json!({
            "name": name,
            "relation_set": s.map(|s| json!({
                "name": s.name, "title_zh": s.title_zh, "title_en": s.title_en,
                "spouse": s.spouse, "lineal_steps": s.lineal_steps,
                "collateral_steps": s.collateral_steps, "near_affinal": s.near_affinal,
                "reference": s.reference, "from": s.from, "until": s.until,
            })),
        });
    }
    let values: Vec<Value> = pack
        .parameters
        .get(name)
        .map(|series| {
            series
                .values
                .iter()
                .map(|v| {
                    json!({
                        "from": v.from, "until": v.until, "value": param_value(&v.value),
                        "reference": v.reference,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({ "name": name, "values": values })
}

fn param_value(v: &ParamValue) -> Value {
    match v {
        ParamValue::Bool(b) => json!(b),
        ParamValue::Int(i) => json!(i),
        ParamValue::Text(t) => json!(t),
    }
}

/// One rule as JSON (the `rules` document's entries); `as_of` adds `in_force`.
pub fn rule_json(pack: &RulePack, rule: &Rule<'_>, as_of: Option<NaiveDate>) -> Value {
    let cases: Vec<Value> = rule
        .cases
        .iter()
        .map(|c| {
            json!({
                "case": c.case,
                "severity": c.severity.map(severity_json),
                "reference": c.reference,
                "description": c.description,
            })
        })
        .collect();
    let parameters: Vec<Value> = rule
        .parameters
        .iter()
        .map(|p| parameter_json(pack, p))
        .collect();
    json!({
        "code": rule.code,
        "title_zh": rule.title_zh,
        "title_en": rule.title_en,
        "severity": severity_json(rule.severity),
        "reference": rule.reference,
        "from": rule.from,
        "until": rule.until,
        "in_force": as_of.map(|d| rule.in_force(d)),
        "description": rule.description,
        "action_zh": rule.action_zh,
        "action_en": rule.action_en,
        "source": rule.source.mechanism(),
        "cases": cases,
        "parameters": parameters,
    })
}

/// The `huanjie rules --format json` document: `{huanjie, pack, as_of, rules: [...]}`.
pub fn rules_json(pack: &RulePack, rules: &[Rule<'_>], as_of: Option<NaiveDate>) -> Value {
    json!({
        "huanjie": crate::VERSION,
        "pack": crate::audit::PackInfo::of(pack),
        "as_of": as_of,
        "rules": rules.iter().map(|r| rule_json(pack, r, as_of)).collect::<Vec<_>>(),
    })
}

fn dates(rule: &Rule<'_>) -> String {
    match rule.until {
        Some(u) => format!("{} – {u}", rule.from),
        None => format!("{} –", rule.from),
    }
}

/// The text listing: a block per rule, Chinese first.
pub fn rules_text(pack: &RulePack, rules: &[Rule<'_>], as_of: Option<NaiveDate>) -> String {
    let mut out = format!("huanjie rules · 规则包 pack {}", pack.name);
    if let Some(d) = as_of {
        out.push_str(&format!(" · 基准日 as of {d}"));
    }
    out.push_str(&format!(" · {} 条 rules\n", rules.len()));
    for r in rules {
        let force = match as_of {
            Some(d) if !r.in_force(d) => " · 未生效 not in force",
            _ => "",
        };
        out.push_str(&format!(
            "\n{} {} {} · {}{force}\n  {}\n  {}\n  依据 reference: {}\n  审查 checks: {}\n  处理 action: {} / {}\n",
            r.code,
            r.severity.label_zh(),
            r.severity.as_str(),
            dates(r),
            r.title_zh,
            r.title_en,
            r.reference,
            r.description,
            r.action_zh,
            r.action_en,
        ));
        for c in r.cases {
            out.push_str(&format!(
                "  情形 case {}: {}{}{}\n",
                c.case,
                c.severity.map(|s| s.as_str()).unwrap_or("(same severity)"),
                c.reference
                    .as_deref()
                    .map(|x| format!(" · {x}"))
                    .unwrap_or_default(),
                c.description
                    .as_deref()
                    .map(|x| format!(" · {x}"))
                    .unwrap_or_default(),
            ));
        }
        if !r.parameters.is_empty() {
            out.push_str(&format!(
                "  参数 pack values: {}\n",
                r.parameters.join(", ")
            ));
        }
    }
    out
}

/// The dated values of a parameter as rows of a Markdown table (value, from, until, value,
/// legal source).
fn series_rows(name: &str, series: &crate::pack::Series) -> String {
    series
        .values
        .iter()
        .map(|v| {
            format!(
                "| `{name}` | {} | {} | `{}` | {} |\n",
                v.from,
                v.until.map(|d| d.to_string()).unwrap_or_default(),
                v.value,
                md_escape(&v.reference)
            )
        })
        .collect()
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// One rule as Markdown: a heading, a table of its facts, its cases and its pack values.
fn rule_markdown(pack: &RulePack, r: &Rule<'_>) -> String {
    let mut out = format!("### {} — {}\n\n{}\n\n", r.code, r.title_zh, r.title_en);
    out.push_str("| | |\n|---|---|\n");
    out.push_str(&format!(
        "| severity | {} ({}) |\n",
        r.severity.as_str(),
        r.severity.label_zh()
    ));
    out.push_str(&format!("| legal source | {} |\n", md_escape(r.reference)));
    out.push_str(&format!("| in force | {} |\n", dates(r)));
    out.push_str(&format!("| reported by | {} |\n", r.source.mechanism()));
    out.push_str(&format!("| checks | {} |\n", md_escape(r.description)));
    out.push_str(&format!(
        "| reviewer | {} / {} |\n",
        md_escape(r.action_zh),
        md_escape(r.action_en)
    ));
    if !r.cases.is_empty() {
        out.push_str("\nCases:\n\n| case | severity | legal source | when |\n|---|---|---|---|\n");
        for c in r.cases {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.case,
                c.severity.map(|s| s.as_str()).unwrap_or("as the rule"),
                md_escape(c.reference.as_deref().unwrap_or("as the rule")),
                md_escape(c.description.as_deref().unwrap_or("")),
            ));
        }
    }
    if !r.parameters.is_empty() {
        out.push_str("\nPack values:\n\n| value | from | until | value | legal source |\n|---|---|---|---|---|\n");
        for p in &r.parameters {
            if let Some(set) = p.strip_prefix("relation_set:") {
                if let Some(s) = pack.relation_sets.iter().find(|s| s.name == set) {
                    out.push_str(&format!(
                        "| relation set `{}` ({}) | {} | {} | spouse {}, lineal ≤ {} steps, collateral ≤ {} steps, near in-laws {} | {} |\n",
                        s.name,
                        s.title_zh,
                        s.from,
                        s.until.map(|d| d.to_string()).unwrap_or_default(),
                        s.spouse,
                        s.lineal_steps,
                        s.collateral_steps,
                        s.near_affinal,
                        md_escape(&s.reference)
                    ));
                }
                continue;
            }
            if let Some(series) = pack.parameters.get(p) {
                out.push_str(&series_rows(p, series));
            }
        }
    }
    out.push('\n');
    out
}

/// The catalogue of `pack` as Markdown: a summary table, then every rule in full.
pub fn rules_markdown(pack: &RulePack, rules: &[Rule<'_>]) -> String {
    let mut out = format!(
        "## Pack `{}` ({})\n\n{}\n\nJurisdiction `{}`; content hash `{}`. Sources: {}\n\n",
        pack.name,
        if pack.resolved_from.is_empty() {
            "built-in".to_string()
        } else {
            format!("extends {}", pack.resolved_from.join(" → "))
        },
        pack.title,
        pack.jurisdiction,
        pack.content_hash(),
        md_escape(&pack.reference),
    );
    out.push_str("| code | severity | rule | in force | reported by |\n|---|---|---|---|---|\n");
    for r in rules {
        out.push_str(&format!(
            "| [{}](#{}) | {} | {} | {} | {} |\n",
            r.code,
            anchor(pack, r.code),
            r.severity.as_str(),
            md_escape(r.title_zh),
            dates(r),
            r.source.mechanism()
        ));
    }
    out.push('\n');
    for r in rules {
        out.push_str(&format!("<a id=\"{}\"></a>\n\n", anchor(pack, r.code)));
        out.push_str(&rule_markdown(pack, r));
    }
    out
}

fn anchor(pack: &RulePack, code: &str) -> String {
    format!("{}-{}", pack.name, code).to_ascii_lowercase()
}

/// How `pack` differs from `base` (an `extends` chain's base): the rules and the pack values
/// it changes, as Markdown.
pub fn differences_markdown(pack: &RulePack, base: &RulePack) -> String {
    let mut out = format!(
        "## Pack `{}` (extends `{}`)\n\n{}\n\nJurisdiction `{}`; content hash `{}`. Sources: {}\n\n",
        pack.name,
        base.name,
        pack.title,
        pack.jurisdiction,
        pack.content_hash(),
        md_escape(&pack.reference)
    );
    let base_rules = base.catalogue();
    let changed: Vec<Rule<'_>> = pack
        .catalogue()
        .into_iter()
        .filter(|r| {
            base_rules
                .iter()
                .find(|b| b.code == r.code)
                .is_none_or(|b| {
                    (
                        b.title_zh,
                        b.severity,
                        b.reference,
                        b.from,
                        b.until,
                        b.cases,
                    ) != (
                        r.title_zh,
                        r.severity,
                        r.reference,
                        r.from,
                        r.until,
                        r.cases,
                    )
                })
        })
        .collect();
    if changed.is_empty() {
        out.push_str("Every rule as in the base pack.\n\n");
    } else {
        out.push_str("Rules it changes or adds:\n\n");
        for r in &changed {
            out.push_str(&rule_markdown(pack, r));
        }
    }
    let params: Vec<(&String, &crate::pack::Series)> = pack
        .parameters
        .iter()
        .filter(|(k, v)| base.parameters.get(*k) != Some(*v))
        .collect();
    if !params.is_empty() {
        out.push_str("Pack values it changes or adds:\n\n| value | from | until | value | legal source |\n|---|---|---|---|---|\n");
        for (name, series) in params {
            out.push_str(&series_rows(name, series));
        }
        out.push('\n');
    }
    out
}

/// `docs/rules.md`: the built-in packs' rules — the default pack in full, every other built-in
/// pack as what it changes.
pub fn rules_document() -> Result<String, crate::error::PackError> {
    let base = RulePack::builtin(crate::pack::DEFAULT_PACK)?;
    let mut out = String::from(
        "# The rules\n\n\
         <!-- Generated from the built-in rule packs by `huanjie rules --format markdown --all-packs`;\n\
         a test fails when this file is out of date (`HUANJIE_BLESS=1 cargo test --test docs`\n\
         writes it again). Do not edit by hand: edit src/pack/builtin/*.toml. -->\n\n\
         Every code huanjie reports, as the built-in packs declare it: its wording, its severity\n\
         (`cannot` 不能 and `should_not` 不宜 make a person `ineligible`, `review` 需复核 makes them\n\
         `needs_review`, `warning` changes nothing), its legal source, the days it is in force, what\n\
         it checks, what the reviewer should do, and the pack values it reads with their own\n\
         dates and sources. A situation the data leaves open (a missing date, an unreadable cell) is\n\
         reported under the rule's code with severity `review` (its `undecided` case) unless the\n\
         rule says otherwise. A province's pack changes any of it with `extends` (see\n\
         [packs.md](packs.md)).\n\n",
    );
    let rules = base.catalogue();
    out.push_str(&rules_markdown(&base, &rules));
    for (name, _) in crate::pack::BUILTIN_PACKS {
        if *name == crate::pack::DEFAULT_PACK {
            continue;
        }
        let pack = RulePack::builtin(name)?;
        out.push_str(&differences_markdown(&pack, &base));
    }
    Ok(out.trim_end().to_string() + "\n")
}
