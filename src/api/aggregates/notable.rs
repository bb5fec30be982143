//! The notable actions' queries on the portal: the window's action names, then the removals,
//! access changes and night actions among them, read into the groups.

use std::borrow::Cow;

use super::conditions::{quoted, type_condition, unset, window_condition};
use super::{capped, id_fields, object_user_action, BadAnswer};
use crate::api::group_rows::rows;
use crate::api::query::{ExploreQuery, ExportFormat};

use engine::groups::{GroupsBuilder, Removal};
use engine::notable::{is_access_change, is_removal, NIGHT_HOURS};
use engine::objects::object_of;
use engine::{ObjectType, Store, TextField, ViewFilter, Zone};

/// The queries behind the notable actions' candidates, every series (the legend filters
/// them once held). Only the bursts need events (their instants, one after the other); the
/// access changes and the night actions are one row per user, counted from groups per object,
/// user and action.
pub struct NotableQueries {
    /// The removals with a user, per object type (the rows then carry only that type's id
    /// fields, beside the core ones); none when the window has no removal action.
    pub removals: Vec<(ObjectType, ExploreQuery)>,
    /// The access changes' groups; none when the window has no such action.
    pub access: Option<ExploreQuery>,
    /// The night actions' (local hours 0 to 5) groups.
    pub night: ExploreQuery,
}

/// The window's action names (in `filter`'s workspace): what the notable actions' queries
/// name. A small answer asked beside the figures' groups, so that those queries need not wait
/// for the figures' largest answer.
pub fn actions_query(dataset: &str, filter: &ViewFilter, zone: Zone) -> ExploreQuery {
    capped(ExploreQuery::export(dataset, ExportFormat::Json))
        .where_(&window_condition(filter, zone))
        .select("count(*) as n")
        .group_by("action")
        .timezone(zone.name())
}

/// The action names of an [`actions_query`] answer.
pub fn read_action_names(body: &str) -> Result<Vec<String>, BadAnswer> {
    Ok(rows(body)?
        .iter()
        .filter_map(|row| row.text("action").map(Cow::into_owned))
        .filter(|name| !name.is_empty())
        .collect())
}

impl NotableQueries {
    /// For `filter`'s window and workspace, among `actions` (the window's action names).
    pub fn new(dataset: &str, filter: &ViewFilter, zone: Zone, actions: &[String]) -> Self {
        let named = |rule: fn(&str) -> bool| {
            let names: Vec<String> = actions
                .iter()
                .filter(|name| rule(name))
                .map(|name| quoted(name))
                .collect();
            (!names.is_empty()).then(|| format!("action IN ({})", names.join(", ")))
        };
        let of_users = |condition: &str| {
            capped(ExploreQuery::export(dataset, ExportFormat::Json))
                .where_(&window_condition(filter, zone))
                .where_(&format!("NOT {}", unset(TextField::UserId)))
                .where_(condition)
                .timezone(zone.name())
        };
        let groups = |condition: &str| {
            of_users(condition)
                .select("count(*) as n, min(timestamp) as first, max(timestamp) as last")
                .group_by(&object_user_action())
        };
        let night = format!(
            "hour(timestamp) >= {} AND hour(timestamp) < {}",
            NIGHT_HOURS.start, NIGHT_HOURS.end
        );
        NotableQueries {
            // Only what a burst reads of a removal: not its diff, most of an event's bytes.
            removals: named(is_removal).map_or_else(Vec::new, |condition| {
                ObjectType::ALL
                    .into_iter()
                    .map(|kind| {
                        let query = of_users(&format!("{condition} AND {}", type_condition(kind)))
                            .select(&format!("timestamp, {}", removal_fields(kind)));
                        (kind, query)
                    })
                    .collect()
            }),
            access: named(is_access_change).map(|condition| groups(&condition)),
            night: groups(&night),
        }
    }
}

/// What a burst reads of a removal of `kind`: the type's id fields, and the log's core fields
/// (without which an answer is not the activity log's), not its diff (most of an event's
/// bytes).
fn removal_fields(kind: ObjectType) -> String {
    let mut fields = id_fields(kind);
    for core in ["domain_id", "user_id", "action"] {
        if !fields.contains(&core) {
            fields.push(core);
        }
    }
    fields.join(", ")
}

/// The removals' rows (events with a user) of one answer into `builder`, each with its place
/// (`first` and on, across the answers) to order removals of one instant.
pub fn read_removals(removals: &Store, first: usize, builder: &mut GroupsBuilder) {
    for row in 0..removals.len() {
        let (kind, id) = object_of(removals, row);
        let object = builder.object(kind, removals.strings().get(id));
        let user = builder.user(removals.text(row, TextField::UserId));
        let action = builder.action(removals.text(row, TextField::Action));
        let removal = Removal {
            at: removals.timestamp(row),
            order: (first + row) as u32,
            user,
            object,
            action,
        };
        builder.groups_mut().removals.push(removal);
    }
}
