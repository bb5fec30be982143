//! `/users/<id>`: one user's history in the window — their actions over time by object type,
//! the objects they touched (each linking to its page), and every action with its diff.

use engine::filter::rows_of_user;
use engine::SeriesMode;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::history::Counterpart;
use crate::components::history_page::{
    history_summary, use_history, CounterpartCount, HistoryData, HistoryPage,
};
use crate::components::ObjectTable;
use crate::i18n::{t, tf};
use crate::state::subject::Subject;
use crate::state::use_log_data;

#[component]
pub fn UserPage() -> impl IntoView {
    let data = use_log_data();
    let params = use_params_map();
    let user = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let condition =
        Signal::derive(move || Some(crate::api::aggregates::user_condition(&user.get())));
    let subject = Subject {
        select: move |log: &engine::IndexedLog, in_window: &[u32]| {
            Some(rows_of_user(log, in_window, &user.get()))
        },
        condition: move || condition.get(),
        kind: None,
    };
    // What they acted on: each object, as the dashboard lists them.
    let (history, events) = use_history(SeriesMode::ObjectType, subject, |dashboard| {
        dashboard.objects.clone()
    });
    let summary = Signal::derive(move || {
        let objects = |h: &HistoryData<Vec<engine::stats::ObjectStat>>| CounterpartCount {
            name: "objects",
            count: h.counterparts.len(),
            one: t("count.object"),
            many: t("count.objects"),
        };
        history
            .with(|h| {
                let h = h.as_ref()?;
                Some(history_summary(
                    h.actions,
                    t("user.no_action"),
                    objects(h),
                    |values| tf("user.summary", values),
                ))
            })
            .unwrap_or_default()
    });
    let objects = Signal::derive(move || {
        history.with(|h| {
            h.as_ref()
                .map(|h| h.counterparts.clone())
                .unwrap_or_default()
        })
    });
    let zone = Signal::derive(move || data.view.get().zone);
    view! {
        <HistoryPage back=("/users", t("user.back"))
            title=Signal::derive(move || tf("user.title", &[("user", &user.get())])) summary history events
            chart_label=t("user.chart")
            counterparts_title=t("user.objects") counterpart=Counterpart::Object>
            <ObjectTable name="user-objects" caption=t("user.objects_caption") rows=objects zone=zone one_user=true />
            <crate::components::Downloads name="user-objects" what=t("user.download_objects") table=move || {
                crate::export::objects_table(&objects.get_untracked(), zone.get_untracked())
            } />
        </HistoryPage>
    }
}
