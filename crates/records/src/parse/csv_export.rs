//! CSV exports as the platform writes them: `;` (or `,`), a UTF-8 BOM, a header of field names,
//! quoted fields holding `;` and newlines, read as bytes arrive.

use super::json::MAX_ELEMENT_BYTES;
use super::{ParseError, ParseReport};
use crate::record::{Field, RawRecord, SkipReason, TextField};
use crate::store::Store;

/// The most fields a row may have before it is skipped as not a record of the log.
const MAX_FIELDS: usize = 1 << 12;

/// Reads CSV as the platform writes it, chunk by chunk: a BOM, a header of field names, `;`
/// between fields (`,` when the header line has no `;`), quoted fields that may hold separators
/// and newlines. An empty cell is null; unknown columns are ignored.
#[derive(Debug)]
pub struct CsvReader {
    /// Set once the header line is complete (its separators tell the delimiter).
    core: Option<csv_core::Reader>,
    /// The bytes before the end of the header line.
    head: Vec<u8>,
    /// The current row's unescaped bytes and field ends (as csv-core writes them).
    output: Vec<u8>,
    output_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// The current row outgrew the limits: it is dropped as it comes and counted when it ends.
    oversized: bool,
    columns: Option<Vec<Option<Field>>>,
    report: ParseReport,
}

impl Default for CsvReader {
    fn default() -> Self {
        Self::new()
    }
}

impl CsvReader {
    pub fn new() -> Self {
        CsvReader {
            core: None,
            head: Vec::new(),
            output: vec![0; 1024],
            output_len: 0,
            ends: vec![0; 32],
            ends_len: 0,
            oversized: false,
            columns: None,
            report: ParseReport::default(),
        }
    }

    /// Takes the next chunk; every row it completes goes into `store`.
    pub fn feed(&mut self, chunk: &[u8], store: &mut Store) -> Result<(), ParseError> {
        if self.core.is_some() {
            return self.read(chunk, store);
        }
        self.head.extend_from_slice(chunk);
        if self.head.contains(&b'\n') || self.head.len() > MAX_ELEMENT_BYTES {
            self.start(store)?;
        }
        Ok(())
    }

    /// Ends the input: the last row may lack its line end.
    pub fn finish(mut self, store: &mut Store) -> Result<ParseReport, ParseError> {
        if self.core.is_none() {
            self.start(store)?;
        }
        self.read(&[], store)?;
        if self.columns.is_none() {
            return Err(ParseError::NoKnownColumns { found: Vec::new() });
        }
        Ok(self.report)
    }

    /// Picks the delimiter from the header line, then reads what came so far.
    fn start(&mut self, store: &mut Store) -> Result<(), ParseError> {
        let head = std::mem::take(&mut self.head);
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head).to_vec();
        let header_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
        let delimiter = if header_line.contains(&b';') {
            b';'
        } else {
            b','
        };
        self.core = Some(csv_core::ReaderBuilder::new().delimiter(delimiter).build());
        if head.is_empty() {
            return Ok(());
        }
        self.read(&head, store)
    }

    /// Runs csv-core over `input` (empty: the end), handling each row it completes.
    fn read(&mut self, mut input: &[u8], store: &mut Store) -> Result<(), ParseError> {
        use csv_core::ReadRecordResult;
        let at_end = input.is_empty();
        loop {
            let Some(core) = self.core.as_mut() else {
                return Ok(());
            };
            let output = self.output.get_mut(self.output_len..).unwrap_or_default();
            let ends = self.ends.get_mut(self.ends_len..).unwrap_or_default();
            let (result, read, written, ended) = core.read_record(input, output, ends);
            input = input.get(read..).unwrap_or_default();
            self.output_len += written;
            self.ends_len += ended;
            match result {
                ReadRecordResult::InputEmpty if !at_end => return Ok(()),
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.grow_output(),
                ReadRecordResult::OutputEndsFull => self.grow_ends(),
                ReadRecordResult::Record => self.row(store)?,
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Room for a longer row, unless it is already too long to be a record: then its bytes are
    /// written over (csv-core still finds where it ends).
    fn grow_output(&mut self) {
        if self.output.len() >= MAX_ELEMENT_BYTES {
            self.oversized = true;
            self.output_len = 0;
        } else {
            self.output.resize(self.output.len() * 2, 0);
        }
    }

    fn grow_ends(&mut self) {
        if self.ends.len() >= MAX_FIELDS {
            self.oversized = true;
            self.ends_len = 0;
        } else {
            self.ends.resize(self.ends.len() * 2, 0);
        }
    }

    /// A complete row: the header first, then records.
    fn row(&mut self, store: &mut Store) -> Result<(), ParseError> {
        let (output_len, ends_len) = (self.output_len, self.ends_len);
        (self.output_len, self.ends_len) = (0, 0);
        if std::mem::take(&mut self.oversized) {
            self.report.count_skip(SkipReason::TooLarge);
            return Ok(());
        }
        let output = self.output.get(..output_len).unwrap_or_default();
        let ends = self.ends.get(..ends_len).unwrap_or_default();
        let cells = ends.iter().scan(0, |start, &end| {
            let cell = output.get(*start..end).unwrap_or_default();
            *start = end;
            Some(cell)
        });
        match &self.columns {
            None => {
                let names: Vec<String> = cells
                    .map(|cell| String::from_utf8_lossy(cell).trim().to_string())
                    .collect();
                let columns: Vec<Option<Field>> = names
                    .iter()
                    .map(|name| Field::ALL.iter().copied().find(|f| f.name() == name))
                    .collect();
                if !columns.iter().any(Option::is_some) {
                    let found = names.into_iter().take(12).collect();
                    return Err(ParseError::NoKnownColumns { found });
                }
                self.columns = Some(columns);
            }
            Some(columns) => {
                let outcome = match csv_record(columns, cells) {
                    Some(record) => {
                        self.report.note_fields(&record);
                        store.push(&record)
                    }
                    None => Err(SkipReason::InvalidCsv),
                };
                self.report.count(outcome);
            }
        }
        Ok(())
    }
}

/// Parses a whole CSV export.
pub fn parse_csv(bytes: &[u8], store: &mut Store) -> Result<ParseReport, ParseError> {
    let mut reader = CsvReader::new();
    reader.feed(bytes, store)?;
    reader.finish(store)
}

fn csv_record<'a>(
    columns: &[Option<Field>],
    cells: impl Iterator<Item = &'a [u8]>,
) -> Option<RawRecord<'a>> {
    let mut record = RawRecord::default();
    for (column, cell) in columns.iter().zip(cells) {
        let Some(field) = column else { continue };
        // A cell the app defused for spreadsheets (`'=…`) reads as it was.
        let text = crate::spreadsheet::restore(std::str::from_utf8(cell).ok()?);
        if text.is_empty() {
            continue;
        }
        let value = Some(std::borrow::Cow::Borrowed(text));
        match field {
            Field::Timestamp => record.timestamp = value,
            Field::Diff => record.diff = value,
            Field::Text(TextField::DomainId) => record.domain_id = value,
            Field::Text(TextField::UserId) => record.user_id = value,
            Field::Text(TextField::DatasetId) => record.dataset_id = value,
            Field::Text(TextField::Username) => record.username = value,
            Field::Text(TextField::Action) => record.action = value,
            Field::Text(TextField::GroupId) => record.group_id = value,
            Field::Text(TextField::PageId) => record.page_id = value,
            Field::Text(TextField::MapId) => record.map_id = value,
            Field::Text(TextField::ReuseTitle) => record.reuse_title = value,
            Field::Text(TextField::SubdomainId) => record.subdomain_id = value,
        }
    }
    Some(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Format;
    use crate::record::TextField;

    const CSV: &str = "\u{feff}timestamp;domain_id;user_id;dataset_id;username;action;group_id;page_id;diff;map_id;reuse_title;subdomain_id\n\
        2024-01-01T10:00:00+01:00;ws;ann;trees;;edit_dataset;;;\"{\"\"a\"\": \"\"x;y\"\"}\nsecond line\";;;\n\
        2024-01-02T10:00:00+01:00;ws;bob;;;add_page;;home;;;;sub\n\
        not a date;ws;bob;;;add_page;;home;;;;\n";

    #[test]
    fn csv_as_the_platform_writes_it() {
        let mut store = Store::new();
        let report = parse_csv(CSV.as_bytes(), &mut store).unwrap();
        assert_eq!(report.accepted, 2);
        assert_eq!(report.skipped[&SkipReason::BadTimestamp], 1);
        assert_eq!(store.diff(0), "{\"a\": \"x;y\"}\nsecond line");
        assert_eq!(store.text(0, TextField::Username), "");
        assert_eq!(store.text(1, TextField::SubdomainId), "sub");
        assert_eq!(store.timestamp(0), 1_704_099_600_000);
        assert_eq!(Format::detect(CSV.as_bytes()), Format::Csv);
    }

    #[test]
    fn csv_with_commas_and_unknown_columns() {
        let mut store = Store::new();
        let text = "extra,timestamp,action,user_id\n1,2024-01-01T00:00:00Z,a,u\n";
        assert_eq!(parse_csv(text.as_bytes(), &mut store).unwrap().accepted, 1);
        assert!(matches!(
            parse_csv(b"a;b\n1;2\n", &mut store),
            Err(ParseError::NoKnownColumns { .. })
        ));
    }

    #[test]
    fn any_chunking_reads_the_same_rows() {
        for size in [1, 2, 5, 17, CSV.len()] {
            let mut store = Store::new();
            let mut reader = CsvReader::new();
            for chunk in CSV.as_bytes().chunks(size) {
                reader.feed(chunk, &mut store).unwrap();
            }
            let report = reader.finish(&mut store).unwrap();
            assert_eq!(report.accepted, 2, "chunks of {size}");
            assert_eq!(store.diff(0), "{\"a\": \"x;y\"}\nsecond line");
        }
    }

    #[test]
    fn a_row_too_long_for_a_record_is_skipped_without_being_held() {
        let mut store = Store::new();
        let mut reader = CsvReader::new();
        reader
            .feed(
                b"timestamp;action;diff\n2024-01-01T00:00:00Z;a;\"",
                &mut store,
            )
            .unwrap();
        let chunk = vec![b'x'; 64 << 10];
        for _ in 0..96 {
            reader.feed(&chunk, &mut store).unwrap();
        }
        assert!(reader.output.len() <= MAX_ELEMENT_BYTES);
        reader
            .feed(b"\"\n2024-01-01T00:00:00Z;b;\n", &mut store)
            .unwrap();
        let report = reader.finish(&mut store).unwrap();
        assert_eq!(report.accepted, 1);
        assert_eq!(report.skipped[&SkipReason::TooLarge], 1);
    }
}
