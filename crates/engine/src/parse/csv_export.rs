//! CSV exports as the platform writes them: `;` (or `,`), a UTF-8 BOM, a header of field names,
//! quoted fields holding `;` and newlines.

use super::{ParseError, ParseReport};
use crate::record::{Field, RawRecord, SkipReason, TextField};
use crate::store::Store;

/// Parses CSV as the platform writes it: a BOM, a header of field names, `;` between fields
/// (`,` is accepted too), quoted fields that may hold separators and newlines. An empty cell is
/// null; unknown columns are ignored.
pub fn parse_csv(bytes: &[u8], store: &mut Store) -> Result<ParseReport, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let header_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let delimiter = if header_line.contains(&b';') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader.headers().map_err(|_| ParseError::NotCsv)?.clone();
    let columns: Vec<Option<Field>> = headers
        .iter()
        .map(|name| Field::ALL.iter().copied().find(|f| f.name() == name.trim()))
        .collect();
    let mut report = ParseReport::default();
    if !columns.iter().any(Option::is_some) {
        let found: Vec<String> = headers.iter().take(12).map(str::to_string).collect();
        return Err(ParseError::NoKnownColumns { found });
    }
    let mut row = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {
                let outcome = match csv_record(&columns, &row) {
                    Some(record) => {
                        report.note_fields(&record);
                        store.push(&record)
                    }
                    None => Err(SkipReason::InvalidCsv),
                };
                report.count(outcome);
            }
            // A broken row: count it and go on with the next.
            Err(_) => report.count(Err(SkipReason::InvalidCsv)),
        }
    }
    Ok(report)
}

fn csv_record<'a>(columns: &[Option<Field>], row: &'a csv::ByteRecord) -> Option<RawRecord<'a>> {
    let mut record = RawRecord::default();
    for (column, cell) in columns.iter().zip(row.iter()) {
        let Some(field) = column else { continue };
        let text = std::str::from_utf8(cell).ok()?;
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
}
