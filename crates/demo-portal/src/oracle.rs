//! `/_demo/kpis` and `/_demo/dashboard`: the engine's own numbers on the demo data, which the
//! end-to-end tests compare with what the browser shows.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use engine::calendar::Zone;
use engine::dashboard::Dashboard;
use engine::{DateWindow, IndexedLog, SeriesMode, ViewFilter};
use serde_json::json;

use crate::error::{bad_parameter, PortalError};
use crate::{Portal, Shared};

/// The engine's own numbers on the demo data for a view (`from`, `to`, `tz`, and the
/// dashboard's `ws`, `by`, `hide`), so that end-to-end tests can check what the app shows.
fn demo_view(portal: &Portal, params: &[(String, String)]) -> Result<Dashboard, PortalError> {
    let get = |name: &str| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let zone: Zone = get("tz")
        .parse()
        .map_err(|e: engine::calendar::UnknownZone| bad_parameter(e.to_string()))?;
    let window =
        DateWindow::parse(get("from"), get("to")).map_err(|e| bad_parameter(e.to_string()))?;
    let filter = ViewFilter {
        window,
        workspace: Some(get("ws"))
            .filter(|ws| !ws.is_empty())
            .map(str::to_string),
        mode: if get("by") == "action" {
            SeriesMode::Action
        } else {
            SeriesMode::ObjectType
        },
        hidden: params
            .iter()
            .filter(|(n, _)| n == "hide")
            .map(|(_, v)| v.clone())
            .collect(),
    };
    let log = IndexedLog::new(portal.store().clone(), zone);
    Ok(Dashboard::compute(&log, &filter))
}

pub async fn demo_kpis(
    State(portal): State<Shared>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, PortalError> {
    let view = demo_view(&portal, &params)?;
    Ok(Json(json!({
        "actions": view.kpis.actions,
        "users": view.kpis.users,
        "actions_per_user": view.kpis.actions_per_user_text(),
    }))
    .into_response())
}

/// Everything the dashboard shows, as the engine computes it.
pub async fn demo_dashboard(
    State(portal): State<Shared>,
    Query(params): Query<Vec<(String, String)>>,
) -> Result<Response, PortalError> {
    let view = demo_view(&portal, &params)?;
    let top_objects: Vec<_> = view
        .objects
        .iter()
        .take(10)
        .map(|o| json!([capitalized(o.kind.name()), o.id, o.actions, o.users]))
        .collect();
    let top_users: Vec<_> = view
        .users
        .iter()
        .take(10)
        .map(|u| json!([u.user, u.actions, u.objects]))
        .collect();
    let series: Vec<_> = view
        .series
        .series
        .iter()
        .map(|s| json!({ "name": s.name, "total": s.total }))
        .collect();
    Ok(Json(json!({
        "actions": view.kpis.actions,
        "users": view.kpis.users,
        "actions_per_user": view.kpis.actions_per_user_text(),
        "weekdays": view.weekdays,
        "series": series,
        "days": view.series.days.len(),
        "top_objects": top_objects,
        "top_users": top_users,
        "action_counts": view.actions,
    }))
    .into_response())
}

/// `dataset` → `Dataset`: how the app's tables name a type.
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
