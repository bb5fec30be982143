//! A seeded, realistic activity log for the demo portal and for tests.
//!
//! About 25 users, a few doing most of the work; a few hundred datasets, dozens of pages, some
//! maps, groups, reuses and user-management actions; working hours and weekdays in Europe/Paris;
//! bursts of edits on one dataset; JSON diffs of varied size (some with HTML, as dataset
//! descriptions have). The same seed and `now` give the same log.
//!
//! [`generate_each`] hands out events one by one, each borrowing its texts and carrying its diff
//! as a recipe, so that a log of millions of events can be stored without a `Record` (or a diff
//! text) per event; [`generate`] collects them as records.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Timelike, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::objects::ObjectType;
use crate::record::{Record, TextField};

mod diffs;
mod vocabulary;

pub use diffs::DiffRecipe;
use vocabulary::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    pub seed: u64,
    /// How many events, about (bursts may add a few).
    pub events: usize,
    /// How many days of history, ending at `now`.
    pub days: u32,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            seed: 2024,
            events: 20_000,
            days: 90,
        }
    }
}

pub const DEMO_DOMAIN: &str = "demo-workspace";
pub const DEMO_SUBDOMAIN: &str = "demo-regional";

struct Catalog {
    users: Vec<String>,
    user_weights: Vec<u32>,
    datasets: Vec<String>,
    pages: Vec<String>,
    maps: Vec<String>,
    groups: Vec<String>,
    reuses: Vec<String>,
    /// Accounts created or removed: `new.user1` … `new.user59`.
    usernames: Vec<String>,
}

impl Catalog {
    fn new(rng: &mut ChaCha8Rng) -> Self {
        let users: Vec<String> = FIRST_NAMES
            .iter()
            .map(|name| format!("{name}.{}", &name[..1]))
            .collect();
        // A few users do most of the work: weights fall like 1/rank.
        let user_weights = (1..=users.len() as u32).map(|rank| 1000 / rank).collect();
        let mut datasets = Vec::new();
        while datasets.len() < 320 {
            let id = format!(
                "{}-{}",
                SUBJECTS[rng.gen_range(0..SUBJECTS.len())],
                QUALIFIERS[rng.gen_range(0..QUALIFIERS.len())]
            );
            let id = if datasets.contains(&id) {
                format!("{id}-{}", datasets.len())
            } else {
                id
            };
            datasets.push(id);
        }
        Catalog {
            users,
            user_weights,
            datasets,
            pages: (0..48)
                .map(|i| {
                    format!(
                        "{}-{}",
                        SUBJECTS[i % SUBJECTS.len()],
                        ["story", "dashboard", "faq"][i % 3]
                    )
                })
                .collect(),
            maps: (0..9).map(|i| format!("map-{}", SUBJECTS[i])).collect(),
            groups: vec![
                "editors".into(),
                "analysts".into(),
                "city-hall".into(),
                "partners".into(),
                "interns".into(),
                "admins".into(),
            ],
            reuses: vec![
                "Bike lanes app".into(),
                "Budget explorer".into(),
                "Air quality widget".into(),
                "School map".into(),
                "Tree census viz".into(),
            ],
            usernames: (1..60).map(|n| format!("new.user{n}")).collect(),
        }
    }
}

fn pick_weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut ticket = rng.gen_range(0..total.max(1));
    for (item, weight) in items {
        if ticket < *weight {
            return item;
        }
        ticket -= weight;
    }
    &items[items.len() - 1].0
}

fn pick<'a>(rng: &mut ChaCha8Rng, items: &'a [String]) -> &'a str {
    &items[rng.gen_range(0..items.len())]
}

/// A skewed pick: low indexes (popular objects) come up far more often.
fn pick_skewed<'a>(rng: &mut ChaCha8Rng, items: &'a [String]) -> &'a str {
    let u: f64 = rng.gen();
    let index = ((u * u * u) * items.len() as f64) as usize;
    &items[index.min(items.len() - 1)]
}

/// One event of the demo log, its texts borrowed from the generator's catalog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoEvent<'a> {
    pub timestamp: DateTime<Utc>,
    pub user: &'a str,
    /// The object's id field and id (none for the workspace).
    pub object: Option<(TextField, &'a str)>,
    pub action: &'static str,
    pub diff: DiffRecipe,
    /// In the demo's subdomain, not its domain.
    pub in_subdomain: bool,
}

impl DemoEvent<'_> {
    /// The text of one of its fields (empty when unset).
    pub fn text(&self, field: TextField) -> &str {
        match field {
            TextField::DomainId => DEMO_DOMAIN,
            TextField::UserId => self.user,
            TextField::Action => self.action,
            TextField::SubdomainId if self.in_subdomain => DEMO_SUBDOMAIN,
            other => match self.object {
                Some((object_field, id)) if object_field == other => id,
                _ => "",
            },
        }
    }

    pub fn to_record(&self) -> Record {
        let set = |field: TextField| Some(self.text(field).to_string()).filter(|t| !t.is_empty());
        Record {
            timestamp: self.timestamp,
            domain_id: DEMO_DOMAIN.to_string(),
            user_id: self.user.to_string(),
            dataset_id: set(TextField::DatasetId),
            username: set(TextField::Username),
            action: self.action.to_string(),
            group_id: set(TextField::GroupId),
            page_id: set(TextField::PageId),
            diff: self.diff.text(),
            map_id: set(TextField::MapId),
            reuse_title: set(TextField::ReuseTitle),
            subdomain_id: set(TextField::SubdomainId),
        }
    }
}

fn event<'a>(
    rng: &mut ChaCha8Rng,
    catalog: &'a Catalog,
    timestamp: DateTime<Utc>,
    user: &'a str,
) -> DemoEvent<'a> {
    let kind = *pick_weighted(rng, &KINDS);
    let (object, action) = match kind {
        ObjectType::Dataset => {
            let id = pick_skewed(rng, &catalog.datasets);
            (
                Some((TextField::DatasetId, id)),
                *pick_weighted(rng, &DATASET_ACTIONS),
            )
        }
        ObjectType::Page => {
            let id = pick_skewed(rng, &catalog.pages);
            (
                Some((TextField::PageId, id)),
                *pick_weighted(rng, &PAGE_ACTIONS),
            )
        }
        ObjectType::Map => {
            let id = pick(rng, &catalog.maps);
            (
                Some((TextField::MapId, id)),
                *pick_weighted(rng, &MAP_ACTIONS),
            )
        }
        ObjectType::Group => {
            let id = pick(rng, &catalog.groups);
            (
                Some((TextField::GroupId, id)),
                *pick_weighted(rng, &GROUP_ACTIONS),
            )
        }
        ObjectType::Reuse => {
            let id = pick(rng, &catalog.reuses);
            (
                Some((TextField::ReuseTitle, id)),
                *pick_weighted(rng, &REUSE_ACTIONS),
            )
        }
        ObjectType::User => {
            let number: i32 = rng.gen_range(1..60);
            let id = catalog.usernames[(number - 1) as usize].as_str();
            (
                Some((TextField::Username, id)),
                *pick_weighted(rng, &USER_ACTIONS),
            )
        }
        ObjectType::Workspace => (None, *pick_weighted(rng, &WORKSPACE_ACTIONS)),
    };
    let diff = DiffRecipe::draw(rng, action);
    let in_subdomain = rng.gen_range(0..100) < 8;
    DemoEvent {
        timestamp,
        user,
        object,
        action,
        diff,
        in_subdomain,
    }
}

/// A working-hours instant on a random weekday-weighted day of the last `days` days, in
/// Europe/Paris, never after `now`.
fn random_instant(rng: &mut ChaCha8Rng, now: DateTime<Utc>, days: u32) -> DateTime<Utc> {
    let paris = chrono_tz::Europe::Paris;
    let today: NaiveDate = now.with_timezone(&paris).date_naive();
    loop {
        let back = rng.gen_range(0..days.max(1));
        let Some(date) = today.checked_sub_days(chrono::Days::new(u64::from(back))) else {
            continue;
        };
        let weekend = chrono::Datelike::weekday(&date).number_from_monday() > 5;
        if weekend && rng.gen_range(0..100) > 12 {
            continue;
        }
        // Peaks at 10h and 15h; a few late or early actions.
        let hour = *pick_weighted(
            rng,
            &[
                (7, 2),
                (8, 6),
                (9, 12),
                (10, 16),
                (11, 14),
                (12, 6),
                (13, 8),
                (14, 14),
                (15, 15),
                (16, 12),
                (17, 8),
                (18, 4),
                (19, 2),
                (21, 1),
                (23, 1),
                (0, 1),
            ],
        );
        let Some(local) = date.and_hms_opt(hour, rng.gen_range(0..60), rng.gen_range(0..60)) else {
            continue;
        };
        let Some(instant) = paris.from_local_datetime(&local).earliest() else {
            continue;
        };
        let instant = instant.with_timezone(&Utc);
        if instant <= now {
            return instant;
        }
    }
}

/// Hands out the demo log's events in the order they are drawn (not in time order: a burst's
/// edits come before the event that starts it). `generate` sorts them.
pub fn generate_each(options: &DemoOptions, now: DateTime<Utc>, mut emit: impl FnMut(&DemoEvent)) {
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let catalog = Catalog::new(&mut rng);
    let user_weights: Vec<(usize, u32)> =
        catalog.user_weights.iter().copied().enumerate().collect();
    let mut count = 0;
    while count < options.events {
        let at = random_instant(&mut rng, now, options.days);
        let user = &catalog.users[*pick_weighted(&mut rng, &user_weights)];
        let record = event(&mut rng, &catalog, at, user);
        // One event in 150 starts a burst: the same user edits the same dataset again and again.
        let on_dataset = matches!(record.object, Some((TextField::DatasetId, _)));
        if on_dataset && rng.gen_range(0..150) == 0 {
            for step in 1..rng.gen_range(5..30) {
                let later = at + Duration::seconds(step * rng.gen_range(20..120));
                if later > now || count + 1 >= options.events {
                    break;
                }
                let edit = DemoEvent {
                    timestamp: later.with_nanosecond(0).unwrap_or(later),
                    action: "edit_dataset",
                    diff: DiffRecipe::draw(&mut rng, "edit_dataset"),
                    ..record
                };
                emit(&edit);
                count += 1;
            }
        }
        emit(&record);
        count += 1;
    }
}

/// The demo log, oldest first.
pub fn generate(options: &DemoOptions, now: DateTime<Utc>) -> Vec<Record> {
    let mut records = Vec::with_capacity(options.events + 64);
    generate_each(options, now, |event| records.push(event.to_record()));
    records.sort_by_key(|record| record.timestamp);
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn now() -> DateTime<Utc> {
        "2024-11-05T16:00:00Z".parse().unwrap()
    }

    #[test]
    fn same_seed_same_log_and_a_different_seed_another() {
        let options = DemoOptions {
            seed: 1,
            events: 500,
            days: 30,
        };
        assert_eq!(generate(&options, now()), generate(&options, now()));
        assert_ne!(
            generate(&options, now()),
            generate(&DemoOptions { seed: 2, ..options }, now())
        );
    }

    #[test]
    fn demo_log_looks_like_a_real_workspace() {
        let records = generate(&DemoOptions::default(), now());
        assert_eq!(records.len(), 20_000);
        assert!(records.windows(2).all(|w| w[0].timestamp <= w[1].timestamp));
        assert!(records.iter().all(|r| r.timestamp <= now()));
        let oldest = now() - Duration::days(91);
        assert!(records.iter().all(|r| r.timestamp > oldest));

        let users: HashSet<_> = records.iter().map(|r| r.user_id.as_str()).collect();
        assert_eq!(users.len(), 25);
        let datasets: HashSet<_> = records
            .iter()
            .filter_map(|r| r.dataset_id.as_deref())
            .collect();
        assert!(datasets.len() > 200, "{} datasets", datasets.len());
        let pages: HashSet<_> = records
            .iter()
            .filter_map(|r| r.page_id.as_deref())
            .collect();
        assert!(pages.len() >= 24);
        assert!(records.iter().any(|r| r.map_id.is_some()));
        assert!(records.iter().any(|r| r.group_id.is_some()));
        assert!(records.iter().any(|r| r.reuse_title.is_some()));
        assert!(records.iter().any(|r| r.username.is_some()));
        assert!(records.iter().any(|r| r.subdomain_id.is_some()));

        // A few users do most of the work.
        let mut per_user: HashMap<&str, usize> = HashMap::new();
        for r in &records {
            *per_user.entry(&r.user_id).or_default() += 1;
        }
        let mut counts: Vec<usize> = per_user.into_values().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        assert!(counts[..5].iter().sum::<usize>() * 2 > records.len());

        // Weekdays dominate.
        let weekend = records
            .iter()
            .filter(|r| {
                let local = r.timestamp.with_timezone(&chrono_tz::Europe::Paris);
                chrono::Datelike::weekday(&local).number_from_monday() > 5
            })
            .count();
        assert!(weekend * 10 < records.len());
        // Diffs of varied size, some with HTML.
        let sizes: Vec<usize> = records
            .iter()
            .filter_map(|r| r.diff.as_ref().map(String::len))
            .collect();
        assert!(sizes.iter().max() > Some(&1000) && sizes.iter().min() < Some(&10));
        assert!(records
            .iter()
            .any(|r| r.diff.as_deref().is_some_and(|d| d.contains("<b>"))));
    }
}
