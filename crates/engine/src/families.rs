//! Which object type each action name is about ("its family"), so that a display can give
//! `edit_dataset` and `publish_dataset` related colours that do not depend on a filter.

use rustc_hash::FxHashMap;

use crate::indexed::IndexedLog;
use crate::objects::ObjectType;
use crate::record::TextField;
use crate::store::EMPTY;

/// An action name, the object type most of its events are about, and how many events it has
/// in the whole log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionFamily {
    pub action: String,
    pub kind: ObjectType,
    pub total: u64,
}

/// Every action name of the log with its family, most frequent first (then by name). A tie
/// between types goes to the first in [`ObjectType::ALL`].
pub fn action_families(log: &IndexedLog) -> Vec<ActionFamily> {
    let actions = log.store.ids(TextField::Action);
    // Per action met: its id and events per object type (in the order of ObjectType::ALL).
    // Found through a map, but for a run of one action, which a log's rows often are.
    let mut counts: Vec<(u32, [u64; 7])> = Vec::new();
    let mut slots: FxHashMap<u32, usize> = FxHashMap::default();
    let mut last = (EMPTY, 0);
    for (row, &action) in actions.iter().enumerate() {
        if action == EMPTY {
            continue;
        }
        if action != last.0 {
            let next = counts.len();
            let slot = *slots.entry(action).or_insert(next);
            if slot == next {
                counts.push((action, [0; 7]));
            }
            last = (action, slot);
        }
        let kind = log.objects.kind_of_row(row);
        let per_kind = counts.get_mut(last.1).map(|(_, per_kind)| per_kind);
        if let Some(count) = per_kind.and_then(|p| p.get_mut(usize::from(kind.number()))) {
            *count += 1;
        }
    }
    ranked_families(
        counts
            .into_iter()
            .map(|(action, per_kind)| (log.store.strings().get(action).to_string(), per_kind)),
    )
}

/// The families of actions given their events per object type (in the order of
/// [`ObjectType::ALL`]), most frequent first (then by name); a tie between types goes to the
/// first.
pub(crate) fn ranked_families(
    actions: impl Iterator<Item = (String, [u64; 7])>,
) -> Vec<ActionFamily> {
    let mut families: Vec<ActionFamily> = actions
        .map(|(action, per_kind)| {
            let (slot, _) =
                per_kind.iter().enumerate().fold(
                    (0, 0),
                    |best, (slot, &n)| if n > best.1 { (slot, n) } else { best },
                );
            ActionFamily {
                action,
                kind: ObjectType::ALL[slot],
                total: per_kind.iter().sum(),
            }
        })
        .collect();
    crate::sorting::sort_by(&mut families, |a, b| {
        b.total.cmp(&a.total).then_with(|| a.action.cmp(&b.action))
    });
    families
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Zone;
    use crate::record::Record;
    use crate::store::Store;

    fn event(action: &str, edit: impl FnOnce(&mut Record)) -> Record {
        let mut record = Record {
            timestamp: "2024-01-01T00:00:00Z".parse().unwrap(),
            domain_id: "main".into(),
            user_id: "u".into(),
            action: action.into(),
            ..Record::default()
        };
        edit(&mut record);
        record
    }

    #[test]
    fn an_action_belongs_to_the_type_most_of_its_events_are_about() {
        let dataset = |r: &mut Record| r.dataset_id = Some("trees".into());
        let group = |r: &mut Record| r.group_id = Some("g".into());
        let records = [
            // add_user_to_group: twice about a group, once (oddly) about a dataset; its
            // events between edit_dataset's.
            event("edit_dataset", dataset),
            event("add_user_to_group", group),
            event("edit_dataset", dataset),
            event("add_user_to_group", dataset),
            event("edit_dataset", dataset),
            event("add_user_to_group", group),
            // A tie between dataset and group: dataset comes first in ObjectType::ALL.
            event("tie", group),
            event("tie", dataset),
            // No object field at all: the workspace.
            event("edit_domain_theme", |_| {}),
        ];
        let log = IndexedLog::new(Store::from_records(&records), Zone::UTC);
        let families = action_families(&log);
        let got: Vec<(&str, ObjectType, u64)> = families
            .iter()
            .map(|f| (f.action.as_str(), f.kind, f.total))
            .collect();
        assert_eq!(
            got,
            [
                ("add_user_to_group", ObjectType::Group, 3),
                ("edit_dataset", ObjectType::Dataset, 3),
                ("tie", ObjectType::Dataset, 2),
                ("edit_domain_theme", ObjectType::Workspace, 1),
            ]
        );
    }
}
