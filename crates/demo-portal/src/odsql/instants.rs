//! The instants a condition on `timestamp` alone keeps, as sorted half-open ranges of UTC
//! milliseconds: a mark's days or weekdays arrive as an `OR` of many ranges, and on a table in
//! time order each range is two binary searches rather than a test of every row.

use super::{Comparison, Condition};
use crate::zone::Zone;

/// Sorted, disjoint, non-empty `[start, end)` ranges of UTC milliseconds.
pub type Ranges = Vec<(i64, i64)>;

const EVER: (i64, i64) = (i64::MIN, i64::MAX);

impl Condition {
    /// The ranges of instants it keeps, when it reads nothing but `timestamp` (dates read in
    /// `zone`); none when any part reads another field or the hour.
    pub fn time_ranges(&self, zone: Zone) -> Option<Ranges> {
        match self {
            Condition::Timestamp(op, date) => {
                let (start, end) = (date.start_ms(zone), date.end_ms(zone));
                Some(match op {
                    Comparison::Less => normalized(vec![(i64::MIN, start)]),
                    Comparison::LessOrEqual => normalized(vec![(i64::MIN, end)]),
                    Comparison::Greater => normalized(vec![(end, i64::MAX)]),
                    Comparison::GreaterOrEqual => normalized(vec![(start, i64::MAX)]),
                    Comparison::Equal => normalized(vec![(start, end)]),
                    Comparison::NotEqual => complement(&normalized(vec![(start, end)])),
                })
            }
            Condition::All(parts) => ranges_of_all(parts.iter(), zone),
            Condition::Any(parts) => {
                let mut all = Vec::new();
                for part in parts {
                    all.extend(part.time_ranges(zone)?);
                }
                Some(normalized(all))
            }
            Condition::Not(inner) => Some(complement(&inner.time_ranges(zone)?)),
            _ => None,
        }
    }
}

/// The instants every one of `parts` keeps (all of time when there is none); none when one
/// of them reads more than the timestamp.
pub fn ranges_of_all<'c>(
    mut parts: impl Iterator<Item = &'c Condition>,
    zone: Zone,
) -> Option<Ranges> {
    parts.try_fold(vec![EVER], |kept, part| {
        Some(intersection(&kept, &part.time_ranges(zone)?))
    })
}

/// `ranges` sorted, empty ones dropped, overlapping or touching ones joined.
fn normalized(mut ranges: Ranges) -> Ranges {
    ranges.retain(|(start, end)| start < end);
    ranges.sort_unstable();
    let mut joined: Ranges = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match joined.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => joined.push((start, end)),
        }
    }
    joined
}

/// The instants in both.
fn intersection(a: &Ranges, b: &Ranges) -> Ranges {
    let (mut i, mut j) = (0, 0);
    let mut both = Vec::new();
    while let (Some(&(a_start, a_end)), Some(&(b_start, b_end))) = (a.get(i), b.get(j)) {
        let (start, end) = (a_start.max(b_start), a_end.min(b_end));
        if start < end {
            both.push((start, end));
        }
        match a_end < b_end {
            true => i += 1,
            false => j += 1,
        }
    }
    both
}

/// The instants not in `ranges` (sorted and disjoint).
fn complement(ranges: &Ranges) -> Ranges {
    let mut outside = Vec::with_capacity(ranges.len() + 1);
    let mut from = i64::MIN;
    for &(start, end) in ranges {
        outside.push((from, start));
        from = end;
    }
    outside.push((from, i64::MAX));
    normalized(outside)
}

/// For each of `timestamps` (in time order), whether one of `ranges` holds it.
pub fn mask_of_ranges(timestamps: &[i64], ranges: &Ranges) -> Vec<bool> {
    let mut mask = vec![false; timestamps.len()];
    for (first, last) in row_bounds(timestamps, ranges) {
        mask[first..last].fill(true);
    }
    mask
}

/// The rows `first..last` of `timestamps` (in time order) each of `ranges` holds, empty
/// ones left out.
pub fn row_bounds(timestamps: &[i64], ranges: &Ranges) -> Vec<(usize, usize)> {
    ranges
        .iter()
        .map(|&(start, end)| {
            let first = timestamps.partition_point(|&ms| ms < start);
            (first, timestamps.partition_point(|&ms| ms < end).max(first))
        })
        .filter(|(first, last)| first < last)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::odsql::parse_where;

    const DAY: i64 = 86_400_000;

    /// Whether the condition keeps `ms`, tested directly on the instant (the reference).
    fn keeps(ranges: &Ranges, ms: i64) -> bool {
        ranges
            .iter()
            .any(|(start, end)| (*start..*end).contains(&ms))
    }

    fn ranges(clause: &str) -> Ranges {
        parse_where(clause).unwrap().time_ranges(Zone::UTC).unwrap()
    }

    #[test]
    fn days_joined_by_or_are_their_ranges_joined_where_they_touch() {
        // 2024-01-01 is day 19,723 of the epoch.
        let jan = |d: i64| (19_722 + d) * DAY;
        let clause = "(timestamp >= date'2024-01-02' AND timestamp < date'2024-01-03') \
             OR (timestamp >= date'2024-01-01' AND timestamp < date'2024-01-02') \
             OR (timestamp >= date'2024-01-09' AND timestamp < date'2024-01-10')";
        assert_eq!(ranges(clause), vec![(jan(1), jan(3)), (jan(9), jan(10))]);
    }

    #[test]
    fn and_intersects_not_complements_and_other_fields_give_up() {
        let jan = |d: i64| (19_722 + d) * DAY;
        let clause = "timestamp >= date'2024-01-01' AND timestamp < date'2024-01-31' \
             AND NOT (timestamp >= date'2024-01-10' AND timestamp < date'2024-01-20')";
        assert_eq!(ranges(clause), vec![(jan(1), jan(10)), (jan(20), jan(31))]);
        assert_eq!(ranges("timestamp != date'2024-01-05'").len(), 2);
        let mixed = parse_where("timestamp >= date'2024-01-01' AND user_id = 'a'").unwrap();
        assert_eq!(mixed.time_ranges(Zone::UTC), None);
        let hour = parse_where("timestamp >= date'2024-01-01' OR hour(timestamp) = 3").unwrap();
        assert_eq!(hour.time_ranges(Zone::UTC), None);
    }

    #[test]
    fn the_mask_of_the_ranges_is_the_test_of_each_instant() {
        let timestamps: Vec<i64> = (0..500).map(|i| i * 7_919 % 3_000 + i * 1_000).collect();
        let mut sorted = timestamps.clone();
        sorted.sort_unstable();
        let cases = [
            vec![(0, 1)],
            vec![(-5, 40_000), (41_000, 41_001), (100_000, 200_000)],
            vec![(i64::MIN, 7_000), (300_000, i64::MAX)],
            vec![],
        ];
        for ranges in cases {
            let expected: Vec<bool> = sorted.iter().map(|&ms| keeps(&ranges, ms)).collect();
            assert_eq!(mask_of_ranges(&sorted, &ranges), expected, "{ranges:?}");
        }
    }
}
