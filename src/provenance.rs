//! Where each data row of a table came from: its file (and sheet) and the line the clerk sees
//! there (docs/tables.md "Lines"). A table may come as several files, one per department.

use crate::error::Location;
use crate::finding::{Evidence, Finding, Outcome};

/// One file (or one sheet of a workbook) a table's rows came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSource {
    /// The file as given.
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
}

impl RowSource {
    /// `file` or `file#sheet`, as results print it (`source`).
    pub fn label(&self) -> String {
        match &self.sheet {
            Some(s) => format!("{}#{s}", self.file),
            None => self.file.clone(),
        }
    }
}

/// The sources and lines of a table's data rows, in row order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RowSources {
    sources: Vec<RowSource>,
    labels: Vec<String>,
    /// The first row of each source.
    starts: Vec<usize>,
    /// The line of each row.
    lines: Vec<u32>,
}

impl RowSources {
    /// Appends the rows of one source, given their lines.
    pub fn push(&mut self, source: RowSource, lines: &[u32]) {
        self.starts.push(self.lines.len());
        self.labels.push(source.label());
        self.sources.push(source);
        self.lines.extend_from_slice(lines);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// The sources, in order.
    pub fn sources(&self) -> &[RowSource] {
        &self.sources
    }

    fn index(&self, row: usize) -> Option<usize> {
        if row >= self.lines.len() {
            return None;
        }
        Some(self.starts.partition_point(|&s| s <= row).saturating_sub(1))
    }

    /// The 1-based line of data row `row`.
    pub fn line(&self, row: usize) -> Option<u32> {
        self.lines.get(row).copied()
    }

    /// The source of data row `row`.
    pub fn source(&self, row: usize) -> Option<&RowSource> {
        self.index(row).and_then(|i| self.sources.get(i))
    }

    /// `file` or `file#sheet` of data row `row`.
    pub fn label(&self, row: usize) -> Option<&str> {
        self.index(row)
            .and_then(|i| self.labels.get(i))
            .map(String::as_str)
    }

    /// Completes a location that names a row of this table: its file, sheet and line.
    pub fn complete(&self, at: &mut Location) {
        let Some(row) = at.row else {
            if self.sources.len() == 1
                && let Some(s) = self.sources.first()
            {
                at.file.get_or_insert_with(|| s.file.clone());
                if at.sheet.is_none() {
                    at.sheet = s.sheet.clone();
                }
            }
            return;
        };
        if let Some(s) = self.source(row) {
            at.file = Some(s.file.clone());
            at.sheet = s.sheet.clone();
        }
        if let Some(line) = self.line(row) {
            at.line = Some(line as usize);
        }
    }
}

/// The sources and lines of every table of a run, by table name: what turns a result's `row`
/// into the `line` and `source` a clerk can look up, and the person's `name` where `people`
/// gives one. Empty for tables handed over in memory without names.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    tables: Vec<(String, RowSources)>,
    /// The name of each `people` row (empty when `people` has no name column).
    names: Vec<Option<std::sync::Arc<str>>>,
}

impl Provenance {
    /// Records the name of each `people` row (姓名), for results and the clerk's text.
    pub fn set_names(&mut self, names: Vec<Option<std::sync::Arc<str>>>) {
        self.names = names;
    }

    /// Whether any person has a name.
    pub fn has_names(&self) -> bool {
        self.names.iter().any(Option::is_some)
    }

    fn name_at(&self, row: Option<u32>) -> Option<&str> {
        self.names.get(row? as usize)?.as_deref()
    }

    /// The name of the person a finding is about (from their `people` row).
    pub fn name_of_finding(&self, f: &Finding) -> Option<&str> {
        self.name_at(f.row)
    }

    /// The name of an outcome's person (from their `people` row).
    pub fn name_of_outcome(&self, o: &Outcome) -> Option<&str> {
        self.name_at(o.row)
    }

    /// Records where the rows of `table` came from.
    pub fn insert(&mut self, table: &str, sources: RowSources) {
        self.tables.retain(|(t, _)| t != table);
        self.tables.push((table.to_string(), sources));
    }

    /// The sources of `table`.
    pub fn table(&self, table: &str) -> Option<&RowSources> {
        self.tables.iter().find(|(t, _)| t == table).map(|(_, s)| s)
    }

    /// The line of row `row` of `table`.
    pub fn line(&self, table: &str, row: usize) -> Option<u32> {
        self.table(table).and_then(|s| s.line(row))
    }

    /// The source (`file` or `file#sheet`) of row `row` of `table`.
    pub fn source(&self, table: &str, row: usize) -> Option<&str> {
        self.table(table).and_then(|s| s.label(row))
    }

    /// Whether no table has sources (every table was handed over in memory).
    pub fn has_no_sources(&self) -> bool {
        self.tables.iter().all(|(_, s)| s.is_empty())
    }

    /// The line and source of row `row` of `table`.
    pub fn at(&self, table: &str, row: u32) -> Option<(u32, &str)> {
        let s = self.table(table)?;
        let row = row as usize;
        Some((s.line(row)?, s.label(row)?))
    }

    /// The line and source of the row a finding is about: its person's `people` row, else
    /// its `roster` row, else the first row its evidence names (a record, a cell).
    pub fn of_finding(&self, f: &Finding) -> Option<(u32, &str)> {
        if let Some(r) = f.row {
            return self.at("people", r);
        }
        if let Some(r) = f.roster_row {
            return self.at("roster", r);
        }
        match f.evidence.as_ref()? {
            Evidence::Record { table, row, .. } | Evidence::Cell { table, row, .. } => {
                self.at(table, *row)
            }
            Evidence::Rows { table, rows } => self.at(table, *rows.first()?),
            Evidence::Relation(r) => {
                let row = r.path.iter().find_map(|s| s.rows.first())?;
                self.at(r.table, *row)
            }
        }
    }

    /// The line and source of an outcome's person: the `people` row, else the `roster` row.
    pub fn of_outcome(&self, o: &Outcome) -> Option<(u32, &str)> {
        match (o.row, o.roster_row) {
            (Some(r), _) => self.at("people", r),
            (None, Some(r)) => self.at("roster", r),
            _ => None,
        }
    }

    /// Adds `line` and `source` beside every `{"table", "row"}` of a finding's evidence (JSON).
    pub fn annotate_evidence(&self, value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(m) => {
                let here = match (m.get("table"), m.get("row")) {
                    (Some(serde_json::Value::String(t)), Some(serde_json::Value::Number(r))) => r
                        .as_u64()
                        .and_then(|r| u32::try_from(r).ok())
                        .and_then(|r| self.at(t, r)),
                    _ => None,
                };
                if let Some((line, source)) = here {
                    m.insert("line".into(), line.into());
                    m.insert("source".into(), source.into());
                }
                m.values_mut().for_each(|v| self.annotate_evidence(v));
            }
            serde_json::Value::Array(items) => {
                items.iter_mut().for_each(|v| self.annotate_evidence(v))
            }
            _ => {}
        }
    }

    /// Completes an error's location with the file, sheet and line of the row it names.
    pub fn complete(&self, error: &mut crate::error::Error) {
        if let crate::error::Error::Input(e) = error {
            let at = e.location_mut();
            if let Some(s) = self.table(&at.table) {
                s.complete(at);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_find_their_file_and_line() {
        let mut s = RowSources::default();
        let a = RowSource {
            file: "公安.xlsx".into(),
            sheet: Some("处罚记录".into()),
        };
        let b = RowSource {
            file: "法院.csv".into(),
            sheet: None,
        };
        s.push(a, &[3, 4, 7]);
        s.push(b, &[2]);
        assert_eq!(s.label(2), Some("公安.xlsx#处罚记录"));
        assert_eq!((s.label(3), s.line(3)), (Some("法院.csv"), Some(2)));
        assert_eq!(s.label(4), None);
        let mut at = Location {
            row: Some(1),
            ..Location::table("records")
        };
        s.complete(&mut at);
        assert_eq!(at.line(), Some(4));
        assert_eq!(at.sheet.as_deref(), Some("处罚记录"));
    }
}
