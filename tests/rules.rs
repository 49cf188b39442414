//! The rule catalogue: every code in a pack, mechanisms that look their rule up, packs that
//! change a rule's severity, reference or dates with `extends` (a built-in base or another
//! pack file), and the validation that keeps a pack and the mechanisms in step.

use chrono::NaiveDate;
use huanjie::people::{People, PersonRow};
use huanjie::roster::{Roster, RosterRow};
use huanjie::rules::RuleSource;
use huanjie::rules::{MECHANISM_RULES, Severity};
use huanjie::vetting::{RecordRow, Records};
use huanjie::{CheckInput, CheckOptions, PackError, RulePack, check};

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

#[test]
fn every_built_in_pack_declares_every_code_once() {
    for (name, _) in huanjie::pack::BUILTIN_PACKS {
        let pack = RulePack::builtin(name).expect("built-in");
        let cat = pack.catalogue();
        let mut codes: Vec<&str> = cat.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "{name}: a code twice");
        for m in MECHANISM_RULES {
            let r = pack.rule(m.code).expect("declared");
            assert_eq!(r.source, RuleSource::Mechanism(m.mechanism), "{}", m.code);
            for case in m.cases {
                assert!(r.cases.iter().any(|c| c.case == *case), "{} {case}", m.code);
            }
        }
        for item in &pack.items {
            assert_eq!(
                pack.rule(&item.code).map(|r| r.source),
                Some(RuleSource::Item)
            );
        }
        for av in &pack.avoidance {
            assert_eq!(
                pack.rule(&av.code).map(|r| r.source),
                Some(RuleSource::Avoidance)
            );
        }
    }
}

#[test]
fn the_undecided_case_is_review_unless_declared() {
    let pack = RulePack::builtin("cn-2021").expect("built-in");
    let as_of = day("2021-01-15");
    let holds = pack.rule_use("COMP-FINANCE", as_of, &[]).expect("in force");
    assert_eq!(holds.severity, Severity::Cannot);
    let open = pack
        .rule_use("COMP-FINANCE", as_of, &[huanjie::rules::UNDECIDED])
        .expect("in force");
    assert_eq!(open.severity, Severity::Review);
    assert_eq!(open.reference, holds.reference);
    let res = pack
        .rule_use("COMP-SIZE", as_of, &["residents_committee"])
        .expect("in force");
    assert_eq!(&*res.reference, "城市居民委员会组织法 art. 7");
    // Not in force before its first day: a mechanism reports nothing under it.
    assert!(
        pack.rule_use("COMP-WOMEN", day("2005-01-01"), &[])
            .is_none()
    );
}

const ID: &str = "11010519491231002X";

fn one_person_with(kind: &str, date: &str, grade: &str, pack: &RulePack) -> (People, Records) {
    let mut people = People::default();
    people.push(&PersonRow {
        id_number: Some(ID),
        ..Default::default()
    });
    let mut records = Records::default();
    records.push(
        &RecordRow {
            id_number: Some(ID),
            kind: Some(kind),
            date: Some(date),
            grade: Some(grade),
            ..Default::default()
        },
        pack,
    );
    (people, records)
}

#[test]
fn a_province_changes_an_items_severity_in_three_lines() {
    let text = r#"
name = "some-province"
jurisdiction = "650000"
extends = "cn-2021"

[[rules]]
code = "NEG-03"
severity = "should_not"
reference = "某省村委会候选人资格条件 第三条"
"#;
    let pack = RulePack::parse(text, "test").expect("valid");
    let rule = pack.rule("NEG-03").expect("declared");
    assert_eq!(rule.severity, Severity::ShouldNot);
    assert_eq!(rule.reference, "某省村委会候选人资格条件 第三条");
    // The item keeps its tests, titles and dates.
    assert_eq!(rule.from, day("2020-12-24"));
    let (people, records) = one_person_with("党纪处分", "2020-06-01", "严重警告", &pack);
    let input = CheckInput {
        people: &people,
        roster: None,
        records: Some(&records),
        relations: None,
        units: None,
    };
    let report = check(input, &pack, CheckOptions::new(day("2021-01-15"))).expect("runs");
    let f = report
        .findings
        .iter()
        .find(|f| &*f.rule == "NEG-03")
        .expect("found");
    assert_eq!(f.severity, Severity::ShouldNot);
    assert_eq!(&*f.reference, "某省村委会候选人资格条件 第三条");
    assert!(report.outcomes[0].should_not);
    // The base pack, unchanged, still says cannot.
    let base = RulePack::builtin("cn-2021").expect("built-in");
    let report = check(input, &base, CheckOptions::new(day("2021-01-15"))).expect("runs");
    let f = report
        .findings
        .iter()
        .find(|f| &*f.rule == "NEG-03")
        .expect("found");
    assert_eq!(f.severity, Severity::Cannot);
}

fn roster_of_men(n: usize) -> (People, Roster) {
    let mut people = People::default();
    let mut roster = Roster::default();
    let ids: Vec<String> = (0..n)
        .map(|i| {
            huanjie::id::from_parts(640121, day("1970-03-12"), 11 + 2 * i as u16)
                .expect("an ID")
                .to_string()
        })
        .collect();
    for id in &ids {
        people.push(&PersonRow {
            id_number: Some(id),
            ..Default::default()
        });
        roster.push(&RosterRow {
            id_number: Some(id),
            unit_code: Some("640121100201"),
            body: Some("村委会"),
            role: Some("委员"),
            status: Some("当选"),
            ..Default::default()
        });
    }
    (people, roster)
}

#[test]
fn a_mechanism_reports_with_the_packs_severity_and_dates() {
    let (people, roster) = roster_of_men(3);
    let input = CheckInput {
        people: &people,
        roster: Some(&roster),
        records: None,
        relations: None,
        units: None,
    };
    let as_of = CheckOptions::new(day("2021-01-15"));
    let base = RulePack::builtin("cn-2021").expect("built-in");
    let rules_of = |pack: &RulePack| -> Vec<(String, Severity)> {
        check(input, pack, as_of)
            .expect("runs")
            .findings
            .iter()
            .map(|f| (f.rule.to_string(), f.severity))
            .collect()
    };
    let found = rules_of(&base);
    assert!(
        found.contains(&("COMP-WOMEN".into(), Severity::Cannot)),
        "{found:?}"
    );
    assert!(
        found.contains(&("COMP-YOUNG".into(), Severity::Warning)),
        "{found:?}"
    );
    // A province makes the young member a review and repeals the woman member from 2020.
    let text = r#"
name = "p"
jurisdiction = "650000"
extends = "cn-2021"
[[rules]]
code = "COMP-YOUNG"
severity = "review"
[[rules]]
code = "COMP-WOMEN"
until = "2020-12-31"
"#;
    let pack = RulePack::parse(text, "p").expect("valid");
    let found = rules_of(&pack);
    assert!(
        found.contains(&("COMP-YOUNG".into(), Severity::Review)),
        "{found:?}"
    );
    assert!(!found.iter().any(|(r, _)| r == "COMP-WOMEN"), "{found:?}");
}

fn invalid(text: &str) -> String {
    match RulePack::parse(text, "t") {
        Err(PackError::Invalid { what, .. }) => what,
        other => panic!("expected an invalid pack, got {other:?}"),
    }
}

#[test]
fn packs_that_disagree_with_the_mechanisms_are_invalid() {
    let head = "name = \"t\"\njurisdiction = \"CN\"\nextends = \"cn-2021\"\n";
    // A code no mechanism reports.
    let what = invalid(&format!(
        "{head}[[rules]]\ncode = \"COMP-NOTHING\"\ntitle_zh = \"x\"\ntitle_en = \"x\"\nseverity = \"cannot\"\nreference = \"x\"\nfrom = \"2020-01-01\"\ndescription = \"x\"\naction_zh = \"x\"\naction_en = \"x\"\n"
    ));
    assert!(
        what.contains("COMP-NOTHING") && what.contains("no mechanism"),
        "{what}"
    );
    // An avoidance rule's severity is per case.
    let what = invalid(&format!(
        "{head}[[rules]]\ncode = \"AV-01\"\nseverity = \"review\"\n"
    ));
    assert!(what.contains("AV-01"), "{what}");
    // A case the mechanism does not name.
    let what = invalid(&format!(
        "{head}[[rules]]\ncode = \"COMP-WOMEN\"\ncases = [{{ case = \"sometimes\", severity = \"review\" }}]\n"
    ));
    assert!(what.contains("sometimes"), "{what}");
    // A pack of its own (no extends) must declare every rule the mechanisms report.
    let base = RulePack::builtin("cn-2021").expect("built-in");
    let mut own = base.clone();
    own.name = "own".into();
    own.rules.retain(|r| r.code != "VOTER-AGE");
    let text = own.to_toml().expect("toml");
    let what = invalid(&text);
    assert!(what.contains("VOTER-AGE"), "{what}");
    // … and every pack value a mechanism reads.
    let mut own = base.clone();
    own.name = "own".into();
    own.parameters.remove("count.runoff_base");
    let what = invalid(&own.to_toml().expect("toml"));
    assert!(what.contains("count.runoff_base"), "{what}");
    // An empty pack would pass everyone.
    let what = invalid("name = \"empty\"\njurisdiction = \"CN\"\n");
    assert!(what.contains("no items"), "{what}");
}

#[test]
fn a_user_pack_extends_another_user_pack_by_path() {
    let dir = std::env::temp_dir().join(format!("huanjie-packs-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("county")).expect("a temp dir");
    std::fs::write(
        dir.join("province.toml"),
        "name = \"province\"\njurisdiction = \"650000\"\nextends = \"ningxia-2021\"\n[[rules]]\ncode = \"COMP-YOUNG\"\nseverity = \"review\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("county/county.toml"),
        "name = \"county\"\njurisdiction = \"650102\"\nextends = \"../province.toml\"\n[[rules]]\ncode = \"COMP-YOUNG\"\nreference = \"某县换届工作方案\"\n",
    )
    .expect("write");
    let pack = RulePack::from_file(&dir.join("county/county.toml")).expect("resolves");
    assert_eq!(
        pack.resolved_from,
        vec!["cn-2021", "ningxia-2021", "province"]
    );
    let r = pack.rule("COMP-YOUNG").expect("declared");
    assert_eq!(
        (r.severity, r.reference),
        (Severity::Review, "某县换届工作方案")
    );
    // A circle of files is an error, not a hang.
    std::fs::write(
        dir.join("a.toml"),
        "name = \"a\"\njurisdiction = \"CN\"\nextends = \"b.toml\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("b.toml"),
        "name = \"b\"\njurisdiction = \"CN\"\nextends = \"a.toml\"\n",
    )
    .expect("write");
    assert!(matches!(
        RulePack::from_file(&dir.join("a.toml")),
        Err(PackError::ExtendsCycle(_))
    ));
    let _ = std::fs::remove_dir_all(&dir);
}
