//! The marks picked on the figures as an ODSQL condition, selecting what `engine::marks`
//! selects in the browser: days and weekdays as UTC instants of the zone's local days (never
//! bare dates), hours through `hour(timestamp)` in the request's zone, actions and users by
//! name.

use engine::calendar::{date_of_day, weekday_of_day};
use engine::marks::{runs_of_days, DayRun};
use engine::{DateWindow, Marks, Zone};

use super::aggregates::{instant_literal, quoted};

/// The condition of `marks` within `window`, none when no mark is in force.
pub fn marks_condition(marks: &Marks, window: &DateWindow, zone: Zone) -> Option<String> {
    let mut parts = Vec::new();
    if !marks.days.is_empty() {
        parts.push(any_of(
            marks.days.iter().map(|run| run_condition(*run, zone)),
        ));
    }
    if !marks.weekdays.is_empty() {
        // The window's days of those weekdays, consecutive ones as one run.
        let days = (window.first_day()..=window.last_day())
            .filter(|day| marks.weekdays.contains(&weekday_of_day(*day)))
            .collect();
        let runs = runs_of_days(days);
        parts.push(match runs.is_empty() {
            // No such day in the window: nothing passes.
            true => "timestamp < date'1970-01-01T00:00:00.000Z' AND timestamp >= date'1970-01-01T00:00:00.000Z'".to_string(),
            false => any_of(runs.into_iter().map(|run| run_condition(run, zone))),
        });
    }
    if !marks.hours.is_empty() {
        let hours = marks.hours.iter().map(|h| i32::from(*h)).collect();
        parts.push(any_of(runs_of_days(hours).into_iter().map(hours_condition)));
    }
    if !marks.actions.is_empty() {
        parts.push(names_condition("action", &marks.actions));
    }
    if !marks.users.is_empty() {
        parts.push(names_condition("user_id", &marks.users));
    }
    (!parts.is_empty()).then(|| parts.join(" AND "))
}

/// The events of a run of local days: from the first one's start to the start of the day after
/// the last.
fn run_condition((first, last): DayRun, zone: Zone) -> String {
    let start = zone.start_of_day_ms(date_of_day(first));
    let end = zone.start_of_day_ms(date_of_day(last.saturating_add(1)));
    format!(
        "(timestamp >= date'{}' AND timestamp < date'{}')",
        instant_literal(start),
        instant_literal(end)
    )
}

/// The events of a run of local hours (`hour(timestamp) < 24` is not written: some readers
/// refuse an hour that cannot be).
fn hours_condition((first, last): DayRun) -> String {
    match last >= 23 {
        true => format!("hour(timestamp) >= {first}"),
        false => format!(
            "(hour(timestamp) >= {first} AND hour(timestamp) < {})",
            last + 1
        ),
    }
}

fn names_condition(field: &str, names: &std::collections::BTreeSet<String>) -> String {
    let names: Vec<String> = names.iter().map(|name| quoted(name)).collect();
    format!("{field} IN ({})", names.join(", "))
}

fn any_of(parts: impl Iterator<Item = String>) -> String {
    let parts: Vec<String> = parts.collect();
    match parts.len() {
        1 => parts.into_iter().next().unwrap_or_default(),
        _ => format!("({})", parts.join(" OR ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::MarkKind;

    fn marks(pairs: &[(MarkKind, &str)]) -> Marks {
        let mut marks = Marks::default();
        for (kind, value) in pairs {
            marks.add(*kind, value).unwrap();
        }
        marks
    }

    fn window(from: &str, to: &str) -> DateWindow {
        DateWindow::parse(from, to).unwrap()
    }

    #[test]
    fn a_day_run_across_the_spring_change_is_its_local_days_in_utc() {
        // Paris: 2024-03-30 starts at 23:00Z the day before (UTC+1); 2024-04-01 at 22:00Z
        // (UTC+2, after the change on the 31st).
        let zone: Zone = "Europe/Paris".parse().unwrap();
        let condition = marks_condition(
            &marks(&[(MarkKind::Day, "2024-03-30..2024-03-31")]),
            &window("2024-03-01", "2024-04-30"),
            zone,
        );
        assert_eq!(
            condition.as_deref(),
            Some("(timestamp >= date'2024-03-29T23:00:00.000Z' AND timestamp < date'2024-03-31T22:00:00.000Z')")
        );
    }

    #[test]
    fn weekdays_are_the_windows_days_hours_runs_and_kinds_and() {
        let zone: Zone = "UTC".parse().unwrap();
        // 2024-03-04 was a Monday: in 4–17 March, Mondays and Tuesdays are 4–5 and 11–12.
        let condition = marks_condition(
            &marks(&[
                (MarkKind::Weekday, "mon"),
                (MarkKind::Weekday, "tue"),
                (MarkKind::Hour, "1"),
                (MarkKind::Hour, "2"),
                (MarkKind::Hour, "23"),
                (MarkKind::User, "alice"),
            ]),
            &window("2024-03-04", "2024-03-17"),
            zone,
        );
        assert_eq!(
            condition.as_deref(),
            Some(
                "((timestamp >= date'2024-03-04T00:00:00.000Z' AND timestamp < date'2024-03-06T00:00:00.000Z') \
                 OR (timestamp >= date'2024-03-11T00:00:00.000Z' AND timestamp < date'2024-03-13T00:00:00.000Z')) \
                 AND ((hour(timestamp) >= 1 AND hour(timestamp) < 3) OR hour(timestamp) >= 23) \
                 AND user_id IN (\"alice\")"
            )
        );
        assert_eq!(
            marks_condition(&Marks::default(), &window("2024-03-04", "2024-03-17"), zone),
            None
        );
    }
}
