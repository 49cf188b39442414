//! XLSX output (docs/outputs.md "XLSX"): a [`Document`] as a workbook for the clerk's Excel or
//! WPS. The first sheet, `概况 summary`, holds the document's values as key/value rows; every
//! table gets its own sheet with two header rows (Chinese, then the canonical English column
//! name), ID numbers as text, dates as dates, frozen headers, an autofilter and column widths
//! that show the content. Table sheets are written row by row in constant memory (their rows go
//! to a temporary file as they are written), so a table of millions of rows is never held as
//! cells; a table longer than Excel's 1,048,576 rows continues on `… (2)`, and the summary
//! sheet says so.

use super::document::{Document, Part};
use super::write::JSON_TEXT;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type,
    UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch, StringArray};
use arrow_schema::{ArrowError, DataType, Field, Schema};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format as Style, FormatBorder, Workbook, XlsxError,
};
use serde_json::Value;
use std::io::{Seek, SeekFrom, Write};
use std::sync::Arc;

/// Excel's rows per worksheet.
pub const EXCEL_ROWS: u32 = 1_048_576;
/// The header rows of a table sheet: Chinese, then English.
const HEADER_ROWS: u32 = 2;
/// The widest a column is made (in Excel's character units).
const MAX_WIDTH: usize = 60;
/// The narrowest a column is made.
const MIN_WIDTH: usize = 6;
/// Excel's characters per cell: longer text is cut there (and the summary says how often).
const CELL_CHARS: usize = 32_767;
/// The first sheet's name.
pub const SUMMARY_SHEET: &str = "概况 summary";
/// How booleans are written.
const YES: &str = "是";
/// How booleans are written.
const NO: &str = "否";
/// How the items of a list cell are joined.
const LIST_SEPARATOR: &str = "、";

/// The Chinese name of each part that becomes a sheet (the sheet is `中文 part`); a part not
/// listed keeps its English name.
pub const PART_NAMES: &[(&str, &str)] = &[
    ("findings", "审查发现"),
    ("outcomes", "审查结论"),
    ("units", "选区汇总"),
    ("rows", "选民资格"),
    ("rounds", "计票结果"),
    ("elected", "当选人员"),
    ("runoff", "另行选举候选人"),
    ("ties", "得票相等"),
    ("figures", "统计指标"),
    ("two_up_one_down", "两升一降"),
    ("shares", "名额分配"),
    ("rules", "规则目录"),
    ("ids", "身份证号码"),
    ("summary", "概况"),
    ("slates", "提名职位"),
    ("nominees", "被提名人"),
    ("participation", "参与提名"),
    ("nomination_findings", "提名审查发现"),
];

/// The Chinese header of every column a result table of huanjie has (row 1 of a sheet; row 2
/// is the canonical name). `tests/xlsx_out.rs` holds every result batch to it.
pub const COLUMN_NAMES: &[(&str, &str)] = &[
    // findings and outcomes
    ("rule", "规则"),
    ("severity", "严重程度"),
    ("id_number", "身份证号码"),
    ("row", "数据行序号"),
    ("roster_row", "名册行序号"),
    ("unit_code", "区划代码"),
    ("body", "组织"),
    ("role", "职务"),
    ("message_zh", "说明"),
    ("message_en", "说明（英文）"),
    ("reference", "依据"),
    ("parameters", "参数"),
    ("eligible_from", "可参选日期"),
    ("evidence", "证据"),
    ("line", "行号"),
    ("source", "来源文件"),
    ("name", "姓名"),
    ("pack", "规则包"),
    ("outcome", "结论"),
    ("rules", "规则"),
    ("should_not", "不宜人选"),
    // summaries
    ("persons", "审查人数"),
    ("eligible", "符合条件"),
    ("ineligible", "不符合条件"),
    ("needs_review", "需复核"),
    ("findings", "发现数"),
    ("records_after_as_of", "基准日后的记录"),
    ("records_unattributed", "无法归属的记录"),
    // the voter register
    ("election_date", "选举日期"),
    ("rows", "行数"),
    // the count
    ("round", "轮次"),
    ("valid", "有效"),
    ("reasons", "无效原因"),
    ("registered", "登记选民数"),
    ("voted", "参加投票人数"),
    ("ballots_returned", "收回选票数"),
    ("ballots_invalid", "无效选票数"),
    ("turnout_num", "投票人数"),
    ("turnout_den", "选民数"),
    ("turnout_percent", "投票率（%）"),
    ("seats_director", "主任名额"),
    ("seats_deputy_director", "副主任名额"),
    ("seats_member", "委员名额"),
    ("unfilled_director", "主任缺额"),
    ("unfilled_deputy_director", "副主任缺额"),
    ("unfilled_member", "委员缺额"),
    ("votes", "得票数"),
    ("write_in", "另选他人"),
    ("seats", "名额"),
    // nominations
    ("rank", "名次"),
    ("nominations", "提名数"),
    ("nominator_persons", "提名人（人）"),
    ("nominators_counted", "联名人数（按填报）"),
    ("organisation_nominations", "组织提名数"),
    ("nominator_kind", "提名人类别"),
    ("margin_min", "最少差额"),
    ("margin_max", "最多差额"),
    ("nominees", "被提名人数"),
    ("formal", "正式候选人数"),
    ("tied", "并列未定人数"),
    // apportionment
    ("group", "村民小组"),
    ("weight", "权重（户数）"),
    ("min_seats", "最少名额"),
    ("quota", "份额"),
    ("tie", "并列"),
    // statistics
    ("level", "层级"),
    ("code", "代码"),
    ("kind", "类别"),
    ("figure", "指标"),
    ("label_zh", "指标名称"),
    ("label_en", "指标名称（英文）"),
    ("num", "分子"),
    ("den", "分母"),
    ("text", "数值"),
    ("value", "数值（小数）"),
    ("previous_num", "上届分子"),
    ("previous_den", "上届分母"),
    ("previous_text", "上届数值"),
    ("change", "变化"),
    ("change_num", "人数（个数）变化"),
    ("change_relative_percent", "相对变化（%）"),
    ("direction", "方向"),
    ("two_up_one_down", "两升一降"),
    // the rule catalogue
    ("title_zh", "规则名称"),
    ("title_en", "规则名称（英文）"),
    ("from", "起始日期"),
    ("until", "截止日期"),
    ("in_force", "是否施行"),
    ("description", "说明"),
    ("action_zh", "处理建议"),
    ("action_en", "处理建议（英文）"),
    ("cases", "情形"),
    ("parameter_values", "参数取值"),
    // ID numbers
    ("input", "输入"),
    ("birth_date", "出生日期"),
    ("sex", "性别"),
    ("address_code", "地址码"),
    ("error", "错误"),
    ("legacy", "15位旧号码"),
    ("residence_permit", "居住证"),
    ("reason", "原因"),
    ("region", "地区"),
    // the summary sheet
    ("key", "项目"),
    ("as_of", "基准日"),
    ("date", "日期"),
    ("end_date", "结束日期"),
];

/// Columns (and summary keys) holding a day: a text cell of theirs that reads as `YYYY-MM-DD`
/// is written as an Excel date.
pub const DATE_COLUMNS: &[&str] = &[
    "eligible_from",
    "as_of",
    "previous_as_of",
    "date",
    "end_date",
    "start_date",
    "birth_date",
    "election_date",
    "residence_since",
    "published",
    "effective",
    "from",
    "until",
];

/// The Chinese header of column `name`, if huanjie knows it.
pub fn column_zh(name: &str) -> Option<&'static str> {
    COLUMN_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, zh)| *zh)
}

/// The sheet name of part `part` (`审查发现 findings`; a part without a Chinese name keeps its
/// own), at most 31 characters, without the characters Excel does not allow.
pub fn sheet_name(part: &str) -> String {
    let base = match PART_NAMES.iter().find(|(n, _)| *n == part) {
        Some((_, zh)) => format!("{zh} {part}"),
        None => part.to_string(),
    };
    clean_sheet_name(&base, "")
}

/// `base` + `suffix` as a sheet name: Excel's forbidden characters replaced, cut to 31
/// characters (the suffix kept whole).
fn clean_sheet_name(base: &str, suffix: &str) -> String {
    let keep = 31usize.saturating_sub(suffix.chars().count());
    let mut name: String = base
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c => c,
        })
        .take(keep)
        .collect();
    let trimmed = name.trim_matches('\'').trim().to_string();
    name = if trimmed.is_empty() {
        "sheet".into()
    } else {
        trimmed
    };
    name.push_str(suffix);
    name
}

fn xlsx(e: XlsxError) -> ArrowError {
    ArrowError::ExternalError(Box::new(e))
}

fn io(e: std::io::Error) -> ArrowError {
    ArrowError::IoError(crate::error::io_reason(&e), e)
}

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text, as text (never read as a number: ID numbers keep their 18 characters).
    Text,
    /// Text that is a day when it reads as `YYYY-MM-DD` (a date column by its name).
    DateText,
    /// JSON text (field metadata `huanjie.json`), written as it is; `null` as an empty cell.
    Json,
    /// A day.
    Date,
    /// 是/否.
    Bool,
    /// A number.
    Number,
    /// Items joined with `、`.
    List,
    /// Anything else, as its display text.
    Other,
}

fn kind_of(field: &Field) -> Kind {
    let dated = DATE_COLUMNS.contains(&field.name().as_str());
    match field.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let json = field.metadata().get(JSON_TEXT).is_some_and(|v| v == "true");
            match (json, dated) {
                (true, _) => Kind::Json,
                (false, true) => Kind::DateText,
                (false, false) => Kind::Text,
            }
        }
        DataType::Date32 => Kind::Date,
        DataType::Boolean => Kind::Bool,
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64
        | DataType::Float32
        | DataType::Float64 => Kind::Number,
        DataType::List(_) | DataType::LargeList(_) => Kind::List,
        _ => Kind::Other,
    }
}

/// A day as Excel's (none before 1900 or after 9999: such a day is written as text).
fn excel_day(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// `text` as a day when it is exactly `YYYY-MM-DD`.
fn iso_day(text: &str) -> Option<NaiveDate> {
    if text.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The width of `text` in Excel's character units (a CJK or other wide character counts 2),
/// counted no further than [`MAX_WIDTH`].
fn text_width(text: &str) -> usize {
    let mut w = 0;
    for c in text.chars() {
        w += if (c as u32) >= 0x1100 { 2 } else { 1 };
        if w >= MAX_WIDTH {
            return MAX_WIDTH;
        }
    }
    w
}

/// One cell's value, ready to be written.
enum Cell {
    Empty,
    Text(String),
    Day(ExcelDateTime),
    Number(f64),
}

/// Cell `row` of `array`.
fn cell(array: &ArrayRef, kind: Kind, row: usize) -> Cell {
    if array.is_null(row) {
        return Cell::Empty;
    }
    match kind {
        Kind::Text | Kind::DateText | Kind::Json => {
            let text = match array.data_type() {
                DataType::Utf8 => array.as_string::<i32>().value(row).to_string(),
                DataType::LargeUtf8 => array.as_string::<i64>().value(row).to_string(),
                _ => display(array, row),
            };
            match kind {
                Kind::Json if text == "null" => Cell::Empty,
                Kind::DateText => iso_day(&text)
                    .and_then(excel_day)
                    .map_or(Cell::Text(text), Cell::Day),
                _ => Cell::Text(text),
            }
        }
        Kind::Date => {
            let days = array.as_primitive::<Date32Type>().value(row);
            match crate::date::from_days(days) {
                Some(d) => excel_day(d).map_or_else(|| Cell::Text(d.to_string()), Cell::Day),
                None => Cell::Empty,
            }
        }
        Kind::Bool => {
            let yes = array.as_boolean().value(row);
            Cell::Text(if yes { YES } else { NO }.to_string())
        }
        Kind::Number => number(array, row).map_or(Cell::Empty, Cell::Number),
        Kind::List => {
            let items = match array.data_type() {
                DataType::List(_) => array.as_list::<i32>().value(row),
                _ => array.as_list::<i64>().value(row),
            };
            let texts: Vec<String> = (0..items.len())
                .filter(|&i| !items.is_null(i))
                .map(|i| match items.data_type() {
                    DataType::Utf8 => items.as_string::<i32>().value(i).to_string(),
                    _ => display(&items, i),
                })
                .collect();
            Cell::Text(texts.join(LIST_SEPARATOR))
        }
        Kind::Other => Cell::Text(display(array, row)),
    }
}

/// A number cell (none for a float that is not finite).
fn number(array: &ArrayRef, row: usize) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    let v = match array.data_type() {
        DataType::Int8 => f64::from(array.as_primitive::<Int8Type>().value(row)),
        DataType::Int16 => f64::from(array.as_primitive::<Int16Type>().value(row)),
        DataType::Int32 => f64::from(array.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => array.as_primitive::<Int64Type>().value(row) as f64,
        DataType::UInt8 => f64::from(array.as_primitive::<UInt8Type>().value(row)),
        DataType::UInt16 => f64::from(array.as_primitive::<UInt16Type>().value(row)),
        DataType::UInt32 => f64::from(array.as_primitive::<UInt32Type>().value(row)),
        DataType::UInt64 => array.as_primitive::<UInt64Type>().value(row) as f64,
        DataType::Float32 => f64::from(array.as_primitive::<Float32Type>().value(row)),
        DataType::Float64 => array.as_primitive::<Float64Type>().value(row),
        _ => return None,
    };
    v.is_finite().then_some(v)
}

/// Any cell as its display text.
fn display(array: &ArrayRef, row: usize) -> String {
    let options = arrow_cast::display::FormatOptions::default();
    arrow_cast::display::ArrayFormatter::try_new(array.as_ref(), &options)
        .map_or_else(|_| String::new(), |f| f.value(row).to_string())
}

/// The styles of a workbook.
struct Styles {
    header_zh: Style,
    header_en: Style,
    text: Style,
    day: Style,
}

impl Styles {
    fn new() -> Styles {
        let header = Style::new()
            .set_bold()
            .set_border_bottom(FormatBorder::Thin)
            .set_num_format("@");
        Styles {
            header_zh: header.clone().set_background_color(Color::RGB(0x00DD_EBF7)),
            header_en: header
                .set_background_color(Color::RGB(0x00F2_F2F2))
                .set_font_color(Color::RGB(0x0059_5959)),
            text: Style::new().set_num_format("@"),
            day: Style::new().set_num_format("yyyy-mm-dd"),
        }
    }
}

/// The table being written: its sheet (or its current continuation) and what is known of it.
struct TableSheet {
    part: String,
    kinds: Vec<Kind>,
    headers: Vec<(String, String)>,
    /// The worksheet being written (its index in the workbook).
    index: usize,
    /// The sheets of the table so far.
    sheets: Vec<String>,
    /// The next row of the current sheet.
    next_row: u32,
    widths: Vec<usize>,
    /// Rows written in all.
    rows: u64,
}

/// A workbook written part by part — values to the summary sheet, tables row by row, batch by
/// batch — so that a result of millions of rows is written with the memory of one batch
/// ([`write_xlsx`] writes a whole [`Document`] through it). Tables must come one after the
/// other: a table ends when the next begins or the workbook is finished.
pub struct XlsxParts {
    book: Workbook,
    styles: Styles,
    /// The summary sheet's rows: a dotted key and a scalar value.
    summary: Vec<(String, Value)>,
    /// What the summary sheet says about each table: its rows and its sheets.
    tables: Vec<(String, String)>,
    /// The part named by the last `table_begin`, before its first batch.
    pending: Option<String>,
    sheet: Option<TableSheet>,
    names: Vec<String>,
    /// Rows per sheet, the two header rows included (Excel's limit; smaller in tests).
    row_limit: u32,
    /// Cells cut at Excel's 32,767 characters.
    cut: u64,
    /// The file the workbook is put together in before it is copied to the output.
    file: std::fs::File,
}

impl XlsxParts {
    /// An empty workbook (its summary sheet first).
    pub fn new() -> Result<XlsxParts, ArrowError> {
        XlsxParts::with_row_limit(EXCEL_ROWS)
    }

    /// [`XlsxParts::new`] with `row_limit` rows per sheet (Excel's is [`EXCEL_ROWS`]; a test
    /// sets a small one to see a table continue on a second sheet).
    pub(crate) fn with_row_limit(row_limit: u32) -> Result<XlsxParts, ArrowError> {
        // The temporary file first: the worksheets of a constant-memory workbook each open one
        // in the same directory, so a directory that cannot hold one is an error here.
        let file = tempfile::tempfile().map_err(io)?;
        let mut book = Workbook::new();
        // Nothing reads the clock: the creation date is fixed (the zip entries' own 1980-01-01),
        // so the same result is the same bytes.
        let created = ExcelDateTime::from_ymd(1980, 1, 1).map_err(xlsx)?;
        book.set_properties(&DocProperties::new().set_creation_datetime(&created));
        book.add_worksheet().set_name(SUMMARY_SHEET).map_err(xlsx)?;
        Ok(XlsxParts {
            book,
            styles: Styles::new(),
            summary: Vec::new(),
            tables: Vec::new(),
            pending: None,
            sheet: None,
            names: vec![SUMMARY_SHEET.to_lowercase()],
            row_limit: row_limit.max(HEADER_ROWS + 1),
            cut: 0,
            file,
        })
    }

    /// Every part of `doc`, in order.
    pub fn document(&mut self, doc: &Document) -> Result<(), ArrowError> {
        for (name, part) in doc.parts() {
            match part {
                Part::Value(v) => self.value(name, v),
                Part::Table(batch) => {
                    self.table_begin(name)?;
                    self.rows(batch)?;
                }
            }
        }
        Ok(())
    }

    /// A value, on the summary sheet: an object as its dotted keys, an array of scalars joined
    /// with `、`, an array of objects by the items' numbers (`inputs.0.name`).
    pub fn value(&mut self, name: &str, v: &Value) {
        flatten(name, v, &mut self.summary);
    }

    /// Begins the table `name`: its rows follow ([`XlsxParts::rows`]), the first batch giving
    /// its columns (an empty batch gives the header rows alone).
    pub fn table_begin(&mut self, name: &str) -> Result<(), ArrowError> {
        self.table_end()?;
        self.pending = Some(name.to_string());
        Ok(())
    }

    /// The rows of `batch`, in order, on the table's sheet (and its continuations).
    pub fn rows(&mut self, batch: &RecordBatch) -> Result<(), ArrowError> {
        if let Some(part) = self.pending.take() {
            self.open(&part, &batch.schema())?;
        }
        let Some(mut sheet) = self.sheet.take() else {
            return Err(ArrowError::InvalidArgumentError(
                "rows written to a workbook with no table begun".into(),
            ));
        };
        let written = self.write_rows(&mut sheet, batch);
        self.sheet = Some(sheet);
        written
    }

    fn write_rows(
        &mut self,
        sheet: &mut TableSheet,
        batch: &RecordBatch,
    ) -> Result<(), ArrowError> {
        if batch.num_columns() != sheet.kinds.len() {
            return Err(ArrowError::InvalidArgumentError(
                "a batch with other columns than the table's".into(),
            ));
        }
        let columns = batch.columns();
        for row in 0..batch.num_rows() {
            if sheet.next_row >= self.row_limit {
                self.close(sheet)?;
                let n = sheet.sheets.len() + 1;
                let name = self.unique(&sheet_name(&sheet.part), &format!(" ({n})"));
                self.start(sheet, name)?;
            }
            let ws = self.book.worksheet_from_index(sheet.index).map_err(xlsx)?;
            let r = sheet.next_row;
            for (c, (array, kind)) in columns.iter().zip(&sheet.kinds).enumerate() {
                let col = u16::try_from(c).map_err(|_| too_wide())?;
                match cell(array, *kind, row) {
                    Cell::Empty => {}
                    // (an empty text is an empty cell, as in CSV)
                    Cell::Text(t) if t.is_empty() => {}
                    Cell::Text(mut t) => {
                        if t.chars().count() > CELL_CHARS {
                            t = t.chars().take(CELL_CHARS - 1).collect();
                            t.push('…');
                            self.cut += 1;
                        }
                        let w = text_width(&t);
                        ws.write_string_with_format(r, col, t, &self.styles.text)
                            .map_err(xlsx)?;
                        grow(&mut sheet.widths, c, w);
                    }
                    Cell::Day(d) => {
                        ws.write_datetime_with_format(r, col, &d, &self.styles.day)
                            .map_err(xlsx)?;
                        grow(&mut sheet.widths, c, 10);
                    }
                    Cell::Number(v) => {
                        ws.write_number(r, col, v).map_err(xlsx)?;
                        grow(&mut sheet.widths, c, v.to_string().len());
                    }
                }
            }
            sheet.next_row += 1;
            sheet.rows += 1;
        }
        Ok(())
    }

    /// Ends the table being written (nothing when none is).
    pub fn table_end(&mut self) -> Result<(), ArrowError> {
        if let Some(part) = self.pending.take() {
            // A table that never had a batch: a sheet with no columns, said on the summary.
            self.open(&part, &Schema::empty())?;
        }
        if let Some(mut sheet) = self.sheet.take() {
            self.close(&mut sheet)?;
            let sheets = sheet.sheets.join("、");
            let said = if sheet.sheets.len() > 1 {
                format!(
                    "{} 行 rows，超出 Excel 每表 {} 行，分 {} 张工作表 on {} sheets: {sheets}",
                    sheet.rows,
                    self.row_limit - HEADER_ROWS,
                    sheet.sheets.len(),
                    sheet.sheets.len()
                )
            } else {
                format!("{} 行 rows: {sheets}", sheet.rows)
            };
            self.tables.push((format!("sheets.{}", sheet.part), said));
        }
        Ok(())
    }

    /// A new table sheet for `part`, of the columns of `schema`.
    fn open(&mut self, part: &str, schema: &Schema) -> Result<(), ArrowError> {
        let headers: Vec<(String, String)> = schema
            .fields()
            .iter()
            .map(|f| {
                let en = f.name().to_string();
                let zh = column_zh(&en).map_or_else(|| en.clone(), str::to_string);
                (zh, en)
            })
            .collect();
        if headers.len() > usize::from(u16::MAX) {
            return Err(too_wide());
        }
        let mut sheet = TableSheet {
            part: part.to_string(),
            kinds: schema.fields().iter().map(|f| kind_of(f)).collect(),
            widths: headers
                .iter()
                .map(|(zh, en)| text_width(zh).max(text_width(en)).max(MIN_WIDTH))
                .collect(),
            headers,
            index: 0,
            sheets: Vec::new(),
            next_row: 0,
            rows: 0,
        };
        let name = self.unique(&sheet_name(part), "");
        self.start(&mut sheet, name)?;
        self.sheet = Some(sheet);
        Ok(())
    }

    /// A sheet name not yet used (Excel compares them without case).
    fn unique(&mut self, base: &str, suffix: &str) -> String {
        let mut name = clean_sheet_name(base, suffix);
        let mut n = 2;
        while self.names.contains(&name.to_lowercase()) {
            name = clean_sheet_name(base, &format!("{suffix}~{n}"));
            n += 1;
        }
        self.names.push(name.to_lowercase());
        name
    }

    /// Starts a sheet of `sheet`'s table named `name`: its two header rows.
    fn start(&mut self, sheet: &mut TableSheet, name: String) -> Result<(), ArrowError> {
        let ws = self.book.add_worksheet_with_constant_memory();
        ws.set_name(&name).map_err(xlsx)?;
        for (c, (zh, _)) in sheet.headers.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| too_wide())?;
            ws.write_string_with_format(0, col, zh, &self.styles.header_zh)
                .map_err(xlsx)?;
        }
        for (c, (_, en)) in sheet.headers.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| too_wide())?;
            ws.write_string_with_format(1, col, en, &self.styles.header_en)
                .map_err(xlsx)?;
        }
        ws.set_freeze_panes(HEADER_ROWS, 0).map_err(xlsx)?;
        sheet.index = self.book.worksheets().len().saturating_sub(1);
        sheet.sheets.push(name);
        sheet.next_row = HEADER_ROWS;
        Ok(())
    }

    /// Finishes the current sheet of `sheet`: column widths and the autofilter.
    fn close(&mut self, sheet: &mut TableSheet) -> Result<(), ArrowError> {
        let ws = self.book.worksheet_from_index(sheet.index).map_err(xlsx)?;
        for (c, w) in sheet.widths.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| too_wide())?;
            #[allow(clippy::cast_precision_loss)]
            ws.set_column_width(col, (*w + 2) as f64).map_err(xlsx)?;
        }
        if let Some(last) = sheet.headers.len().checked_sub(1) {
            let last = u16::try_from(last).map_err(|_| too_wide())?;
            let last_row = sheet.next_row.saturating_sub(1).max(HEADER_ROWS - 1);
            ws.autofilter(HEADER_ROWS - 1, 0, last_row, last)
                .map_err(xlsx)?;
        }
        Ok(())
    }

    /// Writes the summary sheet, puts the workbook together and writes it to `out`.
    pub fn finish(mut self, out: &mut impl Write) -> Result<(), ArrowError> {
        self.table_end()?;
        self.write_summary()?;
        let mut file = self.file;
        self.book.save_to_writer(&mut file).map_err(xlsx)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        std::io::copy(&mut file, out).map_err(io)?;
        out.flush().map_err(io)
    }

    fn write_summary(&mut self) -> Result<(), ArrowError> {
        let mut rows = std::mem::take(&mut self.summary);
        rows.extend(
            std::mem::take(&mut self.tables)
                .into_iter()
                .map(|(k, v)| (k, Value::String(v))),
        );
        if self.cut > 0 {
            rows.push((
                "cells_cut".into(),
                Value::String(format!(
                    "{} 个单元格超过 Excel 的 {CELL_CHARS} 字符，已截断 cells cut at Excel's {CELL_CHARS} characters",
                    self.cut
                )),
            ));
        }
        let room = usize::try_from(self.row_limit - HEADER_ROWS).unwrap_or(usize::MAX);
        if rows.len() > room {
            let left = rows.len() - (room - 1);
            rows.truncate(room - 1);
            rows.push((
                "omitted".into(),
                Value::String(format!("以下 {left} 项从略 {left} more entries not shown")),
            ));
        }
        let styles = &self.styles;
        let ws = self.book.worksheet_from_index(0).map_err(xlsx)?;
        let headers = [("项目", "key"), ("名称", "label"), ("值", "value")];
        for (c, (zh, en)) in (0u16..).zip(headers) {
            ws.write_string_with_format(0, c, zh, &styles.header_zh)
                .map_err(xlsx)?;
            ws.write_string_with_format(1, c, en, &styles.header_en)
                .map_err(xlsx)?;
        }
        let mut widths = [12usize, 10, 12];
        for (r, (key, value)) in (HEADER_ROWS..).zip(&rows) {
            ws.write_string_with_format(r, 0, key, &styles.text)
                .map_err(xlsx)?;
            widths[0] = widths[0].max(text_width(key));
            let last = key.rsplit('.').next().unwrap_or(key);
            if let Some(zh) = column_zh(last) {
                ws.write_string_with_format(r, 1, zh, &styles.text)
                    .map_err(xlsx)?;
                widths[1] = widths[1].max(text_width(zh));
            }
            match value {
                Value::Null => {}
                Value::Bool(b) => {
                    ws.write_string_with_format(r, 2, if *b { YES } else { NO }, &styles.text)
                        .map_err(xlsx)?;
                }
                Value::Number(n) => {
                    if let Some(v) = n.as_f64().filter(|v| v.is_finite()) {
                        ws.write_number(r, 2, v).map_err(xlsx)?;
                        widths[2] = widths[2].max(v.to_string().len());
                    }
                }
                other => {
                    let text = match other {
                        Value::String(s) => s.clone(),
                        v => v.to_string(),
                    };
                    let day = DATE_COLUMNS
                        .contains(&last)
                        .then(|| iso_day(&text).and_then(excel_day))
                        .flatten();
                    match day {
                        Some(d) => {
                            ws.write_datetime_with_format(r, 2, &d, &styles.day)
                                .map_err(xlsx)?;
                        }
                        None => {
                            let text: String = text.chars().take(CELL_CHARS).collect();
                            widths[2] = widths[2].max(text_width(&text));
                            ws.write_string_with_format(r, 2, text, &styles.text)
                                .map_err(xlsx)?;
                        }
                    }
                }
            }
        }
        for (c, w) in (0u16..).zip(widths) {
            #[allow(clippy::cast_precision_loss)]
            ws.set_column_width(c, (w.min(MAX_WIDTH) + 2) as f64)
                .map_err(xlsx)?;
        }
        ws.set_freeze_panes(HEADER_ROWS, 0).map_err(xlsx)?;
        Ok(())
    }
}

fn too_wide() -> ArrowError {
    ArrowError::InvalidArgumentError("a table wider than a worksheet".into())
}

fn grow(widths: &mut [usize], c: usize, w: usize) {
    if let Some(x) = widths.get_mut(c) {
        *x = (*x).max(w.min(MAX_WIDTH));
    }
}

/// `v` as summary rows under `prefix`.
fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, Value)>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, x) in m {
                flatten(&key(k), x, out);
            }
        }
        Value::Object(_) => out.push((prefix.to_string(), Value::Null)),
        Value::Array(items) if items.iter().all(|x| !x.is_object() && !x.is_array()) => {
            let texts: Vec<String> = items
                .iter()
                .map(|x| match x {
                    Value::String(s) => s.clone(),
                    Value::Bool(true) => YES.into(),
                    Value::Bool(false) => NO.into(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                })
                .collect();
            out.push((
                prefix.to_string(),
                Value::String(texts.join(LIST_SEPARATOR)),
            ));
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                flatten(&key(&i.to_string()), x, out);
            }
        }
        scalar => out.push((prefix.to_string(), scalar.clone())),
    }
}

/// Writes `doc` as an XLSX workbook to `out`: the summary sheet of its values, a sheet per
/// table (docs/outputs.md "XLSX").
pub fn write_xlsx(doc: &Document, out: &mut impl Write) -> Result<(), ArrowError> {
    let mut book = XlsxParts::new()?;
    book.document(doc)?;
    book.finish(out)
}

/// `count` as a workbook's document: the values of [`super::count_document`] (the summary,
/// the parameters) and its units as tables — `rounds`, `elected`, `runoff`, `ties` — then the
/// findings.
pub fn count_xlsx_document(
    report: &crate::count::CountReport,
    audit: &crate::audit::Audit,
    mask: bool,
) -> Result<Document, ArrowError> {
    Ok(super::documents::head(audit)
        .value("summary", super::documents::count_summary(report, audit))
        .table("rounds", super::rounds_batch(report)?)
        .table("elected", super::entries_batch(report, false, mask)?)
        .table("runoff", super::entries_batch(report, true, mask)?)
        .table("ties", super::ties_batch(report, mask)?)
        .table(
            "findings",
            super::finding_lines(
                &crate::finding::Findings::from(report.findings.clone()),
                &audit.pack.name,
                mask,
            )?,
        )
        .serialized("parameters", &report.parameters))
}

/// `stats` as a workbook's document: the values of [`super::stats_document`], the figures as
/// the table of [`super::stats_batch`] (the CSV's) and the "两升一降" verdicts as a table.
pub fn stats_xlsx_document(
    result: &super::StatsResult,
    decimals: u32,
    as_of: NaiveDate,
) -> Result<Document, ArrowError> {
    let verdicts = super::stats_doc::verdicts(result);
    let text = |f: &dyn Fn(usize) -> String| -> ArrayRef {
        Arc::new(StringArray::from_iter_values((0..verdicts.len()).map(f)))
    };
    let columns: Vec<ArrayRef> = vec![
        text(&|i| verdicts[i].0.0.as_str().to_string()),
        text(&|i| verdicts[i].0.1.to_string()),
        text(&|i| verdicts[i].0.2.as_str().to_string()),
        Arc::new(BooleanArray::from_iter(verdicts.iter().map(|v| v.1))),
    ];
    let schema = Schema::new(vec![
        Field::new("level", DataType::Utf8, false),
        Field::new("code", DataType::Utf8, false),
        Field::new("kind", DataType::Utf8, false),
        Field::new("two_up_one_down", DataType::Boolean, true),
    ]);
    let verdicts = RecordBatch::try_new(Arc::new(schema), columns)?;
    Ok(super::stats_doc::stats_head(result, decimals, as_of)
        .table("figures", super::stats_batch(result, decimals)?)
        .table("two_up_one_down", verdicts))
}

/// Any table as a workbook's document: its batches as one table `name` (`hj.to_excel` of an
/// apportionment, or of a caller's own table).
pub fn tables_document(name: &str, batches: &[RecordBatch]) -> Result<Document, ArrowError> {
    let batch = match batches {
        [] => RecordBatch::new_empty(Arc::new(Schema::empty())),
        [one] => one.clone(),
        many => arrow_select::concat::concat_batches(&many[0].schema(), many)?,
    };
    Ok(Document::new().table(name, batch))
}

/// An apportionment as a workbook's document: the method and the seats, and the shares as the
/// table of [`super::apportionment_batch`] (the CSV's).
pub fn apportion_xlsx_document(
    a: &crate::apportion::Apportionment,
) -> Result<Document, ArrowError> {
    Ok(Document::new()
        .serialized("method", &a.method)
        .value("seats", a.seats)
        .table("shares", super::apportionment_batch(a)?))
}

#[cfg(test)]
mod tests;
