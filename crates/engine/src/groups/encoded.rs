//! [`Groups`] in a compact binary form, to keep a window's groups beside a kept copy: fixed-width
//! little-endian fields, read back in a few milliseconds (as JSON, a million events' groups took
//! 100–130 ms to parse on the page's thread). Reading checks every number against the names it
//! points to and every list's order, so that a damaged file is refused rather than counted.

use crate::bytes::{put_count, put_i64, put_text, put_u32, put_u64, put_u8, ByteReader, Fields};
use crate::objects::ObjectType;
use crate::snapshot::SnapshotError;

use super::{Activity, DayCount, GroupId, Groups, HourCount, Names, Removal, RuleCount};

const ACTIVITY_BYTES: usize = 4 * 3 + 8 * 2;
const DAY_BYTES: usize = 1 + 4 + 4 + 8;
const HOUR_BYTES: usize = 1 + 4 + 1 + 1 + 8;
const REMOVAL_BYTES: usize = 8 + 4 * 4;
const RULE_BYTES: usize = 4 * 3 + 8 * 3;

impl Groups {
    /// Appends the groups' binary form to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        put_names(out, &self.names);
        put_count(out, self.activity.len());
        for a in &self.activity {
            for n in [a.object, a.user, a.action] {
                put_u32(out, n);
            }
            put_u64(out, a.count);
            put_i64(out, a.last);
        }
        put_count(out, self.days.len());
        for d in &self.days {
            put_u8(out, d.kind.number());
            put_u32(out, d.action);
            put_u32(out, d.day as u32);
            put_u64(out, d.count);
        }
        put_count(out, self.hours.len());
        for h in &self.hours {
            put_u8(out, h.kind.number());
            put_u32(out, h.action);
            put_u8(out, h.weekday);
            put_u8(out, h.hour);
            put_u64(out, h.count);
        }
        put_count(out, self.removals.len());
        for r in &self.removals {
            put_i64(out, r.at);
            for n in [r.order, r.user, r.object, r.action] {
                put_u32(out, n);
            }
        }
        for rules in [&self.access, &self.night] {
            put_count(out, rules.len());
            for r in rules {
                for n in [r.user, r.object, r.action] {
                    put_u32(out, n);
                }
                put_u64(out, r.count);
                put_i64(out, r.first);
                put_i64(out, r.last);
            }
        }
    }

    /// Reads groups that [`Groups::encode`] wrote, from where `reader` is.
    pub fn decode(reader: &mut ByteReader) -> Result<Groups, SnapshotError> {
        let names = read_names(reader)?;
        let ids = Ids::of(&names);
        let mut groups = Groups {
            names,
            ..Groups::default()
        };
        groups.activity = read_records(reader, ACTIVITY_BYTES, |f| {
            Ok(Activity {
                object: ids.object(f.u32())?,
                user: ids.user(f.u32())?,
                action: ids.action(f.u32())?,
                count: f.u64(),
                last: f.i64(),
            })
        })?;
        groups.days = read_records(reader, DAY_BYTES, |f| {
            Ok(DayCount {
                kind: object_type(f.u8())?,
                action: ids.action(f.u32())?,
                day: f.u32() as i32,
                count: f.u64(),
            })
        })?;
        groups.hours = read_records(reader, HOUR_BYTES, |f| {
            Ok(HourCount {
                kind: object_type(f.u8())?,
                action: ids.action(f.u32())?,
                weekday: below(f.u8(), 7)?,
                hour: below(f.u8(), 24)?,
                count: f.u64(),
            })
        })?;
        groups.removals = read_records(reader, REMOVAL_BYTES, |f| {
            Ok(Removal {
                at: f.i64(),
                order: f.u32(),
                user: ids.user(f.u32())?,
                object: ids.object(f.u32())?,
                action: ids.action(f.u32())?,
            })
        })?;
        groups.access = read_rules(reader, &ids)?;
        groups.night = read_rules(reader, &ids)?;
        check_order(&groups)?;
        Ok(groups)
    }
}

fn put_names(out: &mut Vec<u8>, names: &Names) {
    for list in [&names.actions, &names.users] {
        put_count(out, list.len());
        list.iter().for_each(|name| put_text(out, name));
    }
    put_count(out, names.objects.len());
    for (kind, id) in &names.objects {
        put_u8(out, kind.number());
        put_text(out, id);
    }
}

fn read_names(reader: &mut ByteReader) -> Result<Names, SnapshotError> {
    let mut texts = || -> Result<Vec<String>, SnapshotError> {
        (0..reader.count(4)?).map(|_| reader.text()).collect()
    };
    let actions = texts()?;
    let users = texts()?;
    let objects = (0..reader.count(5)?)
        .map(|_| Ok((object_type(reader.u8()?)?, reader.text()?)))
        .collect::<Result<_, SnapshotError>>()?;
    Ok(Names {
        actions,
        users,
        objects,
    })
}

fn read_rules(reader: &mut ByteReader, ids: &Ids) -> Result<Vec<RuleCount>, SnapshotError> {
    read_records(reader, RULE_BYTES, |f| {
        Ok(RuleCount {
            user: ids.user(f.u32())?,
            object: ids.object(f.u32())?,
            action: ids.action(f.u32())?,
            count: f.u64(),
            first: f.i64(),
            last: f.i64(),
        })
    })
}

/// A count, then that many records of `size` bytes, each read by `read`.
fn read_records<T>(
    reader: &mut ByteReader,
    size: usize,
    read: impl Fn(&mut Fields) -> Result<T, SnapshotError>,
) -> Result<Vec<T>, SnapshotError> {
    let count = reader.count(size)?;
    let mut items = Vec::with_capacity(count);
    for record in reader.records(count, size)? {
        items.push(read(&mut Fields(record))?);
    }
    Ok(items)
}

/// How many names of each kind there are: a number at or past it is damage.
struct Ids {
    actions: usize,
    users: usize,
    objects: usize,
}

impl Ids {
    fn of(names: &Names) -> Self {
        Ids {
            actions: names.actions.len(),
            users: names.users.len(),
            objects: names.objects.len(),
        }
    }

    fn action(&self, id: u32) -> Result<GroupId, SnapshotError> {
        within(id, self.actions, "an action number without a name")
    }

    fn user(&self, id: u32) -> Result<GroupId, SnapshotError> {
        within(id, self.users, "a user number without a name")
    }

    fn object(&self, id: u32) -> Result<GroupId, SnapshotError> {
        within(id, self.objects, "an object number without a name")
    }
}

fn within(id: u32, count: usize, damage: &'static str) -> Result<GroupId, SnapshotError> {
    match (id as usize) < count {
        true => Ok(id),
        false => Err(SnapshotError::Damaged(damage)),
    }
}

/// An object type by its [number](ObjectType::number).
pub fn object_type(number: u8) -> Result<ObjectType, SnapshotError> {
    ObjectType::from_number(number).ok_or(SnapshotError::Damaged("an unknown object type"))
}

fn below(value: u8, end: u8) -> Result<u8, SnapshotError> {
    match value < end {
        true => Ok(value),
        false => Err(SnapshotError::Damaged("a weekday or hour out of range")),
    }
}

/// The finalizer reads the activity one entry per key in key order, and the removals by user
/// and instant: groups kept in another order are refused.
fn check_order(groups: &Groups) -> Result<(), SnapshotError> {
    let activity = groups.activity.windows(2).all(|pair| {
        (pair[0].object, pair[0].user, pair[0].action)
            < (pair[1].object, pair[1].user, pair[1].action)
    });
    let removals = groups.removals.windows(2).all(|pair| {
        (pair[0].user, pair[0].at, pair[0].order) <= (pair[1].user, pair[1].at, pair[1].order)
    });
    match activity && removals {
        true => Ok(()),
        false => Err(SnapshotError::Damaged("groups out of order")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Groups written by hand, one entry of each kind at least, with every object type, names
    /// beyond ASCII, a day before 1970 and an instant before the epoch.
    fn sample() -> Groups {
        let names = Names {
            actions: vec!["".into(), "delete_dataset".into(), "édit_page".into()],
            users: vec!["".into(), "ann".into(), "björn 🙂".into()],
            objects: ObjectType::ALL
                .iter()
                .enumerate()
                .map(|(n, kind)| (*kind, format!("object-{n}")))
                .collect(),
        };
        let rule = |user, object, first| RuleCount {
            user,
            object,
            action: 2,
            count: 3,
            first,
            last: first + 60_000,
        };
        Groups {
            names,
            activity: vec![
                Activity {
                    object: 0,
                    user: 1,
                    action: 1,
                    count: 7,
                    last: 1_711_000_000_000,
                },
                Activity {
                    object: 0,
                    user: 2,
                    action: 1,
                    count: 1,
                    last: -5,
                },
                Activity {
                    object: 6,
                    user: 0,
                    action: 0,
                    count: u64::MAX,
                    last: i64::MIN,
                },
            ],
            days: vec![
                DayCount {
                    kind: ObjectType::Workspace,
                    action: 2,
                    day: -400,
                    count: 2,
                },
                DayCount {
                    kind: ObjectType::Dataset,
                    action: 1,
                    day: 19_800,
                    count: 9,
                },
            ],
            hours: vec![HourCount {
                kind: ObjectType::Reuse,
                action: 1,
                weekday: 6,
                hour: 23,
                count: 4,
            }],
            removals: vec![
                Removal {
                    at: 1_000,
                    order: 5,
                    user: 1,
                    object: 0,
                    action: 1,
                },
                Removal {
                    at: 1_000,
                    order: 6,
                    user: 1,
                    object: 3,
                    action: 1,
                },
                Removal {
                    at: 900,
                    order: 1,
                    user: 2,
                    object: 5,
                    action: 1,
                },
            ],
            access: vec![rule(1, 4, 10)],
            night: vec![rule(2, 2, -86_400_000), rule(1, 1, 0)],
            notable_left_out: false,
        }
    }

    fn encoded(groups: &Groups) -> Vec<u8> {
        let mut out = Vec::new();
        groups.encode(&mut out);
        out
    }

    fn decoded(bytes: &[u8]) -> Result<Groups, SnapshotError> {
        let mut reader = ByteReader::new(bytes);
        let groups = Groups::decode(&mut reader)?;
        assert!(reader.is_done(), "bytes left after the groups");
        Ok(groups)
    }

    #[test]
    fn groups_read_back_as_they_were_written() {
        let groups = sample();
        assert_eq!(decoded(&encoded(&groups)), Ok(groups));
    }

    #[test]
    fn empty_groups_are_nine_zero_counts() {
        // The three lists of names, then the six lists of groups: a u32 count each.
        assert_eq!(encoded(&Groups::default()), vec![0; 9 * 4]);
    }

    #[test]
    fn every_cut_is_refused() {
        let bytes = encoded(&sample());
        for end in 0..bytes.len() {
            assert!(
                decoded(&bytes[..end]).is_err(),
                "a cut at {end} of {}",
                bytes.len()
            );
        }
    }

    #[test]
    fn a_number_without_a_name_is_refused() {
        let mut groups = sample();
        groups.activity[2].object = 7;
        let refused = decoded(&encoded(&groups));
        assert_eq!(
            refused,
            Err(SnapshotError::Damaged("an object number without a name"))
        );
        let mut groups = sample();
        groups.night[0].user = 3;
        assert!(decoded(&encoded(&groups)).is_err());
    }

    #[test]
    fn groups_out_of_order_are_refused() {
        let mut groups = sample();
        groups.activity.swap(0, 1);
        assert!(decoded(&encoded(&groups)).is_err());
        let mut groups = sample();
        groups.removals.swap(0, 1);
        assert!(decoded(&encoded(&groups)).is_err());
    }

    #[test]
    fn an_unknown_type_or_hour_is_refused() {
        let mut bytes = encoded(&sample());
        let hour_at =
            bytes.len() - (4 + RULE_BYTES * 2) - (4 + RULE_BYTES) - (4 + REMOVAL_BYTES * 3) - 8 - 1;
        assert_eq!(bytes[hour_at], 23);
        bytes[hour_at] = 24;
        assert!(decoded(&bytes).is_err());
        bytes[hour_at] = 23;
        let kind_at = hour_at - 2 - 4;
        assert_eq!(bytes[kind_at], 4, "the reuse type");
        bytes[kind_at] = 7;
        assert!(decoded(&bytes).is_err());
    }
}
