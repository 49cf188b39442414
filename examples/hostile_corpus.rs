//! Writes the hostile corpus (tests/hostile/): files a tired clerk or an attacker produces —
//! a year typed with five digits, a quote left open, a workbook with cells at both ends of the
//! sheet, a sheet that unpacks into megabytes of whitespace, a cell attribute holding an ID
//! number, a cell longer than Excel allows — each small. tests/hostile/expected.json says what
//! each run gives (exit status, what the error or the output says); `cargo test --test
//! hostile` and pytest run them under a memory limit and check that no error carries a 15- or
//! 18-digit run.
//!
//! ```text
//! cargo run --example hostile_corpus -- tests/hostile
//! ```

use rust_xlsxwriter::{Workbook, XlsxError};
use std::io::{Read, Write};
use std::path::Path;

const A: &str = "640121197503120134";
const B: &str = "640121198006210248";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn write(dir: &Path, name: &str, text: &str) -> Result<()> {
    std::fs::write(dir.join(name), text)?;
    Ok(())
}

/// A valid ID number of 640121, born `day` days after 1950-01-01, with sequence `seq`.
fn id_number(day: u32, seq: u32) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1950, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(day))))
        .unwrap_or_default();
    huanjie::id::from_parts(640121, birth, (seq % 1000) as u16)
        .map(|id| id.to_string())
        .unwrap_or_default()
}

/// Groups that would make findings quadratic: one person registered 2,000 times (Excel's
/// "fill down"), one proxy for 2,000 principals, 300 siblings on one ballot.
fn groups(dir: &Path) -> Result<()> {
    let mut register = String::from("身份证号码,区划代码,登记类别\n");
    for _ in 0..2_000 {
        register.push_str(&format!("{A},640121100201,1\n"));
    }
    write(dir, "register-repeated.csv", &register)?;
    let mut voters = String::from("身份证号码,区划代码,登记类别\n");
    let mut proxies = String::from("区划代码,委托人,受托人\n");
    voters.push_str(&format!("{A},640121100201,1\n"));
    for k in 0..2_000 {
        let principal = id_number(k, 11);
        voters.push_str(&format!("{principal},640121100201,1\n"));
        proxies.push_str(&format!("640121100201,{principal},{A}\n"));
    }
    write(dir, "register-principals.csv", &voters)?;
    write(dir, "proxies-one-proxy.csv", &proxies)?;
    let parent = id_number(0, 13);
    let mut relations = String::from("本人身份证号码,亲属身份证号码,称谓\n");
    let mut roster = String::from("身份证号码,区划代码,组织,职务,状态,届次\n");
    let mut people = String::from("身份证号码\n");
    for k in 0..300 {
        let child = id_number(10_000 + k, 15);
        relations.push_str(&format!("{child},{parent},父亲\n"));
        roster.push_str(&format!("{child},640121100201,村委会,委员,候选人,2021\n"));
        people.push_str(&format!("{child}\n"));
    }
    write(dir, "relations-siblings.csv", &relations)?;
    write(dir, "roster-siblings.csv", &roster)?;
    write(dir, "people-siblings.csv", &people)?;
    Ok(())
}

/// A workbook of people with one more cell at the sheet's last position (XFD1048576).
fn corners(path: &Path) -> std::result::Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write(0, 0, "身份证号码")?;
    s.write(1, 0, A)?;
    s.write(1_048_575, 16_383, "x")?;
    wb.save(path)
}

/// 7,000 rows each with a cell in the sheet's last column: 7,000 cells, 114 million positions.
fn wide(path: &Path) -> std::result::Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write(0, 0, "身份证号码")?;
    for r in 1..7_000u32 {
        s.write(r, 16_383, "x")?;
    }
    wb.save(path)
}

/// An ODS workbook of under 1 KB that claims a million rows of a thousand cells each (a billion
/// positions, which calamine would write out one by one when it opens the file).
fn ods_bomb(path: &Path) -> Result<()> {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path)?);
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
    z.start_file("mimetype", stored)?;
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    z.start_file("META-INF/manifest.xml", deflated)?;
    z.write_all(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">"#,
        r#"<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#
    ).as_bytes())?;
    z.start_file("content.xml", deflated)?;
    z.write_all(concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">"#,
        r#"<office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row>"#,
        r#"<table:table-cell office:value-type="string"><text:p>身份证号码</text:p></table:table-cell></table:table-row>"#,
        r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        r#"</table:table></office:spreadsheet></office:body></office:document-content>"#
    ).as_bytes())?;
    z.finish()?;
    Ok(())
}

/// A small workbook of people, to be rewritten part by part.
fn people_workbook(path: &Path) -> std::result::Result<(), XlsxError> {
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write(0, 0, "身份证号码")?;
    s.write(0, 1, "姓名")?;
    s.write(1, 0, A)?;
    s.write(1, 1, "马志强")?;
    wb.save(path)
}

/// Copies the zip at `from` to `to`, passing each part's text through `change`.
fn rewrite(from: &Path, to: &Path, change: impl Fn(&str, String) -> String) -> Result<()> {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from)?)?;
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to)?);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for i in 0..zin.len() {
        let mut part = zin.by_index(i)?;
        let name = part.name().to_string();
        let mut text = String::new();
        part.read_to_string(&mut text)?;
        zout.start_file(name.as_str(), options)?;
        zout.write_all(change(&name, text).as_bytes())?;
    }
    zout.finish()?;
    Ok(())
}

fn main() -> Result<()> {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "tests/hostile".into());
    std::fs::create_dir_all(&dir)?;
    write(
        &dir,
        "people.csv",
        &format!("身份证号码,姓名\n{A},马志强\n{B},李秀英\n"),
    )?;
    // A party warning of 2020-03-10 typed with a five-digit year: read, it would be "after
    // as_of" and 李秀英 eligible.
    write(
        &dir,
        "records-five-digit-year.csv",
        &format!("身份证号码,类别,决定日期,处分种类\n{B},党纪处分,20200-03-10,警告\n"),
    )?;
    // One stray quote in 备注 that would swallow the rows below it.
    write(
        &dir,
        "records-open-quote.csv",
        &format!(
            "身份证号码,类别,决定日期,处分种类,备注\n{A},党纪处分,2020-03-10,警告,\"见附件\n{B},党纪处分,2020-05-10,警告,\n"
        ),
    )?;
    // A quote opened in the last row and never closed.
    write(
        &dir,
        "records-quote-at-end.csv",
        &format!("身份证号码,类别,决定日期,处分种类,备注\n{B},党纪处分,2020-03-10,警告,\"见附件\n"),
    )?;
    // A roster row without its unit code, and a unit whose election day has five digits.
    write(
        &dir,
        "roster-no-unit.csv",
        &format!(
            "身份证号码,区划代码,组织,职务,状态,届次\n{A},640121100201,村委会,主任,候选人,2021\n{B},,村委会,委员,候选人,2021\n"
        ),
    )?;
    write(
        &dir,
        "units-election-typo.csv",
        "区划代码,名称,选举日期\n640121100201,杨和村,20210-01-15\n",
    )?;
    write(
        &dir,
        "register.csv",
        &format!("身份证号码,区划代码,登记类别\n{A},640121100201,1\n{B},640121100201,1\n"),
    )?;
    // Rows without their unit code: findings on the persons (a count sheet's: an error).
    write(
        &dir,
        "register-no-unit.csv",
        &format!("身份证号码,区划代码,登记类别\n{A},640121100201,1\n{B},,1\n"),
    )?;
    write(
        &dir,
        "proxies-no-unit.csv",
        &format!("区划代码,委托人,受托人\n,{A},{B}\n"),
    )?;
    write(
        &dir,
        "tallies-no-unit.csv",
        "区划代码,组织,轮次,登记选民数,参加投票人数,发出选票,收回选票,无效票,主任职数,副主任职数,委员职数\n,村委会,1,1200,1100,1100,1098,12,1,1,3\n",
    )?;
    write(
        &dir,
        "tallies.csv",
        "区划代码,组织,轮次,登记选民数,参加投票人数,发出选票,收回选票,无效票,主任职数,副主任职数,委员职数\n640121100201,村委会,1,1200,1100,1100,1098,12,1,0,0\n",
    )?;
    write(
        &dir,
        "votes.csv",
        &format!("区划代码,组织,轮次,身份证号码,职务,得票数\n640121100201,村委会,1,{A},主任,820\n"),
    )?;
    write(
        &dir,
        "units-end-of-calendar.csv",
        "区划代码,选举日期,选民名单公布日期\n640121100201,99999-12-31,99999-12-01\n",
    )?;
    write(
        &dir,
        "relations.csv",
        &format!("本人身份证号码,亲属身份证号码,称谓\n{A},{B},妻子\n"),
    )?;
    write(&dir, "pack-empty.toml", "name = \"empty\"\n")?;
    write(
        &dir,
        "people-duplicate-key.jsonl",
        &format!("{{\"身份证号码\": \"{A}\", \"姓名\": \"马志强\", \"姓名\": \"李秀英\"}}\n"),
    )?;
    write(
        &dir,
        "records-long-cell.csv",
        &format!(
            "身份证号码,类别,决定日期,备注\n{B},党纪处分,2020-03-10,{}\n",
            "长".repeat(2_000)
        ),
    )?;
    groups(&dir)?;
    corners(&dir.join("people-corners.xlsx"))?;
    wide(&dir.join("people-wide.xlsx"))?;
    ods_bomb(&dir.join("people-bomb.ods"))?;
    let plain = dir.join("people-plain.xlsx");
    people_workbook(&plain)?;
    // The sheet padded with 48 MB of whitespace (about 50 KB once compressed).
    rewrite(&plain, &dir.join("people-whitespace.xlsx"), |name, text| {
        if name.starts_with("xl/worksheets/") {
            text.replacen(
                "<sheetData>",
                &format!("<sheetData>{}", " ".repeat(48 << 20)),
                1,
            )
        } else {
            text
        }
    })?;
    // A cell whose type attribute is an ID number (the reader's own error quotes it).
    rewrite(
        &plain,
        &dir.join("people-cell-attribute.xlsx"),
        |name, text| {
            if name.starts_with("xl/worksheets/") {
                text.replacen("t=\"s\"", &format!("t=\"{B}\""), 1)
            } else {
                text
            }
        },
    )?;
    std::fs::remove_file(&plain)?;
    println!("wrote the hostile corpus to {}", dir.display());
    Ok(())
}
