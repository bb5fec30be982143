//! The headline numbers: actions, distinct active users, actions per user.

/// The headline numbers: actions, distinct active users, actions per user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kpis {
    pub actions: usize,
    /// Distinct non-empty `user_id`s.
    pub users: usize,
}

impl Kpis {
    /// Actions divided by users; 0 when there is no user.
    pub fn actions_per_user(&self) -> f64 {
        if self.users == 0 {
            0.0
        } else {
            self.actions as f64 / self.users as f64
        }
    }

    /// Actions per user with one decimal, as the dashboard shows it.
    ///
    /// Rounded in whole numbers, a half up (9 actions by 4 users, 2.25, is `2.3`): `{:.1}` of
    /// the float rounds a half to even (`2.2`), which no one reading the page expects.
    pub fn actions_per_user_text(&self) -> String {
        if self.users == 0 {
            return "0.0".into();
        }
        let (actions, users) = (self.actions as u128, self.users as u128);
        let tenths = (actions * 20 + users) / (users * 2);
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::groups::Groups;
    use crate::indexed::IndexedLog;

    /// The KPIs of `rows` as the dashboard counts them (through their groups).
    fn kpis_of(log: &IndexedLog, rows: &[u32]) -> Kpis {
        let any_window = crate::DateWindow::parse("2025-01-01", "2025-01-01").unwrap();
        let groups = Groups::of_rows(log, rows);
        groups
            .dashboard(
                &any_window,
                crate::SeriesMode::ObjectType,
                &Default::default(),
            )
            .kpis
    }

    #[test]
    fn actions_per_user_round_a_half_up() {
        let text = |actions, users| Kpis { actions, users }.actions_per_user_text();
        // By hand: 9/4 = 2.25 → 2.3; 7/20 = 0.35 → 0.4; 5/3 = 1.666… → 1.7; 1/8 = 0.125 → 0.1.
        assert_eq!(text(9, 4), "2.3");
        assert_eq!(text(7, 20), "0.4");
        assert_eq!(text(5, 3), "1.7");
        assert_eq!(text(1, 8), "0.1");
        assert_eq!(text(12, 1), "12.0");
        assert_eq!(text(0, 0), "0.0");
    }
    use crate::calendar::{DateWindow, Zone};
    use crate::filter::window_rows;
    use crate::generator::{generate, DemoOptions};
    use crate::record::Record;
    use crate::store::Store;
    use chrono::{DateTime, NaiveDate, Utc};
    use std::collections::HashSet;

    /// A deliberately simple reference: filter owned records by their local date with chrono,
    /// count, and collect users in a set.
    fn reference_kpis(records: &[Record], zone: &str, window: &DateWindow) -> (usize, usize) {
        let tz: chrono_tz::Tz = zone.parse().unwrap();
        let selected: Vec<&Record> = records
            .iter()
            .filter(|r| {
                let local: NaiveDate = r.timestamp.with_timezone(&tz).date_naive();
                window.from <= local && local <= window.to
            })
            .collect();
        let users: HashSet<&str> = selected
            .iter()
            .map(|r| r.user_id.as_str())
            .filter(|u| !u.is_empty())
            .collect();
        (selected.len(), users.len())
    }

    #[test]
    fn kpis_match_the_reference_on_generated_logs_in_several_zones() {
        let now: DateTime<Utc> = "2024-11-05T12:00:00Z".parse().unwrap();
        let records = generate(
            &DemoOptions {
                seed: 7,
                events: 5_000,
                days: 90,
            },
            now,
        );
        for zone_name in [
            "UTC",
            "Europe/Paris",
            "America/New_York",
            "Pacific/Kiritimati",
        ] {
            let zone: Zone = zone_name.parse().unwrap();
            let log = IndexedLog::new(Store::from_records(&records), zone);
            // Windows that straddle the autumn DST changes in Europe and America.
            for (from, to) in [
                ("2024-10-20", "2024-11-05"),
                ("2024-10-27", "2024-10-27"),
                ("2024-08-01", "2024-11-05"),
            ] {
                let window = DateWindow::parse(from, to).unwrap();
                let kpis = kpis_of(&log, &window_rows(&log, &window, None));
                let (actions, users) = reference_kpis(&records, zone_name, &window);
                assert_eq!(
                    (kpis.actions, kpis.users),
                    (actions, users),
                    "{zone_name} {from}..{to}"
                );
                assert!(
                    kpis.actions > 0,
                    "{zone_name} {from}..{to} should not be empty"
                );
            }
        }
    }

    #[test]
    fn empty_selection_has_zero_actions_per_user() {
        let kpis = kpis_of(&IndexedLog::new(Store::new(), Zone::UTC), &[]);
        assert_eq!(kpis, Kpis::default());
        assert_eq!(kpis.actions_per_user_text(), "0.0");
        let kpis = Kpis {
            actions: 10,
            users: 3,
        };
        assert_eq!(kpis.actions_per_user_text(), "3.3");
    }

    #[test]
    fn empty_user_ids_are_not_users() {
        let base = Record {
            timestamp: "2024-01-01T10:00:00Z".parse().unwrap(),
            action: "edit_dataset".into(),
            ..Record::default()
        };
        let named = Record {
            user_id: "ann".into(),
            ..base.clone()
        };
        let store = Store::from_records(&[base, named.clone(), named]);
        let log = IndexedLog::new(store, Zone::UTC);
        let kpis = kpis_of(&log, &[0, 1, 2]);
        assert_eq!(
            kpis,
            Kpis {
                actions: 3,
                users: 1
            }
        );
    }
}
