// Starts the app. Trunk would write this as an inline script, which the Content-Security-Policy
// forbids; Trunk.toml's pattern_script puts a tag to this file instead, naming the two files.
const tag = document.querySelector('script[data-wasm]');
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
