//! The three KPI cards: actions, active users, actions per user (`[data-kpi]`).

use engine::Kpis;
use leptos::prelude::*;

use crate::numbers::grouped;

/// The three headline numbers. Each value element carries `data-kpi` and holds just the number,
/// thousands grouped for the reader ("3,128"), with the plain number in `data-value`; "—" while
/// there is nothing to count.
#[component]
pub fn KpiCards(#[prop(into)] kpis: Signal<Option<Kpis>>) -> impl IntoView {
    let value = move |pick: fn(&Kpis) -> String| {
        move || kpis.get().map(|k| pick(&k)).unwrap_or_else(|| "—".into())
    };
    let plain = move |pick: fn(&Kpis) -> u64| move || kpis.get().map(|k| pick(&k).to_string());
    view! {
        <section class="kpis" aria-label="Key figures">
            <div class="kpi">
                <span class="kpi__label" id="kpi-actions">"Actions"</span>
                <span class="kpi__value" data-kpi="actions" data-value=plain(|k| k.actions as u64) aria-labelledby="kpi-actions">
                    {value(|k| grouped(k.actions as u64))}
                </span>
            </div>
            <div class="kpi">
                <span class="kpi__label" id="kpi-users">"Active users"</span>
                <span class="kpi__value" data-kpi="users" data-value=plain(|k| k.users as u64) aria-labelledby="kpi-users">
                    {value(|k| grouped(k.users as u64))}
                </span>
            </div>
            <div class="kpi">
                <span class="kpi__label" id="kpi-apu">"Actions per user"</span>
                <span class="kpi__value" data-kpi="actions-per-user" aria-labelledby="kpi-apu">
                    {value(Kpis::actions_per_user_text)}
                </span>
            </div>
        </section>
    }
}
