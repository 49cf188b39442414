use super::*;
use calamine::{Data, Reader, Xlsx};
use std::io::Cursor;

fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

fn ids(n: usize) -> RecordBatch {
    let schema = Schema::new(vec![
        Field::new("id_number", DataType::Utf8, true),
        Field::new("row", DataType::Int64, false),
        Field::new("eligible_from", DataType::Date32, true),
        Field::new("should_not", DataType::Boolean, false),
    ]);
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from_iter_values(
            (0..n).map(|i| format!("64012119850114{i:04}")),
        )),
        Arc::new(arrow_array::Int64Array::from_iter_values(0..n as i64)),
        Arc::new(arrow_array::Date32Array::from(vec![Some(18_643); n])),
        Arc::new(BooleanArray::from(vec![true; n])),
    ];
    RecordBatch::try_new(Arc::new(schema), cols).unwrap()
}

#[test]
fn a_table_longer_than_a_sheet_continues_on_the_next_and_the_summary_says_so() {
    // 5 rows a sheet: 2 header rows and 3 data rows.
    let mut book = XlsxParts::with_row_limit(5).unwrap();
    book.value("summary", &serde_json::json!({"persons": 7}));
    book.table_begin("findings").unwrap();
    book.rows(&ids(4)).unwrap();
    book.rows(&ids(3)).unwrap();
    book.table_begin("outcomes").unwrap();
    book.rows(&ids(2)).unwrap();
    let mut out = Vec::new();
    book.finish(&mut out).unwrap();
    let mut x = read(out);
    assert_eq!(
        x.sheet_names(),
        [
            "概况 summary",
            "审查发现 findings",
            "审查发现 findings (2)",
            "审查发现 findings (3)",
            "审查结论 outcomes"
        ]
    );
    let mut all = Vec::new();
    for name in [
        "审查发现 findings",
        "审查发现 findings (2)",
        "审查发现 findings (3)",
    ] {
        let range = x.worksheet_range(name).unwrap();
        let rows: Vec<&[Data]> = range.rows().collect();
        assert_eq!(rows[0][0], Data::String("身份证号码".into()));
        assert_eq!(rows[1][0], Data::String("id_number".into()));
        assert!(rows.len() <= 5, "{name}: {}", rows.len());
        all.extend(rows[2..].iter().map(|r| r[0].clone()));
    }
    let expected: Vec<Data> = (0..4)
        .chain(0..3)
        .map(|i| Data::String(format!("64012119850114{i:04}")))
        .collect();
    assert_eq!(all, expected, "every row once, in order");
    let summary = x.worksheet_range("概况 summary").unwrap();
    let said: Vec<String> = summary.rows().map(|r| r[2].to_string()).collect();
    assert!(
        said.iter()
            .any(|s| s.contains("7 行 rows") && s.contains("3 张工作表")),
        "{said:?}"
    );
    let o = x.worksheet_range("审查结论 outcomes").unwrap();
    let row: Vec<Data> = o.rows().nth(2).unwrap().to_vec();
    assert_eq!(row[1], Data::Float(0.0));
    assert!(matches!(row[2], Data::DateTime(_)), "{:?}", row[2]);
    assert_eq!(row[3], Data::String("是".into()));
}

#[test]
fn sheet_names_fit_excel() {
    assert_eq!(sheet_name("findings"), "审查发现 findings");
    assert_eq!(sheet_name("a/b:c"), "a_b_c");
    let long = "x".repeat(40);
    assert_eq!(sheet_name(&long).chars().count(), 31);
    assert_eq!(clean_sheet_name(&long, " (2)").chars().count(), 31);
    assert!(clean_sheet_name(&long, " (2)").ends_with(" (2)"));
}

#[test]
fn values_flatten_to_dotted_keys() {
    let mut rows = Vec::new();
    flatten(
        "summary",
        &serde_json::json!({"a": 1, "b": {"c": [1, 2]}, "d": [{"e": true}]}),
        &mut rows,
    );
    let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["summary.a", "summary.b.c", "summary.d.0.e"]);
    assert_eq!(rows[1].1, Value::String("1、2".into()));
}

#[test]
fn widths_count_wide_characters_twice_and_stop_at_the_cap() {
    assert_eq!(text_width("abc"), 3);
    assert_eq!(text_width("身份证"), 6);
    assert_eq!(text_width(&"x".repeat(500)), MAX_WIDTH);
}
