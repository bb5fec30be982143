//! Back office analytics: the app. `App` holds the shell and the whole route table.

pub mod api;
pub mod browser;
pub mod charts;
pub mod colours;
pub mod components;
pub mod credentials;
pub mod export;
pub mod i18n;
pub mod labels;
pub mod loader_worker;
pub mod numbers;
pub mod pages;
pub mod query;
pub mod scheme;
pub mod settings;
pub mod snapshot_steps;
pub mod state;
pub mod storage;
pub mod task_steps;
pub mod tooltips;
pub mod twins;
pub mod zones;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;
use wasm_bindgen::JsCast;

use crate::components::{DateFilter, LoadStatus};
use crate::i18n::{t, tf};
use crate::pages::connect::Connect;
use crate::pages::dashboard::DashboardPage;
use crate::pages::log::SourceData;
use crate::pages::not_found::NotFound;
use crate::pages::object::ObjectPage;
use crate::pages::objects::Objects;
use crate::pages::user::UserPage;
use crate::pages::users::Users;
use crate::scheme::{provide_colour_scheme, SchemeSwitch};
use crate::state::{provide_log_data, use_link, use_log_data};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Shell />
        </Router>
    }
}

/// Header, filters and status shared by every route; `main[data-state]` tells people and tests
/// whether the log is `loading`, `ready` or in `error`.
#[component]
fn Shell() -> impl IntoView {
    provide_colour_scheme();
    let data = provide_log_data();
    let location = leptos_router::hooks::use_location();
    let view_name = Memo::new(move |_| pages::view_name(&location.pathname.get()));
    focus_heading_on_navigation(location.pathname);
    // The app starts in steps, a task each: the first task that runs a piece of the app's code
    // also compiles it, and one task for all would be long. Here the log's state; a task later
    // the shell and its filters, which replace index.html's frame; a task after that the page's
    // view. (The filters stay with the shell: built later, they would push the page down as it
    // is drawn.)
    let shell_built = RwSignal::new(false);
    let page_built = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        browser::sleep(0).await;
        remove_boot_frame();
        shell_built.set(true);
        browser::sleep(0).await;
        page_built.set(true);
    });
    // Every view is drawn again in the new language when `lang` changes; `<html lang>` follows.
    move || {
        if !shell_built.get() {
            return None;
        }
        let lang = data.lang.get();
        i18n::set_lang(lang);
        browser::set_document_language(lang.code());
        view! {
        <a class="skip-link" href="#content">{t("shell.skip")}</a>
        <AppHeader />
        <Show when=move || pages::has_filters(view_name.get())>
            <DateFilter />
        </Show>
        <main id="content" data-state=move || data.state_name() data-view=view_name>
            // The connect page has its own messages; the load's would be noise there.
            <crate::components::StorageNotice />
            <ClearTextWarning />
            <Show when=move || view_name.get() != "connect">
                <crate::components::Freshness />
                <LoadStatus />
            </Show>
            <Show when=move || page_built.get()>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=DashboardPage />
                <Route path=path!("/log") view=SourceData />
                <Route path=path!("/connect") view=Connect />
                <Route path=path!("/objects") view=Objects />
                <Route path=path!("/objects/:kind/:id") view=ObjectPage />
                <Route path=path!("/users") view=Users />
                <Route path=path!("/users/:id") view=UserPage />
            </Routes>
            </Show>
        </main>
        }
        .into()
    }
}

/// index.html's frame, shown while the wasm arrived, gives way to the app.
fn remove_boot_frame() {
    let document = web_sys::window().and_then(|window| window.document());
    if let Some(boot) = document.and_then(|d| d.get_element_by_id("boot")) {
        boot.remove();
    }
}

/// The header: the app's name and its source (the portal and dataset, or the imported files)
/// with the mode it counts in, the views, and the settings (link, language, colour scheme).
#[component]
fn AppHeader() -> impl IntoView {
    let data = use_log_data();
    let link = use_link();
    let source_label = move || {
        if data.from_files.get() {
            return match data.imported.get() {
                Some(files) => tf(
                    "shell.imported_files_named",
                    &[("files", &files.files.join(", "))],
                ),
                None => t("shell.imported_files").to_string(),
            };
        }
        let source = data.source.get();
        format!("{} · {}", source.portal, source.dataset)
    };
    view! {
        <header class="app-header">
            <div class="app-header__brand">
                <span class="app-header__title">{t("shell.title")}</span>
                <span class="app-header__source">{source_label}</span>
                <crate::components::ModeNote />
            </div>
            <nav class="app-nav" aria-label=t("shell.views")>
                <A href=move || link("/") exact=true>{t("nav.dashboard")}</A>
                <A href=move || link("/objects")>{t("nav.objects")}</A>
                <A href=move || link("/users")>{t("nav.users")}</A>
                <A href=move || link("/log")>{t("nav.log")}</A>
                <A href=move || link("/connect")>{t("nav.connect")}</A>
            </nav>
            <div class="app-header__tools">
                <crate::components::Fold label=Signal::derive(|| t("shell.settings").to_string()) id="header-tools">
                    <crate::components::CopyLink />
                    <LanguageSwitch />
                    <SchemeSwitch />
                </crate::components::Fold>
            </div>
        </header>
    }
}

/// On any page: a warning while the log's portal is an `http://` address (not this machine)
/// and a key is kept for it, since the key then travels unencrypted with every request.
#[component]
fn ClearTextWarning() -> impl IntoView {
    let data = state::use_log_data();
    let shown = move || {
        let portal = data.source.get().portal;
        let keyed = crate::credentials::auth_for(&portal).key.is_some();
        (!data.from_files.get() && keyed && api::sends_key_in_clear(&portal)).then_some(portal)
    };
    move || {
        shown().map(|portal| {
            view! {
                <p class="note" role="alert" data-warning="clear-text">
                    {tf("shell.clear_text", &[("portal", &portal)])}
                </p>
            }
        })
    }
}

/// English | Français: writes `lang` into the URL (a link keeps its language).
#[component]
fn LanguageSwitch() -> impl IntoView {
    let data = state::use_log_data();
    let write = state::use_query_writer();
    view! {
        <div class="segmented" role="group" aria-label=t("shell.language")>
            {i18n::Lang::ALL.into_iter().map(|lang| {
                let write = write.clone();
                view! {
                    <button type="button" lang=lang.code() aria-pressed=move || (data.lang.get() == lang).to_string()
                        on:click=move |_| write(&[state::set("lang", Some(lang.code().to_string()))], false)>
                        {lang.name()}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

/// After a change of path (not of query: a filter keeps the focus where it is), the new view's
/// heading takes the focus, once the view is drawn.
fn focus_heading_on_navigation(pathname: Memo<String>) {
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        if previous.as_ref().is_some_and(|p| *p != path) {
            request_animation_frame(|| {
                let heading = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector("#content h1").ok().flatten());
                if let Some(heading) =
                    heading.and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = heading.focus();
                }
            });
        }
        path
    });
}
