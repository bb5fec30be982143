fn main() {
    leptos::mount::mount_to_body(backoffice_analytics::App);
}
