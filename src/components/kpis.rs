//! The three KPI cards: actions, active users, actions per user (`[data-kpi]`).

use engine::Kpis;
use leptos::prelude::*;

/// The three headline numbers. Each value element carries `data-kpi` and holds just the number;
/// "—" while there is nothing to count.
#[component]
pub fn KpiCards(#[prop(into)] kpis: Signal<Option<Kpis>>) -> impl IntoView {
    let value = move |pick: fn(&Kpis) -> String| {
        move || kpis.get().map(|k| pick(&k)).unwrap_or_else(|| "—".into())
    };
    view! {
        <section class="kpis" aria-label="Key figures">
            <div class="kpi">
                <span class="kpi__label" id="kpi-actions">"Actions"</span>
                <span class="kpi__value" data-kpi="actions" aria-labelledby="kpi-actions">
                    {value(|k| k.actions.to_string())}
                </span>
            </div>
            <div class="kpi">
                <span class="kpi__label" id="kpi-users">"Active users"</span>
                <span class="kpi__value" data-kpi="users" aria-labelledby="kpi-users">
                    {value(|k| k.users.to_string())}
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
