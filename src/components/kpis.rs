//! The three KPI cards: actions, active users, actions per user (`[data-kpi]`), and with
//! `compare=previous` the previous period's value (`[data-kpi-previous]`) and the change.

use engine::Kpis;
use leptos::prelude::*;

use crate::i18n::t;
use crate::numbers::grouped;

/// The change from `previous` to `current` in words: "+134 (+12%)", "−3 (−50%)", "+5 (new)",
/// "no change".
pub fn change_text(current: f64, previous: f64, decimals: usize) -> String {
    let difference = current - previous;
    if difference.abs() < 0.5 * 10f64.powi(-(decimals as i32)) {
        return t("kpi.no_change").into();
    }
    let sign = if difference > 0.0 { "+" } else { "−" };
    let amount = match decimals {
        0 => grouped(difference.abs().round() as u64),
        _ => format!("{:.*}", decimals, difference.abs()),
    };
    let relative = if previous == 0.0 {
        t("kpi.new").to_string()
    } else {
        format!("{sign}{:.0}%", (difference / previous * 100.0).abs())
    };
    format!("{sign}{amount} ({relative})")
}

/// One figure: its label, value, and the previous period's beside it when there is one.
struct Figure {
    key: &'static str,
    /// In the page's language.
    label: fn() -> &'static str,
    text: fn(&Kpis) -> String,
    /// The plain number (`data-value`), when the figure is a count.
    plain: Option<fn(&Kpis) -> u64>,
    amount: fn(&Kpis) -> f64,
    decimals: usize,
}

const FIGURES: [Figure; 3] = [
    Figure {
        key: "actions",
        label: || t("kpi.actions"),
        text: |k| grouped(k.actions as u64),
        plain: Some(|k| k.actions as u64),
        amount: |k| k.actions as f64,
        decimals: 0,
    },
    Figure {
        key: "users",
        label: || t("kpi.users"),
        text: |k| grouped(k.users as u64),
        plain: Some(|k| k.users as u64),
        amount: |k| k.users as f64,
        decimals: 0,
    },
    Figure {
        key: "actions-per-user",
        label: || t("kpi.actions_per_user"),
        text: Kpis::actions_per_user_text,
        plain: None,
        amount: Kpis::actions_per_user,
        decimals: 1,
    },
];

/// The three headline numbers. Each value element carries `data-kpi` and holds just the number,
/// thousands grouped for the reader ("3,128"), with the plain number in `data-value`; "—" while
/// there is nothing to count. With `previous`, each says the previous period's value
/// (`data-kpi-previous`) and the change.
#[component]
pub fn KpiCards(
    #[prop(into)] kpis: Signal<Option<Kpis>>,
    #[prop(optional, into)] previous: Option<Signal<Option<Kpis>>>,
) -> impl IntoView {
    let figures = FIGURES
        .into_iter()
        .map(|figure| {
            let label_id = format!("kpi-{}", figure.key);
            let value = move || kpis.get().map(|k| (figure.text)(&k)).unwrap_or_else(|| "—".into());
            let plain = move || Some((figure.plain?)(&kpis.get()?).to_string());
            let before = move || {
                let before = previous?.get()?;
                let now = kpis.get()?;
                let change = change_text((figure.amount)(&now), (figure.amount)(&before), figure.decimals);
                let plain_before = figure.plain.map(|plain| plain(&before).to_string());
                Some(view! {
                    <span class="kpi__previous">
                        {t("kpi.previous_period")}" "
                        <span data-kpi-previous=figure.key data-value=plain_before>{(figure.text)(&before)}</span>
                        <span class="kpi__change">{change}</span>
                    </span>
                })
            };
            view! {
                <div class="kpi">
                    <span class="kpi__label" id=label_id.clone()>{(figure.label)()}</span>
                    <span class="kpi__value" data-kpi=figure.key data-value=plain aria-labelledby=label_id>
                        {value}
                    </span>
                    {before}
                </div>
            }
        })
        .collect_view();
    view! { <section class="kpis" aria-label=t("kpi.key_figures")>{figures}</section> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_as_words() {
        assert_eq!(change_text(1134.0, 1000.0, 0), "+134 (+13%)");
        assert_eq!(change_text(3.0, 6.0, 0), "−3 (−50%)");
        assert_eq!(change_text(5.0, 0.0, 0), "+5 (new)");
        assert_eq!(change_text(7.0, 7.0, 0), "no change");
        assert_eq!(change_text(2.5, 2.0, 1), "+0.5 (+25%)");
        assert_eq!(change_text(2.04, 2.0, 1), "no change");
    }
}
