// Starts the app. Trunk would write this as an inline script, which the Content-Security-Policy
// forbids; Trunk.toml's pattern_script puts a tag to this file instead, naming the two files.
// Until the app mounts, the page shows index.html's frame (#boot): in French for French
// readers, and with what went wrong if the app cannot start.
const tag = document.querySelector('script[data-wasm]');
const text = document.getElementById('boot-text');
const intro = document.getElementById('boot-intro');
const lang = new URLSearchParams(location.search).get('lang') ?? navigator.language ?? 'en';
const french = lang.toLowerCase().startsWith('fr');
if (french && text) {
  document.documentElement.lang = 'fr';
  text.textContent = 'Chargement du tableau de bord…';
  if (intro) {
    intro.textContent = 'Qui a modifié quoi dans le back office de votre espace Opendatasoft, et quand : chaque action de son journal d’activité (un jeu de données publié, une page modifiée, un utilisateur ajouté…) comptée par jour, par jour de la semaine et par utilisateur, avec l’historique de chaque objet et le journal lui-même, à chercher et télécharger.';
  }
}
// The colour scheme as the app will choose it (src/scheme.rs): the remembered choice, else the
// system's.
let scheme = null;
try { scheme = localStorage.getItem('backoffice-analytics.scheme'); } catch { /* storage refused */ }
const dark = scheme === 'dark' || (scheme !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
document.documentElement.dataset.scheme = dark ? 'dark' : 'light';
// The page's first Intl.DateTimeFormat and zone list load the browser's locale and zone data
// (17 and 5 ms in desktop Chromium, more on a phone): made in tasks of their own while the wasm
// is downloading, they are not paid again in the app's first task, which asks for both.
for (const warm of [
  () => new Intl.DateTimeFormat().resolvedOptions(),
  () => Intl.supportedValuesOf?.('timeZone'),
]) {
  setTimeout(() => {
    try { warm(); } catch { /* the app says what it cannot do without them */ }
  }, 0);
}
// The browser's storage answers its first question slowly (the origin-private file system
// started); asked now, while the wasm arrives, it has started by the time the app reads the copy
// it keeps there: a second visit at 1M waited 155–243 ms for it, 88–116 ms since (BENCHMARKS.md).
try { navigator.storage?.getDirectory?.().catch(() => {}); } catch { /* no storage: the app says so */ }
try {
  const { default: init } = await import(tag.dataset.js);
  await init({ module_or_path: tag.dataset.wasm });
} catch (error) {
  if (text) {
    text.textContent = french
      ? `L’application n’a pas pu démarrer (${error}). Rechargez la page ; si cela persiste, essayez un navigateur récent.`
      : `The app could not start (${error}). Reload the page; if this persists, try a recent browser.`;
  }
  throw error;
}
