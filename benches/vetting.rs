//! The Rust side of the vetting benchmark (issue 2): synthetic Arrow tables of candidates and
//! vetting records in memory, timed from the tables to the outcomes table through the Rust API.
//!
//! `cargo bench --bench vetting -- [people] [records] [--outcomes-only]` (defaults 1,000,000
//! and 3,000,000; `--outcomes-only` skips the full check with every finding built).
//! The Python script `benches/bench_vetting.py` times the same work through `huanjie.check`
//! and against pandas and polars baselines, on data of the same shape.

use arrow_array::{ArrayRef, Date32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use huanjie::error::Location;
use huanjie::table::{
    CheckTables, TableInput, check_outcomes_tables, check_tables, outcomes_batch,
};
use huanjie::{CheckOptions, RulePack};
use std::sync::Arc;
use std::time::Instant;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const KINDS: &[&str] = &[
    "criminal_penalty",
    "party_sanction",
    "government_sanction",
    "organizational_handling",
    "under_investigation",
    "unqualified_party_member",
    "long_absence",
    "misappropriation",
    "illegal_construction",
    "ecological_damage",
    "dishonest_debtor",
    "political_rights_deprived",
    "rated_incompetent",
    "vice",
    "election_fraud",
    "other_unsuitable",
];
const GRADES: &[&str] = &[
    "警告",
    "严重警告",
    "记过",
    "记大过",
    "撤职",
    "留党察看",
    "开除党籍",
    "开除",
    "",
];

fn tables(n_people: usize, n_records: usize, seed: u64) -> (RecordBatch, RecordBatch) {
    let mut rng = Rng(seed | 1);
    let counties = [
        640104u32, 640105, 640106, 640121, 640122, 640181, 640202, 640205, 640221, 640302, 640303,
    ];
    let ids: Vec<String> = (0..n_people)
        .map(|i| {
            let birth = NaiveDate::from_ymd_opt(
                1950 + rng.below(55) as i32,
                1 + rng.below(12) as u32,
                1 + rng.below(28) as u32,
            )
            .unwrap();
            let county = counties[rng.below(counties.len() as u64) as usize];
            huanjie::id::from_parts(county, birth, (i % 1000) as u16)
                .unwrap()
                .to_string()
        })
        .collect();
    let people = RecordBatch::try_new(
        Arc::new(Schema::new(vec![Field::new(
            "id_number",
            DataType::Utf8,
            false,
        )])),
        vec![Arc::new(StringArray::from(ids.clone())) as ArrayRef],
    )
    .unwrap();
    let as_of = huanjie::date::to_days(NaiveDate::from_ymd_opt(2021, 1, 15).unwrap());
    let mut rid = Vec::with_capacity(n_records);
    let mut kind = Vec::with_capacity(n_records);
    let mut date = Vec::with_capacity(n_records);
    let mut end = Vec::with_capacity(n_records);
    let mut grade = Vec::with_capacity(n_records);
    let mut rect = Vec::with_capacity(n_records);
    for _ in 0..n_records {
        // Most candidates have no record; some have several.
        let p = (rng.below(n_people as u64 / 4 + 1) * 4 % n_people as u64) as usize;
        rid.push(ids[p].clone());
        let k = KINDS[rng.below(KINDS.len() as u64) as usize];
        kind.push(k);
        date.push((rng.below(20) > 0).then(|| as_of - rng.below(3000) as i32));
        end.push((rng.below(2) == 0).then(|| as_of - 800 + rng.below(1600) as i32));
        grade.push(if k.ends_with("sanction") {
            Some(GRADES[rng.below(GRADES.len() as u64) as usize]).filter(|g| !g.is_empty())
        } else {
            None
        });
        rect.push(match rng.below(3) {
            0 => Some("是"),
            1 => Some("否"),
            _ => None,
        });
    }
    let schema = Schema::new(vec![
        Field::new("id_number", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("date", DataType::Date32, true),
        Field::new("end_date", DataType::Date32, true),
        Field::new("grade", DataType::Utf8, true),
        Field::new("rectified", DataType::Utf8, true),
    ]);
    let records = RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(StringArray::from(rid)) as ArrayRef,
            Arc::new(StringArray::from(kind)),
            Arc::new(Date32Array::from(date)),
            Arc::new(Date32Array::from(end)),
            Arc::new(StringArray::from(grade)),
            Arc::new(StringArray::from(rect)),
        ],
    )
    .unwrap();
    (people, records)
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.replace('_', "").parse().ok())
        .collect();
    let n_people = args.first().copied().unwrap_or(1_000_000);
    let n_records = args.get(1).copied().unwrap_or(3_000_000);
    let t = Instant::now();
    let (people, records) = tables(n_people, n_records, 2021);
    eprintln!(
        "generated {n_people} people and {n_records} records in {:.2?}",
        t.elapsed()
    );
    let pack = RulePack::builtin("cn-2021").unwrap();
    let as_of = NaiveDate::from_ymd_opt(2021, 1, 15).unwrap();
    let (pa, ra) = (
        Location {
            table: "people".into(),
            ..Default::default()
        },
        Location {
            table: "records".into(),
            ..Default::default()
        },
    );
    let (pb, rb) = (vec![people], vec![records]);
    let tables = CheckTables {
        people: TableInput {
            batches: &pb,
            at: &pa,
        },
        roster: None,
        records: Some(TableInput {
            batches: &rb,
            at: &ra,
        }),
        relations: None,
        units: None,
    };
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let verdicts = check_outcomes_tables(tables, &pack, CheckOptions::new(as_of)).unwrap();
        let out = outcomes_batch(&verdicts.outcomes, false).unwrap();
        let secs = t.elapsed().as_secs_f64();
        best = best.min(secs);
        eprintln!(
            "check_outcomes → outcomes: {:.1} ms ({} outcomes, {} findings counted)",
            secs * 1e3,
            out.num_rows(),
            verdicts.summary.findings
        );
    }
    // The full check (every finding built), for comparison (not with `--outcomes-only`, so
    // that a profile shows only the outcomes path).
    let outcomes_only = std::env::args().any(|a| a == "--outcomes-only");
    let t = Instant::now();
    if !outcomes_only {
        let report = check_tables(tables, &pack, CheckOptions::new(as_of)).unwrap();
        eprintln!(
            "check (findings built): {:.1} ms ({} findings)",
            t.elapsed().as_secs_f64() * 1e3,
            report.findings.len()
        );
    }
    println!("rust_api_best_ms\t{:.1}", best * 1e3);
    // Where the time goes.
    let t = Instant::now();
    let people = huanjie::table::people_from_batches(&pb, &pa).unwrap();
    let t1 = t.elapsed();
    let records = huanjie::table::records_from_batches(&rb, &ra, &pack).unwrap();
    let t2 = t.elapsed();
    let report = huanjie::check_outcomes(
        huanjie::CheckInput {
            people: &people,
            roster: None,
            records: Some(&records),
            relations: None,
            units: None,
        },
        &pack,
        CheckOptions::new(as_of),
    )
    .unwrap();
    let t3 = t.elapsed();
    let _ = outcomes_batch(&report.outcomes, false).unwrap();
    let t4 = t.elapsed();
    drop(report);
    let t5 = t.elapsed();
    eprintln!(
        "people {:.0?} · records {:.0?} · check {:.0?} · outcomes table {:.0?} · drop {:.0?}",
        t1,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        t5 - t4
    );
}
