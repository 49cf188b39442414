//! Reading county files: what finding the table (title rows, footer rows, every row and column
//! accounted for) costs. Writes a people workbook of 1,000,000 rows and a records CSV of
//! 3,000,000 rows, each plain and with a title row above the header and two footer rows below
//! the data, into a directory; reads each with huanjie's table layer (median of three runs) and
//! prints the times. `benches/bench_reading.py` reads the same files with polars
//! (`pl.read_excel` with the calamine engine, `pl.read_csv`) for the comparison.
//!
//! ```text
//! cargo bench --bench reading -- [DIR] [PEOPLE_ROWS] [RECORD_ROWS]
//! ```

use huanjie::table::{FileSpec, ReadOptions, TableRole, read_files};

#[path = "common/ids.rs"]
mod ids;
use ids::id;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

const TITLE: &str = "XX县第十二届村民委员会换届候选人资格联审表";

fn write_people(path: &Path, rows: u64, framed: bool) -> Result<(), Box<dyn std::error::Error>> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet();
    let mut r = 0u32;
    if framed {
        s.write(r, 0, TITLE)?;
        r += 1;
    }
    for (c, h) in [
        "序号",
        "姓名",
        "性别",
        "身份证号码",
        "民族",
        "文化程度",
        "政治面貌",
    ]
    .iter()
    .enumerate()
    {
        s.write(r, c as u16, *h)?;
    }
    r += 1;
    for i in 0..rows {
        s.write(r, 0, (i + 1) as f64)?;
        s.write(r, 1, "张三")?;
        s.write(r, 2, if i % 2 == 0 { "男" } else { "女" })?;
        s.write(r, 3, id(i))?;
        s.write(r, 4, if i % 3 == 0 { "回族" } else { "汉族" })?;
        s.write(r, 5, "高中")?;
        s.write(r, 6, "群众")?;
        r += 1;
    }
    if framed {
        s.write(r, 0, "合计")?;
        s.write(r + 1, 0, "填表人：")?;
    }
    wb.save(path)?;
    Ok(())
}

fn write_records(path: &Path, rows: u64, framed: bool) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    if framed {
        writeln!(w, "{TITLE},,,,,")?;
    }
    writeln!(w, "身份证号码,类别,决定日期,截止日期,处分种类,是否整改")?;
    for i in 0..rows {
        let kind = ["党纪处分", "刑事处罚", "失信被执行人"][(i % 3) as usize];
        writeln!(w, "{},{kind},2019-05-01,,警告,是", id(i % 1_000_000))?;
    }
    if framed {
        writeln!(w, "合计,{rows}条,,,,")?;
        writeln!(w, "备注：以上为截至查询日的记录,,,,,")?;
    }
    w.flush()
}

fn median_read(path: &Path, role: TableRole) -> f64 {
    let mut times: Vec<f64> = (0..3)
        .map(|_| {
            let t = Instant::now();
            let read = read_files(&[FileSpec::from(path)], role, &ReadOptions::default())
                .expect("the file reads");
            assert!(!read.sources.is_empty());
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[1]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dir = PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "target/bench-reading".into()),
    );
    let people_rows: u64 = args
        .get(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let record_rows: u64 = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(3_000_000);
    std::fs::create_dir_all(&dir)?;
    for framed in [false, true] {
        let tag = if framed { "framed" } else { "plain" };
        let people = dir.join(format!("people-{tag}.xlsx"));
        let records = dir.join(format!("records-{tag}.csv"));
        if !people.exists() {
            write_people(&people, people_rows, framed)?;
        }
        if !records.exists() {
            write_records(&records, record_rows, framed)?;
        }
        let p = median_read(&people, TableRole::People);
        let r = median_read(&records, TableRole::Records);
        println!(
            "{tag:6} people xlsx {people_rows} rows: {p:.2} s · records csv {record_rows} rows: {r:.2} s"
        );
    }
    println!("files in {}", dir.display());
    Ok(())
}
