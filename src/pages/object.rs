//! `/objects/<type>/<id>`: one object's history in the window — its actions over time, who did
//! them, and every action with its diff.

use engine::filter::rows_of_object;
use engine::{ObjectType, SeriesMode};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::components::history::Counterpart;
use crate::components::history_page::{
    history_summary, use_history, CounterpartCount, HistoryMemo, HistoryPage,
};
use crate::components::tables::user_path;
use crate::i18n::{t, tf};
use crate::labels::type_label;
use crate::state::subject::Subject;
use crate::state::{use_link, use_log_data};

#[component]
pub fn ObjectPage() -> impl IntoView {
    let params = use_params_map();
    let kind_name = Memo::new(move |_| params.with(|p| p.get("kind").unwrap_or_default()));
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let kind = Memo::new(move |_| ObjectType::from_name(&kind_name.get()));
    let condition = Signal::derive(move || {
        Some(crate::api::aggregates::object_condition(
            kind.get()?,
            &id.get(),
        ))
    });
    let subject = Subject {
        select: move |log: &engine::IndexedLog, in_window: &[u32]| {
            let object = log.objects.find(&log.store, kind.get()?, &id.get());
            Some(object.map_or_else(Vec::new, |object| rows_of_object(log, in_window, object)))
        },
        condition: move || condition.get(),
        kind: Some(kind),
    };
    // Who acted on it: each user and their actions.
    let (history, events) = use_history(SeriesMode::Action, subject, |dashboard| {
        let users = dashboard.users.iter();
        users
            .map(|u| (u.user.clone(), u.actions))
            .collect::<Vec<_>>()
    });
    let data = use_log_data();
    // A dataset's title from the portal, when it has one.
    let name = Memo::new(move |_| {
        let kind = kind.get()?;
        data.titles
            .with(|t| t.name_of(kind, &id.get()).map(str::to_string))
    });
    let title =
        Signal::derive(move || title_of(kind.get(), &kind_name.get(), name.get(), id.get()));
    // The id beside the title; a quiet note when the portal no longer knows the dataset.
    let identity = move || {
        let id = id.get();
        if name.get().is_some() {
            format!("{id} · ")
        } else if kind.get() == Some(ObjectType::Dataset) && data.titles.with(|t| t.is_unknown(&id))
        {
            format!("{} ", t("object.gone"))
        } else {
            String::new()
        }
    };
    let summary = Signal::derive(move || {
        let counts = history.with(|h| match h {
            None if kind.get().is_none() => t("object.types").to_string(),
            None => String::new(),
            Some(h) => {
                let users = CounterpartCount {
                    name: "users",
                    count: h.counterparts.len(),
                    one: t("count.user"),
                    many: t("count.users"),
                };
                history_summary(h.actions, t("object.no_action"), users, |values| {
                    tf("object.summary", values)
                })
            }
        });
        format!("{}{counts}", identity())
    });
    view! {
        <HistoryPage back=("/objects", t("object.back")) title summary history events
            chart_label=t("object.chart")
            counterparts_title=t("object.who") counterpart=Counterpart::User>
            <ObjectUsers history />
        </HistoryPage>
    }
}

/// The page's heading: the object's type and its name (else its id), or what is wrong with a
/// type the link names.
fn title_of(kind: Option<ObjectType>, kind_name: &str, name: Option<String>, id: String) -> String {
    match kind {
        Some(kind) => format!("{} {}", type_label(kind), name.unwrap_or(id)),
        None => tf(
            "object.unknown_type",
            &[("kind", &format!("{kind_name:?}"))],
        ),
    }
}

/// Who acted on the object, with how many actions each (`table[data-table=object-users]`),
/// and its download.
#[component]
fn ObjectUsers(history: HistoryMemo<Vec<(String, u64)>>) -> impl IntoView {
    let link = use_link();
    view! {
        <div class="table-scroll table-scroll--narrow">
            <table class="data-table" data-table="object-users">
                <thead><tr><th scope="col">{t("column.user")}</th><th scope="col" class="num">{t("column.actions")}</th></tr></thead>
                <tbody>
                    {move || history.with(|h| h.as_ref().map(|h| h.counterparts.iter().map(|(user, count)| {
                        let href = link(&user_path(user));
                        let user = user.clone();
                        view! { <tr><th scope="row"><A href=href>{user}</A></th><td class="num">{count.to_string()}</td></tr> }
                    }).collect_view()))}
                </tbody>
            </table>
        </div>
        <crate::components::Downloads name="object-users" what=t("object.download_users") table=move || {
            let users = history.with_untracked(|h| h.as_ref().map(|h| h.counterparts.clone()).unwrap_or_default());
            crate::twins::counts(t("column.user"), &users)
        } />
    }
}
