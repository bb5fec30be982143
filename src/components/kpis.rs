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

/// One figure: its key (`data-kpi`), its label in the page's language, and how it is read.
struct Figure {
    key: &'static str,
    label: fn() -> &'static str,
    reading: Reading,
}

/// How a figure is read from the KPIs.
#[derive(Clone, Copy)]
enum Reading {
    /// A count: grouped for the reader ("3,128"), plain in `data-value`.
    Count(fn(&Kpis) -> usize),
    /// Actions per user, to one decimal.
    PerUser,
}

impl Reading {
    fn text(self, kpis: &Kpis) -> String {
        match self {
            Reading::Count(count) => grouped(count(kpis) as u64),
            Reading::PerUser => kpis.actions_per_user_text(),
        }
    }

    /// The plain number, for a count.
    fn plain(self, kpis: &Kpis) -> Option<String> {
        match self {
            Reading::Count(count) => Some(count(kpis).to_string()),
            Reading::PerUser => None,
        }
    }

    fn amount(self, kpis: &Kpis) -> f64 {
        match self {
            Reading::Count(count) => count(kpis) as f64,
            Reading::PerUser => kpis.actions_per_user(),
        }
    }

    fn decimals(self) -> usize {
        match self {
            Reading::Count(_) => 0,
            Reading::PerUser => 1,
        }
    }
}

const FIGURES: [Figure; 3] = [
    Figure {
        key: "actions",
        label: || t("kpi.actions"),
        reading: Reading::Count(|k| k.actions),
    },
    Figure {
        key: "users",
        label: || t("kpi.users"),
        reading: Reading::Count(|k| k.users),
    },
    Figure {
        key: "actions-per-user",
        label: || t("kpi.actions_per_user"),
        reading: Reading::PerUser,
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
            let reading = figure.reading;
            let value = move || kpis.get().map(|k| reading.text(&k)).unwrap_or_else(|| "—".into());
            let plain = move || reading.plain(&kpis.get()?);
            let before = move || {
                let before = previous?.get()?;
                let now = kpis.get()?;
                let change = change_text(reading.amount(&now), reading.amount(&before), reading.decimals());
                let plain_before = reading.plain(&before);
                Some(view! {
                    <span class="kpi__previous">
                        {t("kpi.previous_period")}" "
                        <span data-kpi-previous=figure.key data-value=plain_before>{reading.text(&before)}</span>
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
