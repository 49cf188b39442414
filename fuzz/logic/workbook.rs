//! (a) The XLSX reader: any bytes as a workbook of people and of records.

use huanjie::table::TableRole;

/// Reads `data` as an XLSX workbook.
pub fn run(data: &[u8]) {
    for role in [TableRole::People, TableRole::Records, TableRole::Roster] {
        let _ = super::table(data, "fuzz.xlsx", role);
    }
}
