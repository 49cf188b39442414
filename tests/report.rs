//! The province's report (issue 20, item 5) on the reference data set: the seed report's
//! sentences with the published numbers, every number traced to its figure, and a sentence
//! left out when its figure was not computed.

#![cfg(feature = "reference")]

use huanjie::reference::{AS_OF, DEFAULT_SEED, demo, ningxia_2021};
use huanjie::report::{ReportInputs, ReportOptions, province_report};

#[test]
fn the_report_reproduces_the_seed_and_traces_every_number() {
    let data = ningxia_2021(DEFAULT_SEED).unwrap();
    let run = demo(&data).unwrap();
    let report = run.report().unwrap();
    let text = report.paragraphs_text().join("\n");
    for sentence in [
        "全区2207个村、642个社区全面完成换届。",
        "272万选民参加投票，村委会选举参选率90%，居委会选举参选率91.2%",
        "村“一肩挑”比例75.5%，社区97.4%",
        "村委会成员中女性占36.9%，女性村委会主任占9.83%",
        "联审排查不合格人选959人，因近亲属回避72人",
        "4.8万名代表",
        "1.8万名居民",
        "参与提名",
        "新设社区81个",
        "新增享受补贴人员2359人",
        "80个情况复杂村",
        "村级运转经费由11万元提高到16万元以上",
        "“两委”班子实现“两升一降”（学历提升、女性比例提升、平均年龄下降）",
    ] {
        assert!(text.contains(sentence), "{sentence:?} not in\n{text}");
    }
    assert!(!text.contains("占0%"), "{text}");
    // Every number traced: its num and den are the statistics figure's.
    for n in &report.numbers {
        match (n.level, n.code, n.kind) {
            (Some(level), Some(code), Some(kind)) => {
                let f = run
                    .stats
                    .report
                    .figures
                    .iter()
                    .find(|f| {
                        f.level == level && f.code == code && f.kind == kind && f.figure == n.figure
                    })
                    .unwrap_or_else(|| panic!("{} has no figure", n.number));
                assert_eq!((n.num, n.den), (f.num, Some(f.den)), "{}", n.number);
            }
            _ => match n.figure.as_str() {
                "screened_out.negative_list" => assert_eq!(n.num, run.screened.negative_list),
                "screened_out.avoidance_only" => assert_eq!(n.num, run.screened.avoidance_only),
                f => assert!(f.starts_with("nominations."), "{f}"),
            },
        }
        assert!(text.contains(&n.number), "{} printed", n.number);
    }
    let numbers: Vec<&str> = report.numbers.iter().map(|n| n.number.as_str()).collect();
    for n in [
        "272万", "90%", "91.2%", "75.5%", "97.4%", "36.9%", "9.83%", "959", "72", "4.8万", "1.8万",
        "81", "2359", "80", "11万元", "16万元",
    ] {
        assert!(numbers.contains(&n), "{n} not traced: {numbers:?}");
    }
    // The renderers: the table of sources, the tooltips, the JSON.
    let md = report.markdown();
    assert!(
        md.contains("## 数字来源") && md.contains("| participation |"),
        "{md}"
    );
    let plain = report.text();
    assert!(
        plain.contains("screened_out.negative_list\t—\t—\t—\t959"),
        "{plain}"
    );
    let html = report.html();
    assert!(
        html.contains("title=\"participation · province 640000 · village · num "),
        "{html}"
    );
    assert!(!html.contains("http://") && !html.contains("https://"));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(
        json["numbers"].as_array().unwrap().len(),
        report.numbers.len()
    );
    assert_eq!(json["code"], "640000");
}

#[test]
fn a_sentence_is_left_out_when_its_figure_is() {
    let data = ningxia_2021(DEFAULT_SEED).unwrap();
    let run = demo(&data).unwrap();
    // No previous term, no review, no nominations: no 两升一降, no review, no nomination, no
    // 新增享受补贴.
    let bare = province_report(
        ReportInputs::new(&run.stats.report),
        &ReportOptions::new(AS_OF),
    )
    .unwrap();
    let text = bare.paragraphs_text().join("\n");
    for gone in ["两升一降", "学历提升", "联审", "提名", "新增享受补贴"] {
        assert!(!text.contains(gone), "{gone} in\n{text}");
    }
    assert!(text.contains("75.5%"), "{text}");
    // No tallies: no participation sentence (the figure was not computed).
    let mut stats = run.stats.report.clone();
    stats.figures.retain(|f| f.figure != "participation");
    let no_tallies =
        province_report(ReportInputs::new(&stats), &ReportOptions::new(AS_OF)).unwrap();
    let text = no_tallies.paragraphs_text().join("\n");
    assert!(
        !text.contains("参选率") && !text.contains("选民参加投票"),
        "{text}"
    );
    assert!(no_tallies.paragraphs.iter().all(|p| p.topic != "voters"));
    // Another group and another precision.
    let mut options = ReportOptions::new(AS_OF);
    options.code = Some(huanjie::division::DivisionCode::parse("640100").unwrap());
    assert!(options.precision.set("one_shoulder", 2));
    assert!(!options.precision.set("nothing", 2));
    let city = province_report(ReportInputs::new(&run.stats.report), &options).unwrap();
    assert_eq!(city.code.to_string(), "640100");
    let one = city
        .numbers
        .iter()
        .find(|n| n.figure == "one_shoulder")
        .unwrap();
    assert!(one.number.contains('.') || one.number.ends_with('%'));
    assert!(
        city.numbers
            .iter()
            .all(|n| n.code.is_none_or(|c| c.to_string() == "640100"))
    );
}
