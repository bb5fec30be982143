//! The one notice that the browser refused to keep the log (or is full): said once, dismissable.

use leptos::prelude::*;

use crate::i18n::t;
use crate::state::use_log_data;
use crate::storage::StorageError;

#[component]
pub fn StorageNotice() -> impl IntoView {
    let data = use_log_data();
    move || {
        data.storage_problem.get().map(|problem| {
            let text = match problem {
                StorageError::Refused => t("storage.refused"),
                StorageError::Full => t("storage.full"),
            };
            view! {
                <div class="status status--warning" role="status" data-storage-problem="">
                    <p>{text}</p>
                    <button class="button" type="button" on:click=move |_| data.storage_problem.set(None)>
                        {t("storage.dismiss")}
                    </button>
                </div>
            }
        })
    }
}
