//! **When in the week**: a heatmap of actions by local weekday and hour, drawn as a real table
//! (`table[data-table=weekday-hour]`): each cell is a number, shaded by its share of the
//! busiest cell, so the figure and its table are one.

use std::collections::BTreeSet;

use engine::marks::WEEKDAY_NAMES;
use leptos::prelude::*;

use crate::state::counted;

use crate::i18n::{t, tf};
use crate::labels::weekdays;
use crate::numbers::grouped;

/// The shade of a cell: its count over the largest, in tenths (the stylesheet's
/// `heat-0` … `heat-10`).
pub fn heat_level(count: u64, max: u64) -> u64 {
    if count == 0 || max == 0 {
        0
    } else {
        (count * 10).div_ceil(max).clamp(1, 10)
    }
}

/// The weekdays and hours picked once the mark at `(weekday, hour)` is toggled, as URL values
/// (`mon`…, `0`…`23`): a cell toggles its weekday and its hour together (both removed when
/// both are in force, else both added); a header, its weekday or its hour.
fn toggled(
    (mut weekdays, mut hours): (BTreeSet<u8>, BTreeSet<u8>),
    (weekday, hour): (Option<u8>, Option<u8>),
) -> (Vec<String>, Vec<String>) {
    let on =
        weekday.is_none_or(|d| weekdays.contains(&d)) && hour.is_none_or(|h| hours.contains(&h));
    for (value, set) in [(weekday, &mut weekdays), (hour, &mut hours)] {
        if let Some(value) = value {
            match on {
                true => set.remove(&value),
                false => set.insert(value),
            };
        }
    }
    let weekday_names = weekdays
        .iter()
        .filter_map(|d| WEEKDAY_NAMES.get(usize::from(*d)))
        .map(|name| name.to_string())
        .collect();
    (weekday_names, hours.iter().map(u8::to_string).collect())
}

/// One weekday's or hour's part in the picks: whether it is picked, and whether it is allowed
/// (picked, or none of its kind is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pick {
    picked: bool,
    allowed: bool,
}

fn pick_of(picks: &BTreeSet<u8>, value: u8) -> Pick {
    Pick {
        picked: picks.contains(&value),
        allowed: picks.is_empty() || picks.contains(&value),
    }
}

/// Whether a cell (both parts), a row header (its weekday's) or a column header (its hour's)
/// shows as picked: one of its parts is picked and every part is allowed.
fn is_picked_by(weekday: Option<Pick>, hour: Option<Pick>) -> bool {
    let parts = [weekday, hour];
    parts.iter().flatten().any(|p| p.picked) && parts.iter().flatten().all(|p| p.allowed)
}

#[component]
pub fn WeekHoursCard() -> impl IntoView {
    let log_data = crate::state::use_log_data();
    // Drawn without its own marks (weekdays and hours): the picked cells marked, the others
    // in sight.
    let figures = Memo::new_with_compare(
        move |_| log_data.dashboard_without(counted::WEEK_HOURS),
        |_, _| true,
    );
    // Compared, so that the table is rebuilt only when its counts change.
    let data = Memo::new(move |_| figures.get().map(|d| d.week_hours).unwrap_or_default());
    let picked = Memo::new(move |_| {
        log_data
            .filter
            .with(|f| (f.marks.weekdays.clone(), f.marks.hours.clone()))
    });
    let write = crate::state::use_query_writer();
    // A cell toggles its weekday and its hour together (both removed when both are in force,
    // else both added); a header, its weekday or its hour.
    let toggle = Callback::new(move |at: (Option<u8>, Option<u8>)| {
        let (weekdays, hours) = toggled(picked.get_untracked(), at);
        write(&[("weekday", weekdays), ("hour", hours)], false);
    });
    // Each weekday's and each hour's part in the picks, as memos: a cell follows its row's and
    // its column's, so a click re-runs the cells of the rows and columns it changes (a cell
    // reading every pick made each of the 168 re-run at every click).
    let weekday_picks: [Memo<Pick>; 7] = std::array::from_fn(|d| {
        Memo::new(move |_| picked.with(|(days, _)| pick_of(days, d as u8)))
    });
    let hour_picks: [Memo<Pick>; 24] = std::array::from_fn(|h| {
        Memo::new(move |_| picked.with(|(_, hours)| pick_of(hours, h as u8)))
    });
    let is_picked = move |weekday: Option<u8>, hour: Option<u8>| {
        let part = |picks: &[Memo<Pick>], at: Option<u8>| {
            at.and_then(|at| picks.get(usize::from(at)))
                .map(|pick| pick.get())
        };
        is_picked_by(part(&weekday_picks, weekday), part(&hour_picks, hour))
    };
    view! {
        <section class="card" aria-labelledby="week-hours-title">
            <h2 id="week-hours-title">{t("week_hours.title")}</h2>
            <p class="card__hint">{t("week_hours.hint")}" "{t("marks.week_hours_hint")}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=tf("table.region", &[("caption", t("week_hours.caption"))])>
                <table class="data-table heatmap" data-table="weekday-hour">
                    <thead>
                        <tr>
                            <th scope="col">{t("chart.bucket.day")}</th>
                            {(0..24u8).map(|hour| view! {
                                <th scope="col" class="num" data-selected=move || is_picked(None, Some(hour)).then_some("")>
                                    <button type="button" class="mark" aria-pressed=move || is_picked(None, Some(hour)).to_string()
                                        on:click=move |_| toggle.run((None, Some(hour)))>{format!("{hour:02}")}</button>
                                </th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let counts = data.get();
                            let max = counts.iter().flatten().copied().max().unwrap_or(0);
                            weekdays().into_iter().zip(counts).zip(0u8..).map(|((day, hours), weekday)| view! {
                                <tr>
                                    <th scope="row" data-selected=move || is_picked(Some(weekday), None).then_some("")>
                                        <button type="button" class="mark" aria-pressed=move || is_picked(Some(weekday), None).to_string()
                                            on:click=move |_| toggle.run((Some(weekday), None))>{day}</button>
                                    </th>
                                    {hours.into_iter().zip(0u8..).map(|(count, hour)| {
                                        let class = format!("num heat-{}", heat_level(count, max));
                                        let at = (Some(weekday), Some(hour));
                                        view! {
                                            <td class=class data-selected=move || is_picked(at.0, at.1).then_some("")>
                                                <button type="button" class="mark" aria-pressed=move || is_picked(at.0, at.1).to_string()
                                                    on:click=move |_| toggle.run(at)>{grouped(count)}</button>
                                            </td>
                                        }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <crate::components::Downloads name="weekday-hour" what=t("week_hours.caption") table=move || {
                crate::export::week_hours_table(&data.get_untracked())
            } />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_toggles_its_weekday_and_hour_together_a_header_its_own() {
        let set = |values: &[u8]| values.iter().copied().collect::<BTreeSet<u8>>();
        let strings = |values: &[&str]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        // Nothing picked: Tuesday 02:00 adds both.
        assert_eq!(
            toggled((set(&[]), set(&[])), (Some(1), Some(2))),
            (strings(&["tue"]), strings(&["2"]))
        );
        // Both in force: the cell removes both, the other picks stay.
        assert_eq!(
            toggled((set(&[1, 6]), set(&[2, 23])), (Some(1), Some(2))),
            (strings(&["sun"]), strings(&["23"]))
        );
        // Only its weekday in force: the cell adds its hour and keeps the weekday.
        assert_eq!(
            toggled((set(&[1]), set(&[])), (Some(1), Some(2))),
            (strings(&["tue"]), strings(&["2"]))
        );
        // A row header: its weekday alone, on then off.
        assert_eq!(
            toggled((set(&[]), set(&[5])), (Some(0), None)),
            (strings(&["mon"]), strings(&["5"]))
        );
        assert_eq!(
            toggled((set(&[0]), set(&[5])), (Some(0), None)),
            (strings(&[]), strings(&["5"]))
        );
    }

    #[test]
    fn a_cell_or_header_is_picked_as_the_sets_say() {
        // The rule on the sets themselves: one of its parts picked, each part allowed.
        let by_sets = |days: &BTreeSet<u8>, hours: &BTreeSet<u8>, d: Option<u8>, h: Option<u8>| {
            let any = d.is_some_and(|d| days.contains(&d)) || h.is_some_and(|h| hours.contains(&h));
            any && d.is_none_or(|d| days.is_empty() || days.contains(&d))
                && h.is_none_or(|h| hours.is_empty() || hours.contains(&h))
        };
        let sets: [&[u8]; 3] = [&[], &[1], &[1, 3]];
        for days in sets.map(|s| s.iter().copied().collect::<BTreeSet<u8>>()) {
            for hours in sets.map(|s| s.iter().map(|h| h + 1).collect::<BTreeSet<u8>>()) {
                for d in [None, Some(0), Some(1), Some(3)] {
                    for h in [None, Some(0), Some(2), Some(4)] {
                        let by_parts = is_picked_by(
                            d.map(|d| pick_of(&days, d)),
                            h.map(|h| pick_of(&hours, h)),
                        );
                        assert_eq!(
                            by_parts,
                            by_sets(&days, &hours, d, h),
                            "{days:?} {hours:?} {d:?} {h:?}"
                        );
                    }
                }
            }
        }
        // A Tuesday 02:00 cell with Tuesday and 02:00 picked; not with Tuesday and 05:00.
        let (tue, two, five) = (
            BTreeSet::from([1]),
            BTreeSet::from([2]),
            BTreeSet::from([5]),
        );
        assert!(is_picked_by(Some(pick_of(&tue, 1)), Some(pick_of(&two, 2))));
        assert!(!is_picked_by(
            Some(pick_of(&tue, 1)),
            Some(pick_of(&five, 2))
        ));
    }

    #[test]
    fn a_cell_with_any_action_is_at_least_the_lightest_shade() {
        assert_eq!(heat_level(0, 50), 0);
        assert_eq!(heat_level(1, 50), 1);
        assert_eq!(heat_level(25, 50), 5);
        assert_eq!(heat_level(50, 50), 10);
        assert_eq!(heat_level(0, 0), 0);
    }
}
