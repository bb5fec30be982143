//! Browser mode's producer: a window's rows counted into [`Groups`] in one pass, with dense
//! numbers and `Vec` state where the key space is small (in the style of DataFusion's
//! `GroupsAccumulator`), hash maps where it is a product (object × user × action).

use std::collections::HashMap;

use super::{
    merge_activity, merge_rules, Activity, DayCount, GroupId, Groups, HourCount, Removal,
    RuleCount, NO_USER,
};
use crate::calendar::weekday_of_day;
use crate::indexed::{IndexedLog, NO_USER as LOG_NO_USER};
use crate::notable::{is_access_change, is_removal, NIGHT_HOURS};
use crate::record::TextField;
use crate::store::StrId;

const UNSEEN: GroupId = GroupId::MAX;

/// The dense numbers of one window, handed out as rows meet them.
struct Numbering {
    /// Per interned string: its action number, or [`UNSEEN`].
    actions: Vec<GroupId>,
    /// Per log user number: its user number here, or [`UNSEEN`].
    users: Vec<GroupId>,
    /// Per log object number: its object number here, or [`UNSEEN`].
    objects: Vec<GroupId>,
    /// Per action number: removal, access change.
    rules: Vec<(bool, bool)>,
}

impl Groups {
    /// The groups of `rows` (a window's, every series) of `log`.
    pub fn of_rows(log: &IndexedLog, rows: &[u32]) -> Groups {
        let store = &log.store;
        let mut groups = Groups::default();
        groups.names.users.push(String::new());
        let mut numbers = Numbering {
            actions: vec![UNSEEN; store.strings().len()],
            users: vec![UNSEEN; log.user_count],
            objects: vec![UNSEEN; log.objects.len()],
            rules: Vec::new(),
        };
        let (action_ids, user_ids) = (store.ids(TextField::Action), store.ids(TextField::UserId));
        let mut activity: HashMap<(GroupId, GroupId, GroupId), Activity> = HashMap::new();
        let mut days: HashMap<(u8, GroupId, i32), u64> = HashMap::new();
        let mut hours: HashMap<(u8, GroupId, u8), u64> = HashMap::new();
        let (mut access, mut night) = (Vec::new(), Vec::new());
        for (order, &row) in rows.iter().enumerate() {
            let index = row as usize;
            let (Some(&action_id), Some(&user_id), Some(&object), Some(&day), Some(&hour)) = (
                action_ids.get(index),
                user_ids.get(index),
                log.objects.row_object.get(index),
                log.days.days.get(index),
                log.days.hours.get(index),
            ) else {
                continue;
            };
            let at = store.timestamp(index);
            let action = numbers.action(&mut groups, log, action_id);
            let user = numbers.user(&mut groups, log, user_id);
            let object = numbers.object(&mut groups, log, object);
            let kind = groups.kind_of(object);
            let entry = activity.entry((object, user, action)).or_insert(Activity {
                object,
                user,
                action,
                count: 0,
                last: i64::MIN,
            });
            entry.count += 1;
            entry.last = entry.last.max(at);
            *days.entry((kind as u8, action, day)).or_default() += 1;
            let weekday_hour = weekday_of_day(day) * 24 + hour;
            *hours.entry((kind as u8, action, weekday_hour)).or_default() += 1;
            if user == NO_USER {
                continue;
            }
            let (removal, access_change) = numbers.rules_of(action);
            let rule = RuleCount {
                user,
                object,
                action,
                count: 1,
                first: at,
                last: at,
            };
            if removal {
                let order = order as u32;
                groups.removals.push(Removal {
                    at,
                    order,
                    user,
                    object,
                    action,
                });
            }
            if access_change {
                access.push(rule);
            }
            if NIGHT_HOURS.contains(&hour) {
                night.push(rule);
            }
        }
        groups.activity = activity.into_values().collect();
        merge_activity(&mut groups.activity);
        groups.days = days
            .into_iter()
            .map(|((kind, action, day), count)| DayCount {
                kind: kind_of_index(kind),
                action,
                day,
                count,
            })
            .collect();
        groups.hours = hours
            .into_iter()
            .map(|((kind, action, weekday_hour), count)| HourCount {
                kind: kind_of_index(kind),
                action,
                weekday: weekday_hour / 24,
                hour: weekday_hour % 24,
                count,
            })
            .collect();
        merge_rules(&mut access);
        merge_rules(&mut night);
        (groups.access, groups.night) = (access, night);
        groups
    }
}

fn kind_of_index(index: u8) -> crate::ObjectType {
    crate::ObjectType::ALL
        .get(usize::from(index))
        .copied()
        .unwrap_or(crate::ObjectType::Workspace)
}

impl Numbering {
    fn action(&mut self, groups: &mut Groups, log: &IndexedLog, id: StrId) -> GroupId {
        let Some(slot) = self.actions.get_mut(id as usize) else {
            return UNSEEN;
        };
        if *slot == UNSEEN {
            let name = log.store.strings().get(id);
            *slot = groups.names.actions.len() as GroupId;
            groups.names.actions.push(name.to_string());
            self.rules.push((is_removal(name), is_access_change(name)));
        }
        *slot
    }

    fn user(&mut self, groups: &mut Groups, log: &IndexedLog, id: StrId) -> GroupId {
        let number = log
            .user_numbers
            .get(id as usize)
            .copied()
            .unwrap_or(LOG_NO_USER);
        let Some(slot) = self.users.get_mut(number as usize) else {
            return NO_USER;
        };
        if *slot == UNSEEN {
            *slot = groups.names.users.len() as GroupId;
            groups
                .names
                .users
                .push(log.store.strings().get(id).to_string());
        }
        *slot
    }

    fn object(&mut self, groups: &mut Groups, log: &IndexedLog, object: u32) -> GroupId {
        let Some(slot) = self.objects.get_mut(object as usize) else {
            return UNSEEN;
        };
        if *slot == UNSEEN {
            *slot = groups.names.objects.len() as GroupId;
            let index = &log.objects;
            let kind = index.kinds.get(object as usize).copied();
            let name = index.names.get(object as usize).copied().unwrap_or(0);
            groups.names.objects.push((
                kind.unwrap_or(crate::ObjectType::Workspace),
                log.store.strings().get(name).to_string(),
            ));
        }
        *slot
    }

    fn rules_of(&self, action: GroupId) -> (bool, bool) {
        self.rules.get(action as usize).copied().unwrap_or_default()
    }
}
