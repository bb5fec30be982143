//! **What to look at** (`table[data-table=notable]`): bursts of removals, changes of who can do
//! what, and actions at night, each with links to the user and the objects. The rules are
//! `engine::notable`'s, written out on the page.

use engine::notable::{Notable, NotableKind};
use engine::{ObjectType, Zone};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::object_name::ObjectName;
use crate::components::tables::{object_path, rows_in_place, short_time, text_of, user_path, Line};
use crate::i18n::{t, tf};
use crate::numbers::grouped;
use crate::state::{use_link, use_log_data};

/// How many objects a row links to before "and N more".
const OBJECTS_SHOWN: usize = 3;

/// How many rows the table shows before "Show all": a window of a million events has hundreds,
/// and every one rebuilt on each click cost more than every figure computed.
const ROWS_SHOWN: usize = 20;

/// The kind of a row, in words.
pub fn kind_label(kind: NotableKind) -> &'static str {
    match kind {
        NotableKind::BulkDelete => t("notable.kind.bulk"),
        NotableKind::Access => t("notable.kind.access"),
        NotableKind::Night => t("notable.kind.night"),
    }
}

#[component]
pub fn NotableCard() -> impl IntoView {
    let data = use_log_data();
    let link = use_link();
    let rows = Memo::new(move |_| {
        data.dashboard
            .with(|d| d.as_ref().map(|d| d.notable.clone()))
            .unwrap_or_default()
    });
    let zone = Signal::derive(move || data.view.get().zone);
    let card = NodeRef::<leptos::html::Section>::new();
    let asked = ask_when_seen(card);
    // "Show all": every row, not the first ROWS_SHOWN.
    let all = RwSignal::new(false);
    // The first ROWS_SHOWN rows unless "Show all", each drawn in place.
    let table_rows = move || {
        let shown = if all.get() { usize::MAX } else { ROWS_SHOWN };
        let about = |n: &Notable| (n.kind, n.user.clone());
        rows_in_place(rows.into(), shown, about, move |(kind, user), line| {
            notable_row(kind, user, line, zone, link).into_any()
        })
    };
    view! {
        <section class="card" aria-labelledby="notable-title" node_ref=card>
            <h2 id="notable-title">{t("notable.title")}</h2>
            <ul class="card__hint rules">
                <li><strong>{t("notable.kind.bulk")}</strong>{t("notable.rule.bulk")}</li>
                <li><strong>{t("notable.kind.access")}</strong>{t("notable.rule.access")}</li>
                <li><strong>{t("notable.kind.night")}</strong>{t("notable.rule.night")}</li>
            </ul>
            <p class="card__hint">{t("notable.only_users")}</p>
            <Show when=move || asked.get()
                fallback=|| view! { <p class="empty" role="status" data-asking="">{t("notable.asking")}</p> }>
                <Show when=move || rows.with(|r| !r.is_empty())
                    fallback=|| view! { <p class="empty">{t("notable.none")}</p> }>
                    <div class="table-scroll" tabindex="0" role="region" aria-label=tf("table.region", &[("caption", t("notable.title"))])>
                        <table class="data-table" data-table="notable">
                            <thead>
                                <tr>
                                    <th scope="col">{t("notable.col.kind")}</th>
                                    <th scope="col">{t("column.user")}</th>
                                    <th scope="col" class="num">{t("column.actions")}</th>
                                    <th scope="col">{t("notable.col.first")}</th>
                                    <th scope="col">{t("notable.col.last")}</th>
                                    <th scope="col">{t("column.objects")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {table_rows}
                            </tbody>
                        </table>
                    </div>
                    <Show when=move || rows.with(|r| r.len() > ROWS_SHOWN)>
                        <button type="button" class="link-button" data-action="notable-all"
                            aria-expanded=move || all.get().to_string()
                            on:click=move |_| all.update(|all| *all = !*all)>
                            {move || match all.get() {
                                true => tf("notable.first", &[("count", &ROWS_SHOWN.to_string())]),
                                false => tf("notable.all", &[("count", &grouped(rows.with(Vec::len) as u64))]),
                            }}
                        </button>
                    </Show>
                    <crate::components::Downloads name="notable" what=t("notable.title") table=move || {
                        crate::export::notable_table(&rows.get_untracked(), zone.get_untracked())
                    } />
                </Show>
            </Show>
        </section>
    }
}

/// Watches `card`: once it has been in view, a portal is asked for the candidates too
/// (`LogData::notable_wanted`). Whether the groups held have them: until they come, the card
/// says they are asked, not that there are none.
fn ask_when_seen(card: NodeRef<leptos::html::Section>) -> Signal<bool> {
    let data = use_log_data();
    let in_view = RwSignal::new(false);
    crate::components::observers::watch_screen(card, in_view);
    Effect::new(move |_| {
        if in_view.get() && !data.notable_wanted.get_untracked() {
            data.notable_wanted.set(true);
        }
    });
    Signal::derive(move || {
        data.groups
            .with(|groups| !groups.as_ref().is_some_and(|g| g.notable_left_out))
    })
}

/// One row of the table, drawn in place from its line: its times in `zone`, its links through
/// `link` (they follow the page's query).
fn notable_row(
    kind: NotableKind,
    user: String,
    line: Line<Notable>,
    zone: Signal<Zone>,
    link: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let user_href = {
        let user = user.clone();
        move || link(&user_path(&user))
    };
    let more = text_of(line, |n| {
        let more = n.objects.len().saturating_sub(OBJECTS_SHOWN);
        match more {
            0 => String::new(),
            _ => tf("notable.more", &[("count", &more.to_string())]),
        }
    });
    view! {
        <tr data-kind=kind.name()>
            <th scope="row">{kind_label(kind)}</th>
            <td><A href=user_href>{user}</A></td>
            <td class="num">{text_of(line, |n| grouped(n.count as u64))}</td>
            <td class="nowrap">{text_of(line, move |n| short_time(zone.get(), n.first))}</td>
            <td class="nowrap">{text_of(line, move |n| short_time(zone.get(), n.last))}</td>
            <td>
                <ul class="plain-list">{(0..OBJECTS_SHOWN).map(|at| object_at(line, at, link)).collect_view()}</ul>
                <span class="muted">{more}</span>
            </td>
        </tr>
    }
}

/// The row's object at `at` (one of its first [`OBJECTS_SHOWN`]), linked, if it has one: the
/// item stays while the row has an object there, its link follows the object.
fn object_at(
    line: Line<Notable>,
    at: usize,
    link: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let object = Memo::new(move |_| {
        line.with(|n| {
            n.as_ref()
                .and_then(|n| n.objects.get(at))
                .map(|(kind, id)| (*kind, id.to_string()))
        })
    });
    let present = Memo::new(move |_| object.with(Option::is_some));
    let kind =
        Signal::derive(move || object.with(|o| o.as_ref().map_or(ObjectType::Dataset, |o| o.0)));
    let id = Signal::derive(move || {
        object.with(|o| o.as_ref().map(|o| o.1.clone()).unwrap_or_default())
    });
    let href = Signal::derive(move || id.with(|id| link(&object_path(kind.get(), id))));
    move || {
        present
            .get()
            .then(|| view! { <li><ObjectName kind id href /></li> })
    }
}
