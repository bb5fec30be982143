//! What narrows the figures, at a glance: one chip per mark picked on the figures and per
//! hidden series (`[data-filter=day|weekday|hour|action|user|hide]`), each with a button that
//! removes it, "Clear all", and a live region that says the result.

use engine::marks::{day_run_value, runs_of_days, WEEKDAY_NAMES};
use engine::{MarkKind, ViewFilter};
use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::labels::{series_label, weekdays};
use crate::state::{use_log_data, use_query_writer};

/// One chip: its kind (`data-filter`), what it says, and the URL values it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chip {
    pub kind: &'static str,
    pub label: String,
    pub values: Vec<String>,
}

/// The chips of a filter, in the order of the kinds, then of the values.
pub fn chips(filter: &ViewFilter) -> Vec<Chip> {
    let marks = &filter.marks;
    let chip = |kind: MarkKind, label: String, values: Vec<String>| Chip {
        kind: kind.name(),
        label,
        values,
    };
    let mut chips: Vec<Chip> = Vec::new();
    for run in &marks.days {
        let value = day_run_value(*run);
        chips.push(chip(MarkKind::Day, value.replace("..", " – "), vec![value]));
    }
    let names = weekdays();
    for day in &marks.weekdays {
        let index = usize::from(*day);
        let (Some(label), Some(value)) = (names.get(index), WEEKDAY_NAMES.get(index)) else {
            continue;
        };
        chips.push(chip(
            MarkKind::Weekday,
            label.to_string(),
            vec![value.to_string()],
        ));
    }
    let hours = marks.hours.iter().map(|h| i32::from(*h)).collect();
    for (first, last) in runs_of_days(hours) {
        let label = tf(
            "marks.hours",
            &[
                ("from", &format!("{first:02}")),
                ("to", &format!("{last:02}")),
            ],
        );
        let values = (first..=last).map(|h| h.to_string()).collect();
        chips.push(chip(MarkKind::Hour, label, values));
    }
    for action in &marks.actions {
        chips.push(chip(MarkKind::Action, action.clone(), vec![action.clone()]));
    }
    for user in &marks.users {
        chips.push(chip(MarkKind::User, user.clone(), vec![user.clone()]));
    }
    for name in &filter.hidden {
        chips.push(Chip {
            kind: "hide",
            label: tf(
                "marks.hidden",
                &[("series", &series_label(filter.mode, name))],
            ),
            values: vec![name.clone()],
        });
    }
    chips
}

#[component]
pub fn ActiveFilters() -> impl IntoView {
    let data = use_log_data();
    let write = StoredValue::new_local(use_query_writer());
    let location = leptos_router::hooks::use_location();
    let shown = Memo::new(move |_| data.filter.with(chips));
    let remove = move |chip: Chip| {
        let current = crate::query::parse_pairs(&location.search.get_untracked());
        let kept: Vec<String> = crate::query::all(&current, chip.kind)
            .into_iter()
            .filter(|value| !chip.values.iter().any(|v| v == value))
            .map(str::to_string)
            .collect();
        write.with_value(|write| write(&[(chip.kind, kept)], false));
    };
    let clear = move |_| {
        let mut changes: Vec<(&str, Vec<String>)> = MarkKind::ALL
            .iter()
            .map(|kind| (kind.name(), Vec::new()))
            .collect();
        changes.push(("hide", Vec::new()));
        write.with_value(|write| write(&changes, false));
    };
    // "Tuesday, 01:00–03:59: 32 actions by 13 users", once the figures are there.
    let said = move || {
        let labels: Vec<String> = shown.with(|c| c.iter().map(|chip| chip.label.clone()).collect());
        let kpis = data.dashboard.with(|d| d.as_ref().map(|d| d.kpis))?;
        (!labels.is_empty()).then(|| {
            tf(
                "marks.result",
                &[
                    ("filters", &labels.join(", ")),
                    ("actions", &crate::numbers::grouped(kpis.actions as u64)),
                    ("users", &crate::numbers::grouped(kpis.users as u64)),
                ],
            )
        })
    };
    view! {
        <div class="filters-in-force" role="status" aria-live="polite">
            <span class="visually-hidden">{said}</span>
        </div>
        // Always there, one line high: a first mark fills it instead of pushing the page down
        // (the page would jump under the pointer, and lay every card out again).
        <div class="chips" role="group" aria-label=t("marks.in_force")>
            <Show when=move || shown.with(|c| !c.is_empty())
                fallback=|| view! { <p class="chips__none">{t("marks.none")}</p> }>
                <ul class="chips__list">
                    <For each=move || shown.get() key=|chip| (chip.kind, chip.values.clone(), chip.label.clone()) let:chip>
                        {
                            let label = tf("marks.remove", &[("label", &chip.label)]);
                            let removed = chip.clone();
                            view! {
                                <li class="chip" data-filter=chip.kind>
                                    <span class="chip__label">{chip.label.clone()}</span>
                                    <button type="button" class="chip__remove" aria-label=label
                                        on:click=move |_| remove(removed.clone())>"×"</button>
                                </li>
                            }
                        }
                    </For>
                </ul>
                <button type="button" class="link-button" data-filter-clear="" on:click=clear>{t("marks.clear")}</button>
            </Show>
        </div>
    }
}
