//! `/connect`'s portal form: an address and an API key, the portal's monitoring datasets
//! listed, one chosen and opened.

use leptos::prelude::*;

use super::use_open_dashboard;
use crate::api::{discover, ApiError, Auth, MonitoringDataset};
use crate::i18n::{t, tf};
use crate::state::use_log_data;

/// The form's fields and what the portal answered (all `Copy`).
#[derive(Clone, Copy)]
struct PortalForm {
    portal: RwSignal<String>,
    key: RwSignal<String>,
    remember: RwSignal<bool>,
    in_query: RwSignal<bool>,
    /// Whether a key is kept on this device for the portal.
    has_key: RwSignal<bool>,
    datasets: RwSignal<Vec<MonitoringDataset>>,
    selected: RwSignal<Option<String>>,
    error: RwSignal<Option<ApiError>>,
    busy: RwSignal<bool>,
}

impl PortalForm {
    /// The form for `portal`, with the choices kept for it.
    fn new(portal: String) -> Self {
        let auth = crate::credentials::auth_for(&portal);
        PortalForm {
            remember: RwSignal::new(crate::credentials::is_remembered(&portal)),
            in_query: RwSignal::new(auth.in_query),
            has_key: RwSignal::new(auth.key.is_some()),
            portal: RwSignal::new(portal),
            key: RwSignal::new(String::new()),
            datasets: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// The typed address without spaces or a trailing slash.
    fn portal_url(self) -> String {
        let typed = self.portal.get_untracked();
        typed.trim().trim_end_matches('/').to_string()
    }

    /// Asks the portal for its monitoring datasets, with the typed key (else the kept one).
    fn list(self) {
        let portal_url = self.portal_url();
        if !crate::api::is_portal_address(&portal_url) {
            self.datasets.set(Vec::new());
            self.error
                .set(Some(ApiError::NotAPortal { portal: portal_url }));
            return;
        }
        // A typed key replaces the kept one, but is kept only once the portal has accepted it;
        // the choices (remember, key in the URL) apply to whichever key is kept.
        let typed = self.key.get_untracked().trim().to_string();
        let kept = crate::credentials::auth_for(&portal_url).key;
        let auth = Auth {
            key: Some(typed).filter(|k| !k.is_empty()).or(kept),
            in_query: self.in_query.get_untracked(),
        };
        self.busy.set(true);
        self.error.set(None);
        leptos::task::spawn_local(async move {
            let result = discover(&portal_url, &auth).await;
            self.busy.set(false);
            match result {
                Ok(found) => self.listed(&portal_url, &auth, found),
                Err(e) => {
                    self.datasets.set(Vec::new());
                    self.error.set(Some(e));
                }
            }
        });
    }

    /// The portal accepted the key: it is kept (if asked) and the best match is chosen.
    fn listed(self, portal_url: &str, auth: &Auth, found: Vec<MonitoringDataset>) {
        if let Some(accepted) = &auth.key {
            let remember = self.remember.get_untracked();
            crate::credentials::save(portal_url, accepted, remember, auth.in_query);
            self.key.set(String::new());
        }
        self.has_key.set(auth.key.is_some());
        self.selected
            .set(crate::api::best_match(&found).map(|d| d.id.clone()));
        self.datasets.set(found);
    }

    /// Forgets the key kept for the typed portal.
    fn forget(self) {
        crate::credentials::forget(&self.portal_url());
        self.has_key.set(false);
        self.key.set(String::new());
    }
}

#[component]
pub fn PortalSection() -> impl IntoView {
    let data = use_log_data();
    let form = PortalForm::new(data.source.get_untracked().portal);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.list();
    };
    view! {
        <section class="card" aria-labelledby="portal-title">
            <h2 id="portal-title">{t("connect.portal_title")}</h2>
            <form class="form" on:submit=submit>
                <PortalFields form />
                <div class="status__actions">
                    <button class="button button--primary" type="submit" disabled=move || form.busy.get()>{t("connect.list")}</button>
                    <button class="button" type="button" on:click=move |_| form.forget() disabled=move || !form.has_key.get()>{t("connect.forget")}</button>
                </div>
            </form>
            {move || form.error.get().map(|e| view! {
                <div class="status status--error" role="alert">
                    <h3 class="status__title">{e.title()}</h3>
                    <p>{e.detail()}</p>
                    <p>{e.advice()}</p>
                </div>
            })}
            <Show when=move || !form.datasets.with(Vec::is_empty)>
                <DatasetChoice form />
            </Show>
        </section>
    }
}

/// The address, the key and the choices of how it is kept and sent.
#[component]
fn PortalFields(form: PortalForm) -> impl IntoView {
    let PortalForm {
        portal,
        key,
        remember,
        in_query,
        has_key,
        ..
    } = form;
    view! {
        <label class="field">
            <span class="field__label">{t("connect.address")}</span>
            <input type="url" name="portal" required placeholder="https://yourportal.opendatasoft.com"
                prop:value=move || portal.get() on:input=move |ev| portal.set(event_target_value(&ev)) />
        </label>
        <AddressChecks portal has_key />
        <label class="field">
            <span class="field__label">{t("connect.key")}</span>
            <input type="password" name="apikey" autocomplete="off" spellcheck="false"
                placeholder=move || if has_key.get() { t("connect.key_kept") } else { "" }
                prop:value=move || key.get() on:input=move |ev| key.set(event_target_value(&ev)) />
        </label>
        <label class="check">
            <input type="checkbox" name="remember" prop:checked=move || remember.get()
                on:change=move |ev| remember.set(event_target_checked(&ev)) />
            {t("connect.remember")}
        </label>
        <label class="check">
            <input type="checkbox" name="in_query" prop:checked=move || in_query.get()
                on:change=move |ev| in_query.set(event_target_checked(&ev)) />
            {t("connect.in_query")}
        </label>
        <p class="note" hidden=move || !in_query.get()>
            {t("connect.in_query_note")}
        </p>
    }
}

/// The portal's monitoring datasets, the likeliest chosen, and the button that opens one.
#[component]
fn DatasetChoice(form: PortalForm) -> impl IntoView {
    let selected = form.selected;
    let open_dashboard = use_open_dashboard();
    let open = move |_| {
        let Some(dataset) = selected.get_untracked() else {
            return;
        };
        open_dashboard(&[
            ("portal", vec![form.portal_url()]),
            ("dataset", vec![dataset]),
            ("source", vec![]),
            ("hide", vec![]),
            ("ws", vec![]),
        ]);
    };
    view! {
        <fieldset class="datasets">
            <legend>{t("connect.datasets")}</legend>
            {move || form.datasets.get().into_iter().map(|d| {
                let id = d.id.clone();
                let checked = { let id = id.clone(); move || selected.get().as_deref() == Some(id.as_str()) };
                let badge = d.is_activity_log().then_some(t("connect.matches"));
                view! {
                    <label class="check">
                        <input type="radio" name="dataset" value=id.clone() prop:checked=checked
                            on:change={ let id = id.clone(); move |_| selected.set(Some(id.clone())) } />
                        <span class="mono">{id.clone()}</span>
                        {d.title.clone().map(|t| view! { <span class="muted">{format!(" — {t}")}</span> })}
                        {badge.map(|b| view! { <span class="badge">{b}</span> })}
                    </label>
                }
            }).collect_view()}
            <button class="button button--primary" type="button" on:click=open disabled=move || selected.get().is_none()>
                {t("connect.open")}
            </button>
        </fieldset>
    }
}

/// What the typed address is, large, and what to know before a key goes to it: that the key
/// kept on this device belongs to another portal (a link may pre-fill a look-alike), and that an
/// `http://` address would receive the key unencrypted.
#[component]
fn AddressChecks(portal: RwSignal<String>, has_key: RwSignal<bool>) -> impl IntoView {
    let typed = move || portal.get().trim().trim_end_matches('/').to_string();
    let host = move || crate::api::portal_host(&typed());
    // Said only of an address (not while the field is empty or half typed).
    let kept_elsewhere = move || {
        has_key.track();
        let host = host()?;
        let kept = crate::credentials::portals_with_keys();
        (!kept.is_empty() && !kept.contains(&typed())).then(|| (kept.join(", "), host))
    };
    view! {
        {move || host().map(|host| view! {
            <p class="portal-host">{t("connect.host")}" "<strong data-portal-host>{host}</strong></p>
        })}
        {move || kept_elsewhere().map(|(kept, host)| view! {
            <p class="note" data-warning="other-portal">
                {tf("connect.other_portal", &[("kept", &kept), ("typed", &host)])}
            </p>
        })}
        <Show when=move || crate::api::sends_key_in_clear(&typed())>
            <p class="note" data-warning="clear-text">{t("connect.clear_text")}</p>
        </Show>
    }
}
