//! Reading a pack and resolving its `extends` chain: a built-in pack by name, or another pack
//! file by path (relative to the file that names it), each layer over the one below.

use super::builtin;
use super::model::RulePack;
use crate::error::PackError;
use crate::rules::RuleSpec;
use std::path::{Path, PathBuf};

/// How deep an `extends` chain may go.
const MAX_CHAIN: usize = 16;

/// Whether `extends` (or a `--pack` argument) names a file rather than a built-in pack.
pub fn names_a_file(name: &str) -> bool {
    name.contains('/') || name.contains('\\') || name.ends_with(".toml") || name.ends_with(".json")
}

/// The largest pack file read: a pack is a few hundred lines, a larger file or a device is
/// not one.
const MAX_PACK_BYTES: u64 = 64 << 20;

impl RulePack {
    /// Reads a pack from text, guessing the format from the first non-blank character
    /// (`{` is JSON), and resolves it; a base named by path is read relative to the current
    /// directory.
    pub fn parse(text: &str, origin: &str) -> Result<RulePack, PackError> {
        Self::parse_unresolved(text, origin)?.resolve_in(None)
    }

    /// Reads and resolves a pack file (`.toml` or `.json`); a base named by path is read
    /// relative to this file's directory.
    pub fn from_file(path: &Path) -> Result<RulePack, PackError> {
        Self::read_file(path)?.resolve_in(path.parent())
    }

    /// A built-in pack, resolved.
    pub fn builtin(name: &str) -> Result<RulePack, PackError> {
        builtin::load(name)?.resolve_in(None)
    }

    /// Resolves `extends` and checks the result (a base named by path is read relative to the
    /// current directory).
    pub fn resolve(self) -> Result<RulePack, PackError> {
        self.resolve_in(None)
    }

    fn parse_unresolved(text: &str, origin: &str) -> Result<RulePack, PackError> {
        if text.trim_start().starts_with('{') {
            Self::from_json_str(text, origin)
        } else {
            Self::from_toml_str(text, origin)
        }
    }

    fn read_file(path: &Path) -> Result<RulePack, PackError> {
        let origin = path.display().to_string();
        let syntax = |what: String| PackError::Syntax {
            pack: origin.clone(),
            what,
        };
        // (a pack is a few hundred lines: a file or device beyond 64 MiB is not one)
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(
                std::fs::File::open(path).map_err(|e| syntax(crate::error::io_reason(&e)))?,
                MAX_PACK_BYTES + 1,
            ),
            &mut bytes,
        )
        .map_err(|e| syntax(crate::error::io_reason(&e)))?;
        if bytes.len() as u64 > MAX_PACK_BYTES {
            return Err(syntax(format!(
                "文件超过 {MAX_PACK_BYTES} 字节，不是规则包 the file is larger than {MAX_PACK_BYTES} bytes: not a rule pack"
            )));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| syntax("不是 UTF-8 文本 not UTF-8 text".to_string()))?;
        Self::parse_unresolved(&text, &origin)
    }

    /// Resolves `extends` (a base file relative to `dir`) and checks the result.
    fn resolve_in(self, dir: Option<&Path>) -> Result<RulePack, PackError> {
        let top_name = self.name.clone();
        // Each layer with the directory its own `extends` is relative to.
        let mut chain: Vec<(RulePack, Option<PathBuf>)> = vec![(self, dir.map(Path::to_path_buf))];
        let mut seen: Vec<String> = vec![top_name.clone()];
        while let Some((base, base_dir)) = chain
            .last()
            .and_then(|(p, d)| p.extends.clone().map(|b| (b, d.clone())))
        {
            if chain.len() > MAX_CHAIN {
                return Err(PackError::ExtendsCycle(top_name));
            }
            let (layer, layer_dir) = if names_a_file(&base) {
                let path = match &base_dir {
                    Some(d) => d.join(&base),
                    None => PathBuf::from(&base),
                };
                let key = std::fs::canonicalize(&path)
                    .unwrap_or_else(|_| path.clone())
                    .display()
                    .to_string();
                if seen.contains(&key) {
                    return Err(PackError::ExtendsCycle(top_name));
                }
                seen.push(key);
                let dir = path.parent().map(Path::to_path_buf);
                (Self::read_file(&path)?, dir)
            } else {
                if chain.iter().any(|(p, _)| p.name == base) {
                    return Err(PackError::ExtendsCycle(top_name));
                }
                (builtin::load(&base)?, None)
            };
            if chain.iter().any(|(p, _)| p.name == layer.name) {
                return Err(PackError::ExtendsCycle(top_name));
            }
            chain.push((layer, layer_dir));
        }
        let mut layers = chain.into_iter().rev().map(|(p, _)| p);
        let mut resolved = layers.next().ok_or(PackError::ExtendsCycle(top_name))?;
        let own = std::mem::take(&mut resolved.rules);
        resolved.apply_rules(own)?;
        let mut bases = std::mem::take(&mut resolved.resolved_from);
        for top in layers {
            bases.push(resolved.name.clone());
            resolved = resolved.overlay(top)?;
        }
        resolved.extends = None;
        resolved.resolved_from = bases;
        resolved.validate()?;
        Ok(resolved)
    }

    /// `top` over `self`: kinds, grades, items, relation sets, avoidance rules and parameter
    /// series with the same code replace the base's whole; rule entries change only the fields
    /// they give.
    fn overlay(mut self, mut top: RulePack) -> Result<RulePack, PackError> {
        fn merge<T, K: PartialEq>(base: &mut Vec<T>, top: Vec<T>, key: impl Fn(&T) -> K) {
            for t in top {
                match base.iter().position(|b| key(b) == key(&t)) {
                    Some(i) => base[i] = t,
                    None => base.push(t),
                }
            }
        }
        merge(&mut self.kinds, top.kinds, |k| k.code.clone());
        merge(&mut self.grades, top.grades, |g| {
            (g.kind.clone(), g.code.clone())
        });
        merge(&mut self.items, top.items, |i| i.code.clone());
        merge(&mut self.relation_sets, top.relation_sets, |s| {
            s.name.clone()
        });
        merge(&mut self.avoidance, top.avoidance, |r| r.code.clone());
        merge(&mut self.departments, top.departments, |d| d.code.clone());
        merge(&mut self.backgrounds, top.backgrounds, |d| d.code.clone());
        self.parameters.extend(top.parameters);
        self.name = top.name;
        self.jurisdiction = top.jurisdiction;
        if !top.title.is_empty() {
            self.title = top.title;
        }
        if !top.reference.is_empty() {
            self.reference = top.reference;
        }
        let rules = std::mem::take(&mut top.rules);
        self.apply_rules(rules)?;
        Ok(self)
    }

    /// Applies rule entries: an item's or an avoidance rule's code changes that item or rule;
    /// any other code changes the mechanism rule of that code or adds it.
    fn apply_rules(&mut self, specs: Vec<RuleSpec>) -> Result<(), PackError> {
        let bad = |what: String| PackError::Invalid {
            pack: self.name.clone(),
            what,
        };
        for spec in specs {
            if let Some(item) = self.items.iter_mut().find(|i| i.code == spec.code) {
                if !spec.cases.is_empty() {
                    return Err(bad(format!(
                        "rule {}: an item of the negative list has no cases",
                        spec.code
                    )));
                }
                set(&mut item.title_zh, spec.title_zh);
                set(&mut item.title_en, spec.title_en);
                set(&mut item.severity, spec.severity);
                set(&mut item.reference, spec.reference);
                set(&mut item.from, spec.from);
                if spec.until.is_some() {
                    item.until = spec.until;
                }
                set(&mut item.description, spec.description);
                set(&mut item.action_zh, spec.action_zh);
                set(&mut item.action_en, spec.action_en);
            } else if let Some(rule) = self.avoidance.iter_mut().find(|r| r.code == spec.code) {
                if spec.severity.is_some() || !spec.cases.is_empty() {
                    return Err(bad(format!(
                        "rule {}: an avoidance rule's severity is set per case in its [[avoidance]] entry; replace that entry",
                        spec.code
                    )));
                }
                set(&mut rule.title_zh, spec.title_zh);
                set(&mut rule.title_en, spec.title_en);
                set(&mut rule.reference, spec.reference);
                set(&mut rule.from, spec.from);
                if spec.until.is_some() {
                    rule.until = spec.until;
                }
                set(&mut rule.description, spec.description);
                set(&mut rule.action_zh, spec.action_zh);
                set(&mut rule.action_en, spec.action_en);
            } else if let Some(rule) = self.rules.iter_mut().find(|r| r.code == spec.code) {
                rule.overlay(spec);
            } else {
                self.rules.push(spec);
            }
        }
        Ok(())
    }
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}
