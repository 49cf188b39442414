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
    /// The line of each row; for a frame handed over in memory, its 0-based position there.
    lines: Vec<u32>,
    /// Whether each source is a frame in memory (its rows have positions, not lines).
    framed: Vec<bool>,
}

impl RowSources {
    /// Appends the rows of one source, given their lines.
    pub fn push(&mut self, source: RowSource, lines: &[u32]) {
        self.start(source, false);
        self.lines.extend_from_slice(lines);
    }

    /// Appends the rows of a frame handed over in memory, given their 0-based positions in
    /// it (blank rows left out): they have no line.
    pub fn push_frame(&mut self, source: RowSource, positions: &[u32]) {
        self.start(source, true);
        self.lines.extend_from_slice(positions);
    }

    fn start(&mut self, source: RowSource, framed: bool) {
        self.starts.push(self.lines.len());
        self.labels.push(source.label());
        self.sources.push(source);
        self.framed.push(framed);
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

    /// The rows for which `keep` is true (by row; a row past its end is dropped), each with
    /// its source and line (or frame position): the sources of a table filtered row by row.
    pub fn subset(&self, keep: &[bool]) -> RowSources {
        let mut out = RowSources::default();
        for (s, source) in self.sources.iter().enumerate() {
            let start = self.starts.get(s).copied().unwrap_or(0);
            let end = self.starts.get(s + 1).copied().unwrap_or(self.lines.len());
            let kept: Vec<u32> = (start..end)
                .filter(|&r| keep.get(r).copied().unwrap_or(false))
                .filter_map(|r| self.lines.get(r).copied())
                .collect();
            if self.framed.get(s).copied().unwrap_or(false) {
                out.push_frame(source.clone(), &kept);
            } else {
                out.push(source.clone(), &kept);
            }
        }
        out
    }

    /// The same rows with their sources renamed: source `i` becomes `names[i]` (a file, no
    /// sheet) where given (a frame named by the caller, not by its position).
    pub fn renamed(&self, names: &[String]) -> RowSources {
        let mut out = self.clone();
        for (i, name) in names.iter().enumerate() {
            if let Some(s) = out.sources.get_mut(i) {
                *s = RowSource {
                    file: name.clone(),
                    sheet: None,
                };
            }
            if let (Some(l), Some(s)) = (out.labels.get_mut(i), out.sources.get(i)) {
                *l = s.label();
            }
        }
        out
    }

    /// The index (into [`RowSources::sources`]) of data row `row`'s source.
    pub fn source_index(&self, row: usize) -> Option<usize> {
        self.index(row)
    }

    fn index(&self, row: usize) -> Option<usize> {
        if row >= self.lines.len() {
            return None;
        }
        Some(self.starts.partition_point(|&s| s <= row).saturating_sub(1))
    }

    /// The 1-based line of data row `row`.
    pub fn line(&self, row: usize) -> Option<u32> {
        let framed = self.framed.get(self.index(row)?).copied().unwrap_or(false);
        self.lines.get(row).copied().filter(|_| !framed)
    }

    /// The 0-based position of data row `row` in its frame, for a frame handed over in
    /// memory (what `df.iloc` takes).
    pub fn frame_position(&self, row: usize) -> Option<u32> {
        let framed = self.framed.get(self.index(row)?).copied().unwrap_or(false);
        self.lines.get(row).copied().filter(|_| framed)
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
                && s.file != at.table
            {
                at.file.get_or_insert_with(|| s.file.clone());
                if at.sheet.is_none() {
                    at.sheet = s.sheet.clone();
                }
            }
            return;
        };
        if let Some(s) = self.source(row)
            && s.file != at.table
        {
            // (a file, or one frame of several: `records[1]`; a single frame is the table)
            at.file = Some(s.file.clone());
            at.sheet = s.sheet.clone();
        }
        if let Some(line) = self.line(row) {
            at.line = Some(line as usize);
        }
        at.related_lines = at
            .related_rows
            .iter()
            .filter_map(|&r| self.line(r).map(|l| l as usize))
            .collect();
    }
}

/// The sources and lines of every table of a run, by table name: what turns a result's `row`
/// into the `line` and `source` a clerk can look up, and the person's `name` where `people`
/// gives one. Empty for tables handed over in memory without names.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    tables: Vec<(String, RowSources)>,
    /// A voter register's check: a finding's `row` is a `register` row (a `proxies` row for
    /// the proxy rule AV-…), not a `people` row.
    voters: bool,
    /// The name of each `people` row (empty when `people` has no name column).
    names: Vec<Option<std::sync::Arc<str>>>,
}

impl Provenance {
    /// The provenance of a voter register's check (`voters`), where a finding's `row` is the
    /// voter's `register` row, or the `proxies` row for the proxy rule (AV-05).
    pub fn for_voters(mut self) -> Self {
        self.voters = true;
        self
    }

    /// Records the name of each `people` row (姓名), for results and the clerk's text.
    pub fn set_names(&mut self, names: Vec<Option<std::sync::Arc<str>>>) {
        self.names = names;
    }

    /// Whether any person has a name.
    pub fn has_names(&self) -> bool {
        self.names.iter().any(Option::is_some)
    }

    fn name_at(&self, row: Option<u32>) -> Option<&str> {
        if self.voters {
            return None; // (a finding's row is not a `people` row)
        }
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

    /// The source (`file` or `file#sheet`) of row `row` of `table`.
    pub fn source(&self, table: &str, row: usize) -> Option<&str> {
        self.table(table).and_then(|s| s.label(row))
    }

    /// The 0-based position of row `row` of `table` in its frame (a frame in memory).
    pub fn frame_position(&self, table: &str, row: u32) -> Option<u32> {
        self.table(table)?.frame_position(row as usize)
    }

    /// Whether no table has sources (every table was handed over in memory).
    pub fn has_no_sources(&self) -> bool {
        self.tables.iter().all(|(_, s)| s.is_empty())
    }

    /// The source of row `row` of `table` and its line (none for a frame in memory).
    pub fn at(&self, table: &str, row: u32) -> Option<(Option<u32>, &str)> {
        let s = self.table(table)?;
        let row = row as usize;
        Some((s.line(row), s.label(row)?))
    }

    /// The line and source of the row a finding is about: its person's `people` row, else
    /// its `roster` row, else the first row its evidence names (a record, a cell).
    pub fn of_finding(&self, f: &Finding) -> Option<(Option<u32>, &str)> {
        let (table, row) = self.row_of_finding(f)?;
        self.at(table, row)
    }

    /// The position in its frame of the row a finding is about (frames in memory).
    pub fn frame_position_of_finding(&self, f: &Finding) -> Option<u32> {
        let (table, row) = self.row_of_finding(f)?;
        self.frame_position(table, row)
    }

    /// The table and row a finding is about: its person's row (`people`; for a voter
    /// register's check `register`, or `proxies` for the proxy rule), else its `roster` row,
    /// else the first row its evidence names (a record, a cell).
    pub fn row_of_finding<'f>(&self, f: &'f Finding) -> Option<(&'f str, u32)> {
        if let Some(r) = f.row {
            let table = match (self.voters, f.rule.starts_with("AV-")) {
                (false, _) => "people",
                (true, false) => "register",
                (true, true) => "proxies",
            };
            return Some((table, r));
        }
        if let Some(r) = f.roster_row {
            return Some(("roster", r));
        }
        match f.evidence.as_ref()? {
            Evidence::Record { table, row, .. } | Evidence::Cell { table, row, .. } => {
                Some((table, *row))
            }
            Evidence::Rows { table, rows } => Some((table, *rows.first()?)),
            Evidence::Relation(r) => Some((r.table, *r.path.iter().find_map(|s| s.rows.first())?)),
        }
    }

    /// The line and source of an outcome's person: the `people` row, else the `roster` row.
    pub fn of_outcome(&self, o: &Outcome) -> Option<(Option<u32>, &str)> {
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
                    if let Some(line) = line {
                        m.insert("line".into(), line.into());
                    }
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
