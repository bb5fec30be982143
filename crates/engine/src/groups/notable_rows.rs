//! The notable actions among the shown series, from [`Groups`]: bursts of removals by one
//! user, and one row per user of the access changes' and night actions' groups.

use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::{GroupId, Groups, Removal, RuleCount, Shown};
use crate::notable::{sort_rows, Notable, NotableKind, BURST_GAP_MS, BURST_MIN_ACTIONS};
use crate::objects::ObjectType;

impl Groups {
    /// The notable actions of the shown series: bursts from the removals, one row per user from
    /// the access changes' and night actions' groups.
    pub(super) fn notable(&self, shown: &Shown) -> Vec<Notable> {
        let visible = |object: GroupId, action: GroupId| shown.shows_object(object, action);
        let names = self.shared_object_names();
        // The producers sort them once; groups built otherwise are sorted here.
        let order = |r: &Removal| (r.user, r.at, r.order);
        let sorted: std::borrow::Cow<[Removal]> = match self.removals.is_sorted_by_key(order) {
            true => std::borrow::Cow::Borrowed(&self.removals),
            false => {
                let mut removals = self.removals.clone();
                crate::sorting::sort_by_key(&mut removals, order);
                std::borrow::Cow::Owned(removals)
            }
        };
        // One pass: a run of one user's shown removals, each within the gap of the one before,
        // is a burst once long enough (no list of every shown removal is made).
        let mut found = Vec::new();
        let mut run: Vec<&Removal> = Vec::new();
        for removal in sorted.iter().filter(|r| visible(r.object, r.action)) {
            let goes_on = run.last().is_some_and(|last| {
                last.user == removal.user && removal.at - last.at <= BURST_GAP_MS
            });
            if !goes_on {
                if run.len() >= BURST_MIN_ACTIONS {
                    found.push(self.burst_row(&names, &run));
                }
                run.clear();
            }
            run.push(removal);
        }
        if run.len() >= BURST_MIN_ACTIONS {
            found.push(self.burst_row(&names, &run));
        }
        for (kind, rules) in [
            (NotableKind::Access, &self.access),
            (NotableKind::Night, &self.night),
        ] {
            let mut rules: Vec<&RuleCount> = rules
                .iter()
                .filter(|r| r.count > 0 && visible(r.object, r.action))
                .collect();
            crate::sorting::sort_by_key(&mut rules, |r| r.user);
            for user_rules in rules.chunk_by(|a, b| a.user == b.user) {
                found.push(self.rule_row(&names, kind, user_rules));
            }
        }
        sort_rows(&mut found);
        found
    }

    /// Each object's type and id by number, the ids shared by the rows that list them.
    fn shared_object_names(&self) -> Vec<(ObjectType, Arc<str>)> {
        self.names
            .objects
            .iter()
            .map(|(kind, id)| (*kind, Arc::from(id.as_str())))
            .collect()
    }

    /// A burst's row: its objects in the order of their first removal.
    fn burst_row(&self, names: &[(ObjectType, Arc<str>)], burst: &[&Removal]) -> Notable {
        let mut seen = FxHashSet::default();
        let objects: Vec<GroupId> = burst
            .iter()
            .map(|removal| removal.object)
            .filter(|object| seen.insert(*object))
            .collect();
        Notable {
            kind: NotableKind::BulkDelete,
            user: burst
                .first()
                .map_or("", |r| self.user_name(r.user))
                .to_string(),
            count: burst.len(),
            first: burst.first().map_or(0, |r| r.at),
            last: burst.last().map_or(0, |r| r.at),
            objects: objects.into_iter().map(|o| shared_name(names, o)).collect(),
        }
    }

    /// One user's row of a per-user rule: objects in the order of their first action (objects
    /// first acted on in the same instant: by type, then id).
    fn rule_row(
        &self,
        names: &[(ObjectType, Arc<str>)],
        kind: NotableKind,
        rules: &[&RuleCount],
    ) -> Notable {
        let name = |object: GroupId| self.names.objects.get(object as usize);
        let mut by_first: Vec<(i64, GroupId)> = rules.iter().map(|r| (r.first, r.object)).collect();
        // By instant, then by type and id: names compared in place, not copied.
        crate::sorting::sort_by(&mut by_first, |(a_at, a), (b_at, b)| {
            a_at.cmp(b_at).then_with(|| name(*a).cmp(&name(*b)))
        });
        // An object has one number: seen once, listed once.
        let mut seen = FxHashSet::default();
        let objects = by_first
            .into_iter()
            .filter(|(_, object)| seen.insert(*object))
            .map(|(_, object)| shared_name(names, object))
            .collect();
        Notable {
            kind,
            user: rules
                .first()
                .map_or("", |r| self.user_name(r.user))
                .to_string(),
            count: rules.iter().map(|r| r.count as usize).sum(),
            first: rules.iter().map(|r| r.first).min().unwrap_or(0),
            last: rules.iter().map(|r| r.last).max().unwrap_or(0),
            objects,
        }
    }
}

/// Object `number`'s type and id (a number without a name: a workspace without id).
fn shared_name(names: &[(ObjectType, Arc<str>)], number: GroupId) -> (ObjectType, Arc<str>) {
    names
        .get(number as usize)
        .cloned()
        .unwrap_or((ObjectType::Workspace, Arc::from("")))
}
