//! The generated parts of the repository's documentation stay true: `docs/rules.md` is the
//! built-in packs' rule catalogue and `docs/columns.md` the table layer's columns and
//! aliases. When one is out of date this fails; `HUANJIE_BLESS=1 cargo test --test docs`
//! writes them again.

use std::path::Path;

fn check(file: &str, expected: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os("HUANJIE_BLESS").is_some() {
        std::fs::write(&path, expected).expect("write the generated document");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual != expected {
        let line = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || actual.lines().count().min(expected.lines().count()) + 1,
                |i| i + 1,
            );
        panic!(
            "{file} is out of date (first difference at line {line}); run \
             `HUANJIE_BLESS=1 cargo test --test docs` and commit the result"
        );
    }
}

#[test]
fn docs_rules_md_is_the_built_in_catalogue() {
    let doc = huanjie::render::rules::rules_document().expect("the built-in packs resolve");
    check("docs/rules.md", &doc);
}

#[test]
fn docs_columns_md_is_the_table_layers_alias_table() {
    check("docs/columns.md", &huanjie::table::columns_markdown());
}

#[test]
fn every_rule_of_the_catalogue_is_documented_in_full() {
    for (name, _) in huanjie::pack::BUILTIN_PACKS {
        let pack = huanjie::RulePack::builtin(name).expect("built-in");
        for r in pack.catalogue() {
            for (field, text) in [
                ("title_zh", r.title_zh),
                ("title_en", r.title_en),
                ("reference", r.reference),
                ("description", r.description),
                ("action_zh", r.action_zh),
                ("action_en", r.action_en),
            ] {
                assert!(
                    !text.trim().is_empty(),
                    "{name}: rule {} has no {field}",
                    r.code
                );
            }
        }
    }
}
