//! The log as the demo portal holds it: columns, oldest first. Each text field is a column of
//! codes into that field's own dictionary (code 0 is the empty string, which stands for null),
//! so that a condition compares integers and a group key packs a few small numbers; a
//! generated log keeps each diff as the recipe it was drawn from (4 bytes, written out when a
//! record is served). Ten million events take about 0.5 GB.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use engine::generator::{generate_each, DemoOptions, DiffRecipe};
use engine::{Record, TextField};

/// The distinct values of one text field, each with its code.
#[derive(Debug)]
pub struct Dictionary {
    values: Vec<Box<str>>,
    codes: HashMap<Box<str>, u32>,
}

impl Default for Dictionary {
    fn default() -> Self {
        let mut dictionary = Dictionary {
            values: Vec::new(),
            codes: HashMap::new(),
        };
        dictionary.code(""); // code 0: empty, or null
        dictionary
    }
}

impl Dictionary {
    fn code(&mut self, value: &str) -> u32 {
        if let Some(&code) = self.codes.get(value) {
            return code;
        }
        let code = self.values.len() as u32;
        self.values.push(value.into());
        self.codes.insert(value.into(), code);
        code
    }

    /// The code of a value, if the column holds it.
    pub fn lookup(&self, value: &str) -> Option<u32> {
        self.codes.get(value).copied()
    }

    pub fn value(&self, code: u32) -> &str {
        self.values.get(code as usize).map_or("", |value| value)
    }

    /// How many codes there are (the empty one included).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.len() <= 1
    }

    /// Every value but the empty one.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.values.iter().skip(1).map(|value| &**value)
    }
}

/// One text field: a code per row and the dictionary they point into.
#[derive(Debug, Default)]
pub struct Column {
    pub dictionary: Dictionary,
    pub codes: Vec<u32>,
}

/// Where diffs come from.
#[derive(Debug)]
enum Diffs {
    /// Read from a file: the text of every row, one after the other.
    Texts { text: String, ends: Vec<usize> },
    /// Generated: a recipe per row.
    Recipes(Vec<u32>),
}

#[derive(Debug)]
pub struct Table {
    /// UTC milliseconds, oldest first.
    timestamps: Vec<i64>,
    columns: Vec<Column>,
    diffs: Diffs,
}

impl Table {
    /// A table of `records`, put in time order (records of the same instant keep their order).
    pub fn from_records(records: &[Record]) -> Table {
        let mut order: Vec<usize> = (0..records.len()).collect();
        order.sort_by_key(|&index| records[index].timestamp);
        let mut table = Table::empty(Diffs::Texts {
            text: String::new(),
            ends: Vec::with_capacity(records.len()),
        });
        for index in order {
            let record = &records[index];
            table.push_texts(record.timestamp, |field| record.text(field).unwrap_or(""));
            if let Diffs::Texts { text, ends } = &mut table.diffs {
                text.push_str(record.diff.as_deref().unwrap_or(""));
                ends.push(text.len());
            }
        }
        table
    }

    /// The generated demo log, without a record or a diff text per event in memory.
    pub fn generated(options: &DemoOptions, now: DateTime<Utc>) -> Table {
        let mut table = Table::empty(Diffs::Recipes(Vec::with_capacity(options.events)));
        generate_each(options, now, |event| {
            table.push_texts(event.timestamp, |field| event.text(field));
            if let Diffs::Recipes(recipes) = &mut table.diffs {
                recipes.push(event.diff.code());
            }
        });
        table.sort_by_time();
        table
    }

    fn empty(diffs: Diffs) -> Table {
        Table {
            timestamps: Vec::new(),
            columns: TextField::ALL.iter().map(|_| Column::default()).collect(),
            diffs,
        }
    }

    fn push_texts<'a>(&mut self, timestamp: DateTime<Utc>, text: impl Fn(TextField) -> &'a str) {
        self.timestamps.push(timestamp.timestamp_millis());
        for field in TextField::ALL {
            let column = &mut self.columns[field.index()];
            let code = column.dictionary.code(text(field));
            column.codes.push(code);
        }
    }

    /// Puts the rows in time order, keeping the order of rows of the same instant (as a
    /// stable sort of the records would).
    fn sort_by_time(&mut self) {
        let mut order: Vec<u32> = (0..self.timestamps.len() as u32).collect();
        order.sort_by_key(|&row| self.timestamps[row as usize]);
        let reorder = |values: &[u32]| -> Vec<u32> {
            order.iter().map(|&row| values[row as usize]).collect()
        };
        self.timestamps = order
            .iter()
            .map(|&row| self.timestamps[row as usize])
            .collect();
        for column in &mut self.columns {
            column.codes = reorder(&column.codes);
        }
        if let Diffs::Recipes(recipes) = &mut self.diffs {
            *recipes = reorder(recipes);
        }
    }

    pub fn len(&self) -> usize {
        self.timestamps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.timestamps.is_empty()
    }

    pub fn timestamps(&self) -> &[i64] {
        &self.timestamps
    }

    pub fn column(&self, field: TextField) -> &Column {
        &self.columns[field.index()]
    }

    pub fn text(&self, row: usize, field: TextField) -> &str {
        let column = self.column(field);
        column.dictionary.value(column.codes[row])
    }

    /// The rows before `until` (UTC ms): all of them when it is none.
    /// A text field of a row as its record holds it: an unset optional field is none, an
    /// unset core field (`domain_id`, `user_id`, `action`) the empty text.
    pub fn record_text(&self, row: usize, field: TextField) -> Option<&str> {
        let text = self.text(row, field);
        let core = matches!(
            field,
            TextField::DomainId | TextField::UserId | TextField::Action
        );
        (core || !text.is_empty()).then_some(text)
    }

    pub fn rows_until(&self, until: Option<i64>) -> usize {
        match until {
            Some(until) => self.timestamps.partition_point(|&ms| ms <= until),
            None => self.len(),
        }
    }

    /// Row `row`'s diff as text (empty when it has none).
    pub fn diff_text(&self, row: usize) -> std::borrow::Cow<'_, str> {
        match &self.diffs {
            Diffs::Texts { text, ends } => {
                let start = row.checked_sub(1).map_or(0, |before| ends[before]);
                let end = ends.get(row).copied().unwrap_or(start);
                std::borrow::Cow::Borrowed(text.get(start..end).unwrap_or(""))
            }
            Diffs::Recipes(recipes) => std::borrow::Cow::Owned(
                DiffRecipe::from_code(recipes[row])
                    .text()
                    .unwrap_or_default(),
            ),
        }
    }

    /// Row `row` as a record (an empty text is unset).
    pub fn record(&self, row: usize) -> Record {
        let text = |field: TextField| self.text(row, field).to_string();
        let set = |field: TextField| Some(text(field)).filter(|value| !value.is_empty());
        let diff = Some(self.diff_text(row).into_owned()).filter(|diff| !diff.is_empty());
        Record {
            timestamp: DateTime::from_timestamp_millis(self.timestamps[row]).unwrap_or_default(),
            domain_id: text(TextField::DomainId),
            user_id: text(TextField::UserId),
            dataset_id: set(TextField::DatasetId),
            username: set(TextField::Username),
            action: text(TextField::Action),
            group_id: set(TextField::GroupId),
            page_id: set(TextField::PageId),
            diff,
            map_id: set(TextField::MapId),
            reuse_title: set(TextField::ReuseTitle),
            subdomain_id: set(TextField::SubdomainId),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_table_holds_the_generated_log() {
        let options = DemoOptions {
            seed: 3,
            events: 3_000,
            days: 20,
        };
        let now = "2025-03-31T12:00:00Z".parse().unwrap();
        let records = engine::generator::generate(&options, now);
        let table = Table::generated(&options, now);
        assert_eq!(table.len(), records.len());
        for (row, record) in records.iter().enumerate() {
            assert_eq!(&table.record(row), record, "row {row}");
        }
        assert_eq!(Table::from_records(&records).record(17), records[17]);
    }

    #[test]
    fn records_are_put_in_time_order_and_keep_their_texts() {
        let at = |t: &str| t.parse::<DateTime<Utc>>().unwrap();
        let record = |t: &str, user: &str, diff: Option<&str>| Record {
            timestamp: at(t),
            user_id: user.into(),
            action: "edit_page".into(),
            diff: diff.map(str::to_string),
            ..Record::default()
        };
        let table = Table::from_records(&[
            record("2024-01-02T00:00:00Z", "b", Some("<p>x</p>")),
            record("2024-01-01T00:00:00Z", "a", None),
            record("2024-01-02T00:00:00Z", "c", Some("{}")),
        ]);
        let users: Vec<&str> = (0..3)
            .map(|row| table.text(row, TextField::UserId))
            .collect();
        assert_eq!(users, ["a", "b", "c"]);
        assert_eq!(table.record(0).diff, None);
        assert_eq!(table.record(1).diff.as_deref(), Some("<p>x</p>"));
        assert_eq!(table.record(2).diff.as_deref(), Some("{}"));
        assert_eq!(table.column(TextField::DatasetId).dictionary.len(), 1);
        assert_eq!(
            table.rows_until(Some(at("2024-01-01T12:00:00Z").timestamp_millis())),
            1
        );
    }
}
