//! The review request's workbooks (docs/review.md): one per department, each a sheet a
//! department fills in Excel or WPS and sends back, and `manifest.json` beside them.

use crate::review::{Manifest, RequestedDepartment};
use rust_xlsxwriter::{
    DataValidation, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
    XlsxError,
};
use std::path::Path;

/// The header of a request sheet, in order: the first five the county fills, the rest the
/// department. `review collect` reads them back by the table layer's aliases (the `answers`
/// table), in any order.
pub const REQUEST_COLUMNS: [&str; 13] = [
    "序号",
    "身份证号码",
    "姓名",
    "区划代码",
    "拟任职务",
    "有无记录",
    "记录类别",
    "决定日期",
    "截止日期",
    "处分种类",
    "是否整改",
    "文号",
    "意见",
];

/// Column widths (in characters) that show the content.
const WIDTHS: [f64; 13] = [
    6.0, 21.0, 10.0, 15.0, 20.0, 9.0, 16.0, 12.0, 12.0, 12.0, 9.0, 18.0, 28.0,
];

/// The rows above the header: a title, then the department, the day and the units.
const TITLE_ROWS: u32 = 2;

/// Writes the request of `manifest` into `dir` (created if needed): each department's
/// workbook under its `file`, then `manifest.json`. `names` gives each candidate's name (by
/// manifest order; `None` leaves the cell empty); `scope` is the units asked about, as the
/// title prints it (`640121 永宁县，300个村（社区）`).
pub fn write_review_request(
    dir: &Path,
    manifest: &Manifest,
    names: &[Option<std::sync::Arc<str>>],
    scope: &str,
) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // The departments' workbooks are independent: made side by side.
    let written = crate::par::each(&manifest.departments, |d| {
        let bytes =
            department_workbook(manifest, d, names, scope).map_err(std::io::Error::other)?;
        std::fs::write(dir.join(&d.file), bytes)
    });
    for w in written {
        w?;
    }
    let json = serde_json::to_vec_pretty(manifest).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("manifest.json"), json)
}

/// One department's request workbook, as bytes.
pub fn department_workbook(
    manifest: &Manifest,
    d: &RequestedDepartment,
    names: &[Option<std::sync::Arc<str>>],
    scope: &str,
) -> Result<Vec<u8>, XlsxError> {
    // (a sheet holds 1,048,576 rows: more candidates than that cannot go on one)
    if manifest.candidates.len() > super::EXCEL_ROWS as usize - 1 - TITLE_ROWS as usize {
        return Err(XlsxError::RowColumnLimitError);
    }
    let mut book = Workbook::new();
    // Rows are written in order: the sheet goes to a temporary file as it is written, not
    // into memory (a province's request is 14 sheets of 100,000 rows).
    let sheet = book.add_worksheet_with_constant_memory();
    sheet.set_name(sheet_name(&d.name_zh))?;
    let thin = |f: Format| f.set_border(FormatBorder::Thin);
    let title = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center);
    let subtitle = Format::new().set_align(FormatAlign::Left);
    let header = thin(
        Format::new()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap()
            .set_background_color("#DDEBF7"),
    );
    let text = thin(Format::new().set_num_format("@"));
    let open = thin(Format::new().set_unlocked());
    let open_text = thin(Format::new().set_unlocked().set_num_format("@"));
    let open_date = thin(Format::new().set_unlocked().set_num_format("yyyy-mm-dd"));
    let last = (REQUEST_COLUMNS.len() - 1) as u16;
    sheet.merge_range(
        0,
        0,
        0,
        last,
        "村（社区）“两委”换届候选人资格联审表",
        &title,
    )?;
    sheet.merge_range(
        1,
        0,
        1,
        last,
        &format!(
            "联审部门：{}　　基准日期：{}　　范围：{}　　候选人{}名　　（规则包 {}）",
            d.name_zh,
            manifest.as_of,
            scope,
            manifest.candidates.len(),
            manifest.pack
        ),
        &subtitle,
    )?;
    let head = TITLE_ROWS;
    for (c, (h, w)) in REQUEST_COLUMNS.iter().zip(WIDTHS).enumerate() {
        sheet.write_string_with_format(head, c as u16, *h, &header)?;
        sheet.set_column_width(c as u16, w)?;
    }
    sheet.set_row_height(head, 30)?;
    let n = manifest.candidates.len() as u32;
    for (i, c) in manifest.candidates.iter().enumerate() {
        let r = head + 1 + i as u32;
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &thin(Format::new()))?;
        sheet.write_string_with_format(r, 1, &c.id_number, &text)?;
        let name = names.get(i).and_then(|n| n.as_deref()).unwrap_or("");
        sheet.write_string_with_format(r, 2, name, &text)?;
        sheet.write_string_with_format(r, 3, c.unit_code.as_deref().unwrap_or(""), &text)?;
        sheet.write_string_with_format(r, 4, &c.role, &text)?;
        for col in 5..=last {
            let f = match col {
                7 | 8 => &open_date,
                11 | 12 => &open_text,
                _ => &open,
            };
            sheet.write_blank(r, col, f)?;
        }
    }
    if n > 0 {
        let (first, end) = (head + 1, head + n);
        validations(sheet, d, first, end)?;
    }
    sheet.set_freeze_panes(head + 1, 3)?;
    sheet.autofilter(head, 0, head + n.max(1), last)?;
    sheet.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    });
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_repeat_rows(0, head)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&C第 &P 页，共 &N 页　　部门负责人（签字）：　　　　（盖章）");
    book.save_to_buffer()
}

/// The drop-down lists: 有无记录 (有/无), 记录类别 (the department's kinds), 是否整改 (是/否),
/// and dates for the two date columns.
fn validations(
    sheet: &mut Worksheet,
    d: &RequestedDepartment,
    first: u32,
    end: u32,
) -> Result<(), XlsxError> {
    let yes_no = DataValidation::new()
        .allow_list_strings(&["有", "无"])?
        .set_input_message("有无记录：有 或 无")?;
    sheet.add_data_validation(first, 5, end, 5, &yes_no)?;
    let kinds: Vec<&str> = d.record_kinds.iter().map(|k| k.label_zh.as_str()).collect();
    if !kinds.is_empty() && kinds.iter().map(|k| k.chars().count() + 1).sum::<usize>() < 250 {
        let list = DataValidation::new()
            .allow_list_strings(&kinds)?
            .set_input_message("记录类别：从列表中选择")?;
        sheet.add_data_validation(first, 6, end, 6, &list)?;
    }
    let rectified = DataValidation::new().allow_list_strings(&["是", "否"])?;
    sheet.add_data_validation(first, 10, end, 10, &rectified)?;
    Ok(())
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if clean.trim().is_empty() {
        "联审".into()
    } else {
        clean
    }
}
