//! The filter bar: the date window (presets and from/to), the time zone and the workspace.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::state::{set, use_log_data, use_query_writer, LogData};

const PRESETS: [u32; 4] = [7, 14, 30, 90];

/// The date window (inclusive local dates), the time zone and the workspace, all kept in the
/// URL; folded behind one button on a phone's screen.
#[component]
pub fn DateFilter() -> impl IntoView {
    let data = use_log_data();
    let workspace = Memo::new(move |_| data.filter.get().workspace.unwrap_or_default());
    // A `ws` of the link that the loaded log does not hold: every figure is zero, and the page
    // says why instead of showing "All workspaces".
    let absent_workspace = Memo::new(move |_| {
        let loaded = data.shown()?;
        let name = workspace.get();
        (!name.is_empty() && !loaded.workspaces().contains(&name)).then_some(name)
    });
    let notices = move || data.view.get().notices;
    view! {
        <form class="filters" aria-label=t("filter.form") on:submit=|ev| ev.prevent_default()>
            <crate::components::Fold label=summary(data, workspace) id="filter-fields" class="filters__summary">
                <DayPresets />
                <WindowFields />
                <ZoneField />
                <WorkspaceField workspace absent_workspace />
            </crate::components::Fold>
            <ul class="filters__notices">
                {move || notices().into_iter().map(|n| view! { <li role="status">{n}</li> }).collect_view()}
                {move || absent_workspace.get().map(|name| view! {
                    <li role="status">{tf("filter.absent_workspace_notice", &[("name", &name)])}</li>
                })}
            </ul>
        </form>
    }
}

/// What the folded filters hold, on the button that unfolds them (a phone's screen).
fn summary(data: LogData, workspace: Memo<String>) -> Signal<String> {
    Signal::derive(move || {
        let view = data.view.get();
        let mut text = tf(
            "filter.summary",
            &[
                ("from", &view.window.from.to_string()),
                ("to", &view.window.to.to_string()),
                ("zone", view.zone.name()),
            ],
        );
        let workspace = workspace.get();
        if !workspace.is_empty() {
            text = format!("{text}, {workspace}");
        }
        text
    })
}

/// The last 7, 14, 30 or 90 days to today, pressed when the window is one of them.
#[component]
fn DayPresets() -> impl IntoView {
    let data = use_log_data();
    let write = use_query_writer();
    let choose = move |days: u32| {
        let write = write.clone();
        move |_| {
            let zone = data.view.get_untracked().zone;
            let window = engine::DateWindow::last_days(zone.today(crate::browser::now_ms()), days);
            write(
                &[
                    set("from", Some(window.from.to_string())),
                    set("to", Some(window.to.to_string())),
                ],
                false,
            );
        }
    };
    let is_preset = move |days: u32| {
        let view = data.view.get();
        view.window.day_count() == days as usize
            && view.window.to == view.zone.today(crate::browser::now_ms())
    };
    view! {
        <div class="filters__presets" role="group" aria-label=t("filter.last_days")>
            {PRESETS
                .into_iter()
                .map(|days| {
                    let label = tf("filter.days", &[("days", &days.to_string())]);
                    view! {
                        <button type="button" class="chip" aria-pressed=move || is_preset(days).to_string() on:click=choose(days)>
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// The window's first and last days; moving one past the other moves both.
#[component]
fn WindowFields() -> impl IntoView {
    let data = use_log_data();
    let write = use_query_writer();
    let window = Memo::new(move |_| data.view.get().window);
    let set_from = {
        let write = write.clone();
        Callback::new(move |value: String| {
            let window = window.get_untracked();
            let to = window.to.max(parse_or(&value, window.to));
            write(
                &[set("from", Some(value)), set("to", Some(to.to_string()))],
                false,
            );
        })
    };
    let set_to = Callback::new(move |value: String| {
        let window = window.get_untracked();
        let from = window.from.min(parse_or(&value, window.from));
        write(
            &[set("from", Some(from.to_string())), set("to", Some(value))],
            false,
        );
    });
    view! {
        <DateField name="from" label=t("filter.from") value=Signal::derive(move || window.get().from.to_string()) on_commit=set_from />
        <DateField name="to" label=t("filter.to") value=Signal::derive(move || window.get().to.to_string()) on_commit=set_to />
    }
}

/// The time zone the days are read in.
#[component]
fn ZoneField() -> impl IntoView {
    let data = use_log_data();
    let write = use_query_writer();
    let zone = Memo::new(move |_| data.view.get().zone);
    let set_zone = move |ev| write(&[set("tz", Some(event_target_value(&ev)))], false);
    // The four hundred options were a quarter of the app's first task (their elements inserted
    // one by one): the select starts with the zone in force alone, the whole list a task later.
    let all_listed = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        crate::browser::sleep(0).await;
        all_listed.set(true);
    });
    let options = move || {
        let current = zone.get_untracked();
        let names: Vec<&'static str> = match all_listed.get() {
            true => zone_choices(current).collect(),
            false => vec![current.name()],
        };
        // Each option's `selected` is fixed when built (the select's value follows the zone
        // afterwards): four hundred options that each followed the zone were four hundred
        // effects.
        names
            .into_iter()
            .map(|name| {
                let selected = current.name() == name;
                view! { <option value=name selected=selected>{name}</option> }
            })
            .collect_view()
    };
    view! {
        <label class="field">
            <span class="field__label">{t("filter.zone")}</span>
            <select name="tz" on:change=set_zone prop:value=move || zone.get().name().to_string()>
                {options}
            </select>
        </label>
    }
}

/// The workspace, when the log holds several (or the link names one).
#[component]
fn WorkspaceField(
    workspace: Memo<String>,
    absent_workspace: Memo<Option<String>>,
) -> impl IntoView {
    let data = use_log_data();
    let write = use_query_writer();
    let set_workspace = move |ev| {
        let value = event_target_value(&ev);
        write(&[set("ws", (!value.is_empty()).then_some(value))], false)
    };
    let workspaces = move || {
        data.shown()
            .map(|shown| shown.workspaces().to_vec())
            .unwrap_or_default()
    };
    view! {
        <Show when=move || { workspaces().len() > 1 || !workspace.get().is_empty() }>
            <label class="field">
                <span class="field__label">{t("filter.workspace")}</span>
                <select name="ws" on:change=set_workspace.clone() prop:value=move || workspace.get()>
                    <option value="" selected=move || workspace.get().is_empty()>{t("filter.all_workspaces")}</option>
                    {move || workspaces()
                        .into_iter()
                        .map(|name| {
                            let selected = name == workspace.get();
                            view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                        })
                        .collect_view()}
                    {move || absent_workspace.get().map(|name| {
                        let label = tf("filter.absent_workspace", &[("name", &name)]);
                        view! { <option value=name selected=true>{label}</option> }
                    })}
                </select>
            </label>
        </Show>
    }
}

/// How long a typed date must stay unchanged before it counts, when neither Enter nor leaving
/// the field committed it.
const TYPING_PAUSE: std::time::Duration = std::time::Duration::from_millis(700);

/// A date input that commits a date on Enter, on leaving the field, or when a complete date has
/// stayed unchanged for a moment — not on each keystroke, when the browser reports the years
/// 0002, 0020, 0202 on the way to 2026.
#[component]
fn DateField(
    name: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    on_commit: Callback<String>,
) -> impl IntoView {
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    let cancel = move || {
        if let Some(handle) = pending.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    let commit = move |text: String| {
        cancel();
        if is_complete_date(&text) && text != value.get_untracked() {
            on_commit.run(text);
        }
    };
    let on_input = move |ev| {
        cancel();
        let text = event_target_value(&ev);
        if is_complete_date(&text) {
            let handle = set_timeout_with_handle(move || commit(text), TYPING_PAUSE).ok();
            pending.set_value(handle);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            commit(event_target_value(&ev));
        }
    };
    on_cleanup(cancel);
    view! {
        <label class="field">
            <span class="field__label">{label}</span>
            <input type="date" name=name prop:value=value on:input=on_input on:keydown=on_key
                on:blur=move |ev| commit(event_target_value(&ev)) />
        </label>
    }
}

/// A date as a person means it: valid, with a four-digit year from 1900.
fn is_complete_date(text: &str) -> bool {
    use chrono::Datelike;
    engine::date_text::parse_date(text).is_some_and(|date| (1900..=9999).contains(&date.year()))
}

fn parse_or(text: &str, fallback: chrono::NaiveDate) -> chrono::NaiveDate {
    engine::date_text::parse_date(text).unwrap_or(fallback)
}

/// The zones to choose from: the browser's, and the one in force if the browser does not list
/// it under that name (a link's older spelling, such as `Asia/Calcutta`).
fn zone_choices(current: engine::Zone) -> impl Iterator<Item = &'static str> {
    let names = engine::calendar::zone_names();
    let missing = (!names.contains(&current.name())).then_some(current.name());
    names.iter().copied().chain(missing)
}

#[cfg(test)]
mod tests {
    use super::is_complete_date;

    #[test]
    fn only_complete_dates_count() {
        assert!(is_complete_date("2026-11-20"));
        assert!(is_complete_date("1900-01-01"));
        for partial in [
            "0002-11-20",
            "0020-11-20",
            "0202-11-20",
            "",
            "2026-02-30",
            "20261120",
        ] {
            assert!(!is_complete_date(partial), "{partial}");
        }
    }
}
