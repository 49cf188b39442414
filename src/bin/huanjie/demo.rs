//! `huanjie demo`: the Ningxia 2020–21 reference run — build the synthetic data set, run the
//! whole pipeline on it, and set the seed report's figures beside the computed ones.

use super::{Fatal, emit, write_out};
use clap::Args;
use huanjie::reference::{self, DemoFigure, DemoRun, ReferenceData};
use huanjie::table::{Format, csv_bytes, finding_lines, write_json};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Args)]
pub(crate) struct DemoArgs {
    /// text: the figures side by side; json: {"dataset", "figures": [...]}.
    #[arg(long, default_value = "text", value_parser = super::text_or_json)]
    format: Format,
    /// Also write every table (CSV, UTF-8 with BOM), the results and the HTML report here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// The data set's seed (the documented figures are for 2021).
    #[arg(long, default_value_t = reference::DEFAULT_SEED)]
    seed: u64,
}

fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "—".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Columns a string takes in a terminal: two for CJK ideographs and full-width forms.
fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let c = c as u32;
            let wide = (0x1100..=0x115F).contains(&c)
                || (0x2E80..=0xA4CF).contains(&c)
                || (0xAC00..=0xD7A3).contains(&c)
                || (0xF900..=0xFAFF).contains(&c)
                || (0xFE30..=0xFE4F).contains(&c)
                || (0xFF00..=0xFF60).contains(&c)
                || (0xFFE0..=0xFFE6).contains(&c);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// `s` padded with spaces to `width` terminal columns (left- or right-aligned).
fn pad(s: &str, width: usize, right: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(columns(s)));
    if right {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}

/// A published or computed value as the table shows it (the trend: its name only).
fn cell(v: &serde_json::Value) -> String {
    let t = show(v);
    t.split(':').next().unwrap_or_default().trim().to_string()
}

fn text(data: &ReferenceData, run: &DemoRun, seconds: (f64, f64)) -> String {
    let rows = |n: &str| data.table(n).map_or(0, |b| b.num_rows());
    let mut out = format!(
        "huanjie demo · 宁夏 2020–21 村(居)委会换届 · synthetic reference data ({}, seed {}) · pack {}\n",
        reference::DATASET,
        data.seed,
        run.pack.name
    );
    out.push_str(&format!(
        "tables: units {} · people {} · roster {} · previous {} · records {} · relations {} · register {} · proxies {} · tallies {} · votes {} · nominations {}\n",
        rows("units"), rows("people"), rows("roster"), rows("previous"), rows("records"),
        rows("relations"), rows("register"), rows("proxies"), rows("tallies"), rows("votes"),
        rows("nominations"),
    ));
    let n = &run.nominations.summary;
    out.push_str(&format!(
        "nominations: {} slates, {} nominees, {} formal candidates, {} tied, {} short slates, {} findings\n",
        n.slates, n.nominees, n.formal, n.tied, n.short_slates, n.findings,
    ));
    let s = &run.check.summary;
    let c = &run.count.summary;
    let second = run.count.rounds.iter().filter(|r| r.round == 2).count();
    let invalid_ballots = run
        .count
        .rounds
        .iter()
        .filter(|r| r.ballots_invalid.unwrap_or(0) > 0)
        .count();
    out.push_str(&format!(
        "review: {} persons vetted, {} ineligible ({} negative list/statutory bars, {} avoidance only), {} to review, {} findings\n",
        s.persons, s.ineligible, run.screened.negative_list, run.screened.avoidance_only,
        s.needs_review, run.check.findings.len(),
    ));
    out.push_str(&format!(
        "register: {} rows, {} findings · count: {} elections, {} second rounds, {} with invalid ballots, {} seats filled, {} unfilled, {} findings\n",
        rows("register"), run.voters.findings.len(), c.elections, second, invalid_ballots,
        c.filled, c.unfilled, c.findings,
    ));
    out.push_str(&format!(
        "time: data set {:.2} s, pipeline {:.2} s\n\n",
        seconds.0, seconds.1
    ));
    let shown: Vec<&DemoFigure> = run.figures.iter().filter(|f| f.matches.is_some()).collect();
    let label = |f: &DemoFigure| format!("{} {}", f.label_zh, f.label_en);
    let width = shown.iter().map(|f| columns(&label(f))).max().unwrap_or(0);
    out.push_str(&format!(
        "{} {} {}   match\n",
        pad("指标 figure", width, false),
        pad("published", 10, true),
        pad("computed", 10, true)
    ));
    for f in &shown {
        out.push_str(&format!(
            "{} {} {}   {}\n",
            pad(&label(f), width, false),
            pad(&cell(&f.published), 10, true),
            pad(&cell(&f.computed), 10, true),
            if f.matches == Some(true) {
                "✓"
            } else {
                "✗ MISMATCH"
            }
        ));
    }
    let not_computed: Vec<&DemoFigure> =
        run.figures.iter().filter(|f| f.matches.is_none()).collect();
    if !not_computed.is_empty() {
        out.push_str("\nnot computed (not in an election's tables) · 未计算:\n");
        for f in not_computed {
            out.push_str(&format!(
                "  {} {} ({}): published {}\n",
                f.label_zh,
                f.label_en,
                f.key,
                show(&f.published)
            ));
        }
    }
    out.push_str("\n读法 how each figure is read:\n");
    for f in &shown {
        out.push_str(&format!("  {}: {}\n", f.key, f.reading));
    }
    let computable = run.figures.iter().filter(|f| f.matches.is_some()).count();
    let matched = run
        .figures
        .iter()
        .filter(|f| f.matches == Some(true))
        .count();
    let total = run.figures.len();
    out.push_str(&if computable == total {
        format!("\n{matched} of {total} figures match the published ones\n")
    } else {
        format!("\n{matched} of {computable} computable figures match the published ones ({total} published)\n")
    });
    out
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), Fatal> {
    write_out(Some(&dir.join(name)), bytes)
}

/// Writes every file of the demo into `dir`, all or none: they are written into a staging
/// directory inside `dir` and moved into place only when every one of them is written; on a
/// failure the staging directory is removed and the files already in `dir` are kept.
fn write_all(dir: &Path, data: &ReferenceData, run: &DemoRun) -> Result<(), Fatal> {
    let cannot = |e: std::io::Error| {
        Fatal(format!(
            "无法写入 cannot write {}: {}",
            dir.display(),
            huanjie::error::io_reason(&e)
        ))
    };
    std::fs::create_dir_all(dir).map_err(cannot)?;
    let staging = dir.join(format!(".huanjie-demo-{}.partial", std::process::id()));
    std::fs::create_dir_all(&staging).map_err(cannot)?;
    let written = write_files(&staging, data, run).and_then(|()| {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&staging).map_err(cannot)? {
            names.push(entry.map_err(cannot)?.file_name());
        }
        for name in names {
            std::fs::rename(staging.join(&name), dir.join(&name)).map_err(cannot)?;
        }
        Ok(())
    });
    let _ = std::fs::remove_dir_all(&staging);
    written
}

/// Every input table, the review's findings and outcomes, the count, the statistics, the
/// figures and the HTML report.
fn write_files(dir: &Path, data: &ReferenceData, run: &DemoRun) -> Result<(), Fatal> {
    for (name, batch) in &data.tables {
        write(dir, &format!("{name}.csv"), &csv_bytes(batch)?)?;
    }
    write(
        dir,
        "findings.csv",
        &csv_bytes(&finding_lines(&run.check.findings, &run.pack.name, false)?)?,
    )?;
    let outcomes = huanjie::table::outcomes_batch(&run.check.outcomes, false)?;
    write(dir, "outcomes.csv", &csv_bytes(&outcomes)?)?;
    let rounds = huanjie::table::rounds_batch(&run.count)?;
    write(dir, "count_rounds.csv", &csv_bytes(&rounds)?)?;
    let stats = huanjie::table::stats_batch(&run.stats, 1)?;
    write(dir, "stats.csv", &csv_bytes(&stats)?)?;
    write(
        dir,
        "figures.csv",
        &csv_bytes(&reference::figures_batch(run)?)?,
    )?;
    if let Some(report) = run.report() {
        write(dir, "summary.md", report.markdown().as_bytes())?;
    }
    let html = reference::demo_html(data, run);
    write(dir, "report.html", html.as_bytes())
}

pub(crate) fn run_demo(a: DemoArgs) -> Result<u8, Fatal> {
    let t0 = Instant::now();
    let data = reference::ningxia_2021(a.seed)?;
    let t1 = Instant::now();
    let run = reference::demo(&data)?;
    let t2 = Instant::now();
    let seconds = ((t1 - t0).as_secs_f64(), (t2 - t1).as_secs_f64());
    emit(None, |mut w| {
        match a.format {
            Format::Json => write_json(&reference::demo_document(&data, &run), true, &mut w)?,
            _ => w.write_all(text(&data, &run, seconds).as_bytes())?,
        }
        Ok(())
    })?;
    if let Some(dir) = &a.out {
        write_all(dir, &data, &run)?;
        if a.format == Format::Text {
            // (a reader gone away is no failure here: the files are written)
            let _ = writeln!(
                std::io::stdout(),
                "tables, results and report.html written to {}",
                dir.display()
            );
        }
    }
    Ok(u8::from(!run.all_match()))
}
