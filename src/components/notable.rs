//! **What to look at** (`table[data-table=notable]`): bursts of removals, changes of who can do
//! what, and actions at night, each with links to the user and the objects. The rules are
//! `engine::notable`'s, written out on the page.

use engine::notable::{Notable, NotableKind};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::object_name::ObjectName;
use crate::components::tables::{object_path, short_time, user_path};
use crate::numbers::grouped;
use crate::state::{use_link, use_log_data};

/// How many objects a row links to before "and N more".
const OBJECTS_SHOWN: usize = 3;

/// The kind of a row, in words.
pub fn kind_label(kind: NotableKind) -> &'static str {
    match kind {
        NotableKind::BulkDelete => "Burst of removals",
        NotableKind::Access => "Access changes",
        NotableKind::Night => "At night",
    }
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
    let row = move |notable: Notable| {
        let zone = zone.get();
        let user_href = link(&user_path(&notable.user));
        let more = notable.objects.len().saturating_sub(OBJECTS_SHOWN);
        let objects = notable
            .objects
            .iter()
            .take(OBJECTS_SHOWN)
            .map(|(kind, id)| {
                let href = link(&object_path(*kind, id));
                view! { <li><ObjectName kind=*kind id=id.clone() href=href /></li> }
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
                    {(more > 0).then(|| view! { <span class="muted">{format!("and {more} more")}</span> })}
                </td>
            </tr>
        }
    };
    view! {
        <section class="card" aria-labelledby="notable-title">
            <h2 id="notable-title">"What to look at"</h2>
            <ul class="card__hint rules">
                <li><strong>"Burst of removals"</strong>": at least 10 of one user's actions named delete_… or remove_…, each within 10 minutes of the previous one (one row per burst)."</li>
                <li><strong>"Access changes"</strong>": actions whose name holds security, permission, _user_to_ or _user_from_ (one row per user)."</li>
                <li><strong>"At night"</strong>": actions from 00:00 to 05:59 in the selected time zone (one row per user)."</li>
            </ul>
            <p class="card__hint">"Only actions with a user count."</p>
            <Show when=move || rows.with(|r| !r.is_empty())
                fallback=|| view! { <p class="empty">"Nothing of the kind in this window."</p> }>
                <div class="table-scroll" tabindex="0" role="region" aria-label="What to look at (table)">
                    <table class="data-table" data-table="notable">
                        <thead>
                            <tr>
                                <th scope="col">"Kind"</th>
                                <th scope="col">"User"</th>
                                <th scope="col" class="num">"Actions"</th>
                                <th scope="col">"First"</th>
                                <th scope="col">"Last"</th>
                                <th scope="col">"Objects"</th>
                            </tr>
                        </thead>
                        <tbody>{move || rows.get().into_iter().map(row).collect_view()}</tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}
