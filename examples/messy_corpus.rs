//! Writes the corpus of files shaped the way county offices and review departments produce
//! them (tests/messy/): a workbook whose table is on its second sheet under a title and a
//! merged two-row header, with blank and footer rows and an ID number stored as a number; a
//! police CSV in GBK under a title, with `="…"` ID cells, its own column names and a numbered
//! row of the template left unfilled; a court
//! "Unicode text" export (UTF-16, tab-separated) with a removal date and an ID number Excel
//! turned into `6.40121198006210E+17`. tests/messy/expected.json says what each gives; both
//! `cargo test --test messy` and pytest check it.
//!
//! ```text
//! cargo run --example messy_corpus -- tests/messy
//! ```

use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};
use std::path::Path;

/// The persons: 马志强 (no record), 李秀英 (a criminal penalty, in two departments' files),
/// 王建军 (a dishonest debtor removed from the list before the election), 杨丽燕 (her ID number
/// stored as a number in the workbook).
const A: &str = "640121197503120134";
const B: &str = "640121198006210248";
const C: &str = "640121196809020350";
const D: &str = "640121199007070624";

fn people_workbook(path: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let merged = Format::new().set_align(FormatAlign::Center);
    // A first sheet of instructions, without the table.
    let notes = wb.add_worksheet().set_name("填表说明")?;
    notes.write(
        0,
        0,
        "填表说明：请按本县联审表格式填写，身份证号码一栏设为文本格式。",
    )?;
    let s = wb.add_worksheet().set_name("候选人")?;
    // Line 1: the title; line 2: blank; lines 3–4: 序号 | 基本信息 (姓名, 性别, 公民身份号码) | 文化程度.
    s.merge_range(
        0,
        0,
        0,
        5,
        "XX乡第十二届村民委员会候选人资格联审表",
        &merged,
    )?;
    s.merge_range(2, 0, 3, 0, "序号", &merged)?;
    s.merge_range(2, 1, 2, 3, "基本信息", &merged)?;
    s.merge_range(2, 4, 3, 4, "文化程度", &merged)?;
    s.merge_range(2, 5, 3, 5, "联系电话", &merged)?;
    s.write(3, 1, "姓名")?;
    s.write(3, 2, "性别")?;
    s.write(3, 3, "公民身份号码")?;
    // Lines 5, 6, (7 blank), 8, 9: the persons; D's number stored as a number.
    let rows: [(u32, &str, &str, Option<&str>, &str); 4] = [
        (4, "马志强", "男", Some(A), "高中（中专）"),
        (5, "李秀英", "女", Some(B), "大学本科"),
        (7, "王建军", "男", Some(C), "初中及以下"),
        (8, "杨丽燕", "女", None, "大专"),
    ];
    for (k, (row, name, sex, id, education)) in rows.iter().enumerate() {
        s.write(*row, 0, (k + 1) as f64)?;
        s.write(*row, 1, *name)?;
        s.write(*row, 2, *sex)?;
        match id {
            Some(id) => s.write(*row, 3, *id)?,
            None => s.write(*row, 3, D.parse::<f64>().unwrap_or_default())?,
        };
        s.write(*row, 4, *education)?;
        s.write(*row, 5, "13900000000")?;
    }
    // Lines 10–11: a total and the signatures.
    s.write(9, 0, "合计")?;
    s.write(9, 1, "4人")?;
    s.write(10, 0, "填表人：")?;
    s.write(10, 3, "审核人：")?;
    wb.save(path)
}

fn police_csv(path: &Path) -> std::io::Result<()> {
    let text = format!(
        "XX县公安局违法犯罪记录查询结果,,,\n\
         序号,身份证件号码,类别,处罚日期\n\
         1,=\"{B}\",刑事处罚,2019-05-01\n\
         2,,,\n\
         备注：以上为截至查询日的记录,,,\n"
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    std::fs::write(path, gbk)
}

fn court_tsv(path: &Path) -> std::io::Result<()> {
    let text = format!(
        "公民身份证号码\t类别\t判决日期\t移出日期\n\
         {C}\t失信被执行人\t2019-01-01\t2020-06-01\n\
         6.40121198006210E+17\t刑事处罚\t2012年3月1日\t\n"
    );
    // Excel's "Unicode text": UTF-16 little-endian with its byte-order mark.
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(path, bytes)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "tests/messy".to_string());
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir)?;
    people_workbook(&dir.join("people-township.xlsx"))?;
    police_csv(&dir.join("records-police-gbk.csv"))?;
    court_tsv(&dir.join("records-court-utf16.txt"))?;
    println!("wrote the messy corpus to {}", dir.display());
    Ok(())
}
