//! Issue 4's streamed register benchmark: a register of N rows (default 100,000,000) generated
//! and checked batch by batch — each batch an Arrow record batch of text columns, read by the
//! table layer and pushed through `RegisterCheck`, its findings counted and dropped — then the
//! double registrations across the whole register. Reports rows per second and the peak
//! resident memory (VmHWM).
//!
//!     cargo bench --bench voters_stream [-- --rows 100000000 --batch 1000000]
//!
//! The register is synthetic and seeded (splitmix64): unique ID numbers by construction
//! (Ningxia county codes, births 1940–2003, 0.2 % born 2003–2008 and so under 18), 0.1 % of
//! rows repeating an earlier person (in the same or another unit), 2 % category 3.

use arrow_array::{ArrayRef, Date32Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use huanjie::RulePack;
use huanjie::error::Location;
use huanjie::table::register_from_batches;
use huanjie::voters::RegisterCheck;
use std::sync::Arc;
use std::time::Instant;

const COUNTIES: [u64; 22] = [
    640104, 640105, 640106, 640121, 640122, 640181, 640202, 640205, 640221, 640302, 640303, 640323,
    640324, 640381, 640402, 640422, 640423, 640424, 640425, 640502, 640521, 640522,
];
const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Days since 1970-01-01 → (year, month, day), civil calendar.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The ID number of person `i` (unique for i below 22 × 25,000 × 999).
fn id_of(i: u64, minor: bool, out: &mut Vec<u8>) {
    let seq = i % 999 + 1;
    let rest = i / 999;
    let (lo, span) = if minor {
        (12_054, 2_000)
    } else {
        (-10_957, 23_000)
    }; // 2003-01-01, 1940-01-01
    let day = lo + (rest % span) as i64;
    let county = COUNTIES[((rest / span) % 22) as usize];
    let (y, m, d) = civil(day);
    let body = format!("{county}{y:04}{m:02}{d:02}{seq:03}");
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    out.extend_from_slice(body.as_bytes());
    out.push(CHECK[(sum % 11) as usize]);
}

fn batch(start: u64, n: usize, rng: &mut Rng) -> RecordBatch {
    let mut ids = Vec::with_capacity(n * 18);
    let mut units = Vec::with_capacity(n);
    let mut cats = Vec::with_capacity(n);
    let mut since = Vec::with_capacity(n);
    let mut consent = Vec::with_capacity(n);
    for k in 0..n as u64 {
        let row = start + k;
        let r = rng.below(10_000);
        let person = if r < 10 && row > 1000 {
            row - 1 - rng.below(row.min(5_000_000))
        } else {
            row
        };
        id_of(person, (10..30).contains(&r), &mut ids);
        let unit = row / 1000;
        units.push(format!(
            "{}{:03}{:03}",
            COUNTIES[(unit % 22) as usize],
            100 + (unit / 22) % 100,
            200 + (unit / 2200) % 200
        ));
        let c = rng.below(100);
        let cat = if c < 90 {
            "1"
        } else if c < 98 {
            "2"
        } else {
            "3"
        };
        cats.push(cat);
        if cat == "3" {
            since.push(Some(16_436 + rng.below(2_200) as i32)); // 2015-01-01 …
            consent.push(Some(if rng.below(20) == 0 { "否" } else { "是" }));
        } else {
            since.push(None);
            consent.push(None);
        }
    }
    let id_strings: Vec<&str> = ids
        .chunks(18)
        .map(|c| std::str::from_utf8(c).unwrap_or(""))
        .collect();
    let schema = Arc::new(Schema::new(vec![
        Field::new("id_number", DataType::Utf8, false),
        Field::new("unit_code", DataType::Utf8, false),
        Field::new("category", DataType::Utf8, false),
        Field::new("residence_since", DataType::Date32, true),
        Field::new("consent", DataType::Utf8, true),
    ]));
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(id_strings)),
        Arc::new(StringArray::from(units)),
        Arc::new(StringArray::from(cats)),
        Arc::new(Date32Array::from(since)),
        Arc::new(StringArray::from(consent)),
    ];
    RecordBatch::try_new(schema, cols).expect("the generated batch is well-formed")
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let rows = arg("--rows", 100_000_000);
    let batch_rows = arg("--batch", 1_000_000) as usize;
    let pack = RulePack::builtin("cn-2021").expect("built-in pack");
    let as_of = "2021-01-15".parse().expect("date");
    let mut check = RegisterCheck::new(&pack, as_of, None, None).expect("pack values");
    let at = Location {
        table: "register".into(),
        ..Location::default()
    };
    let mut rng = Rng(2021);
    let (mut gen_s, mut read_s, mut check_s) = (0.0, 0.0, 0.0);
    let mut row_findings = 0usize;
    let mut done = 0u64;
    while done < rows {
        let n = batch_rows.min((rows - done) as usize);
        let t = Instant::now();
        let b = batch(done, n, &mut rng);
        gen_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let reg = register_from_batches(&[b], &at).expect("readable");
        read_s += t.elapsed().as_secs_f64();
        let t = Instant::now();
        row_findings += check.push(&reg).len();
        check_s += t.elapsed().as_secs_f64();
        done += n as u64;
    }
    let t = Instant::now();
    let report = check.finish().expect("finish");
    let finish_s = t.elapsed().as_secs_f64();
    let work = read_s + check_s + finish_s;
    eprintln!(
        "{rows} rows in batches of {batch_rows}: generate {gen_s:.1} s (not counted); read {read_s:.1} s, check {check_s:.1} s, duplicates and units {finish_s:.1} s"
    );
    eprintln!(
        "{:.2} M rows/s checked (read + check + finish, {} threads); peak RSS {:.0} MiB",
        rows as f64 / work / 1e6,
        rayon_threads(),
        peak_rss_mib()
    );
    eprintln!(
        "findings: {row_findings} on rows, {} duplicate/unit; persons registered twice: {} in one unit, {} in two units; eligible {} of {}",
        report.findings.len(),
        report.summary.duplicated,
        report.summary.in_two_units,
        report.summary.eligible,
        report.summary.rows
    );
}

fn rayon_threads() -> String {
    std::env::var("RAYON_NUM_THREADS").unwrap_or_else(|_| "all".into())
}
