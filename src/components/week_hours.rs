//! **When in the week**: a heatmap of actions by local weekday and hour, drawn as a real table
//! (`table[data-table=weekday-hour]`): each cell is a number, shaded by its share of the
//! busiest cell, so the figure and its table are one.

use leptos::prelude::*;

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

#[component]
pub fn WeekHoursCard() -> impl IntoView {
    let log_data = crate::state::use_log_data();
    let data = Signal::derive(move || {
        log_data
            .dashboard
            .get()
            .map(|d| d.week_hours)
            .unwrap_or_default()
    });
    view! {
        <section class="card" aria-labelledby="week-hours-title">
            <h2 id="week-hours-title">{t("week_hours.title")}</h2>
            <p class="card__hint">{t("week_hours.hint")}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=tf("table.region", &[("caption", t("week_hours.caption"))])>
                <table class="data-table heatmap" data-table="weekday-hour">
                    <thead>
                        <tr>
                            <th scope="col">{t("chart.bucket.day")}</th>
                            {(0..24).map(|hour| view! { <th scope="col" class="num">{format!("{hour:02}")}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let counts = data.get();
                            let max = counts.iter().flatten().copied().max().unwrap_or(0);
                            weekdays().into_iter().zip(counts).map(|(day, hours)| view! {
                                <tr>
                                    <th scope="row">{day}</th>
                                    {hours.into_iter().map(|count| {
                                        let class = format!("num heat-{}", heat_level(count, max));
                                        view! { <td class=class>{grouped(count)}</td> }
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
    fn a_cell_with_any_action_is_at_least_the_lightest_shade() {
        assert_eq!(heat_level(0, 50), 0);
        assert_eq!(heat_level(1, 50), 1);
        assert_eq!(heat_level(25, 50), 5);
        assert_eq!(heat_level(50, 50), 10);
        assert_eq!(heat_level(0, 0), 0);
    }
}
