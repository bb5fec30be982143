// Starts the loader worker: the app's own JS and wasm (named by the page in this script's
// query), which find no window and wait for a load to carry out (src/loader_worker.rs).
const files = new URL(self.location.href).searchParams;
const ours = (name) => {
  const url = new URL(files.get(name) ?? '', self.location.href);
  if (url.origin !== self.location.origin) throw new Error(`not this site's file: ${url}`);
  return url.href;
};
const { default: init } = await import(ours('js'));
await init({ module_or_path: ours('wasm') });
