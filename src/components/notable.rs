//! **What to look at** (`table[data-table=notable]`): bursts of removals, changes of who can do
//! what, and actions at night, each with links to the user and the objects. The rules are
//! `engine::notable`'s, written out on the page.

use engine::notable::{Notable, NotableKind};
use engine::Zone;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::object_name::ObjectName;
use crate::components::tables::{object_path, short_time, user_path};
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

/// The rows shown (the first [`ROWS_SHOWN`] unless `all`), each with the zone it is drawn in.
fn shown_rows(
    rows: Signal<Vec<Notable>>,
    zone: Signal<Zone>,
    all: RwSignal<bool>,
) -> Vec<(Zone, Notable)> {
    let shown = if all.get() { usize::MAX } else { ROWS_SHOWN };
    let zone = zone.get();
    rows.with(|rows| {
        rows.iter()
            .take(shown)
            .map(|row| (zone, row.clone()))
            .collect()
    })
}

/// What a row shows: a click that leaves a row as it was leaves its elements alone (rebuilding
/// every row's links cost a legend click more page work than any other table).
fn row_key((zone, row): &(Zone, Notable)) -> impl std::hash::Hash + Eq + 'static {
    (
        zone.name(),
        row.kind,
        row.user.clone(),
        row.count,
        (row.first, row.last),
        row.objects.clone(),
    )
}

#[component]
pub fn NotableCard() -> impl IntoView {
    let data = use_log_data();
    let link = use_link();
    let rows = Signal::derive(move || {
        data.dashboard
            .get()
            .map(|d| d.notable.clone())
            .unwrap_or_default()
    });
    let zone = Signal::derive(move || data.view.get().zone);
    let card = NodeRef::<leptos::html::Section>::new();
    let asked = ask_when_seen(card);
    // "Show all": every row, not the first ROWS_SHOWN.
    let all = RwSignal::new(false);
    // Rows are keyed by their zone too: one drawn in another zone is drawn again.
    let row = move |notable: Notable| notable_row(notable, zone.get_untracked(), link);
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
                fallback=|| view! { <p class="empty" role="status">{t("notable.asking")}</p> }>
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
                                <For each=move || shown_rows(rows, zone, all) key=row_key children=move |(_, notable)| row(notable) />
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

/// One row of the table, its times in `zone`, its links through `link`.
fn notable_row(
    notable: Notable,
    zone: Zone,
    link: impl Fn(&str) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let user_href = link(&user_path(&notable.user));
    let more = notable.objects.len().saturating_sub(OBJECTS_SHOWN);
    let objects = notable
        .objects
        .iter()
        .take(OBJECTS_SHOWN)
        .map(|(kind, id)| {
            let href = link(&object_path(*kind, id));
            view! { <li><ObjectName kind=*kind id=id.to_string() href=href /></li> }
        })
        .collect_view();
    view! {
        <tr data-kind=notable.kind.name()>
            <th scope="row">{kind_label(notable.kind)}</th>
            <td><A href=user_href>{notable.user.clone()}</A></td>
            <td class="num">{grouped(notable.count as u64)}</td>
            <td class="nowrap">{short_time(zone, notable.first)}</td>
            <td class="nowrap">{short_time(zone, notable.last)}</td>
            <td>
                <ul class="plain-list">{objects}</ul>
                {(more > 0).then(|| view! { <span class="muted">{tf("notable.more", &[("count", &more.to_string())])}</span> })}
            </td>
        </tr>
    }
}
