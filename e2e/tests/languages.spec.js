// French and English: chosen from the browser's language, switched in the header, kept as
// `lang` in the URL (a link keeps its language); `<html lang>` follows; numbers, dates and
// weekday names are written the language's way; the app's errors are translated.
const { expect } = require('@playwright/test');
const { test, tableRows, waitReady } = require('./helpers');
const { FIXTURE_URL } = require('./fixture');

const NNBSP = '\u202f';

test('lang=fr: the dashboard in French, numbers and weekdays included, and back to English', async ({ page }) => {
  await page.goto('/?from=2000-01-01&lang=fr');
  await waitReady(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator('h1')).toHaveText('Activité du back office');
  await expect(page).toHaveTitle('Activité du back office · Analyse du back office');
  await expect(page.getByRole('navigation', { name: 'Vues' }).getByRole('link', { name: 'Tableau de bord' })).toBeVisible();
  await expect(page.locator('.kpi__label').nth(1)).toHaveText('Utilisateurs actifs');
  // The demo log holds about 20,000 events: thousands are set apart by a narrow no-break space.
  const actions = await page.locator('[data-kpi="actions"]').getAttribute('data-value');
  expect(Number(actions)).toBeGreaterThan(999);
  const grouped = Number(actions).toLocaleString('fr-FR').replace(/\s/g, NNBSP);
  await expect(page.locator('[data-kpi="actions"]')).toHaveText(grouped);
  const weekdays = await tableRows(page, 'weekday');
  expect(weekdays.map((r) => r[0])).toEqual(['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche']);
  await expect(page.locator('table[data-table="weekday"] thead th').first()).toHaveText('Jour de la semaine');

  // A link of the page keeps the language.
  await page.getByRole('link', { name: 'Objets', exact: true }).click();
  await expect(page).toHaveURL(/\/objects\?.*lang=fr/);
  await expect(page.locator('h1')).toHaveText('Jeux de données, pages et espaces de travail modifiés');

  // The switch in the header: English, in the URL and on <html>.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page).toHaveURL(/lang=en/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Modified datasets, pages and workspaces');
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
});

test.describe('a French browser', () => {
  test.use({ locale: 'fr-FR' });

  test('gets French without asking, and the app\'s errors in French', async ({ page }) => {
    await page.goto('/?portal=javascript:alert(1)');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('main')).toHaveAttribute('data-state', 'error');
    await expect(page.getByRole('alert')).toContainText("Ce n'est pas l'adresse d'un portail");
    await expect(page.getByRole('alert')).toContainText('Rien n\'a été demandé');
  });
});

test.describe('on the hand-checked log', () => {
  test.use({ baseURL: FIXTURE_URL });

  test('dates in charts and tooltips, and the API\'s own message as it came', async ({ page, request }) => {
    await page.goto('/?from=2025-03-28&to=2025-03-31&tz=Europe%2FParis&lang=fr');
    await waitReady(page);
    const rows = await tableRows(page, 'actions-by-type');
    expect(rows.map((r) => r[0])).toEqual(['2025-03-28', '2025-03-29', '2025-03-30', '2025-03-31']);
    const headers = await page.locator('table[data-table="actions-by-type"] thead th').allTextContents();
    expect(headers).toEqual(['Jour', 'Jeux de données', 'Pages', 'Total']);
    // The tooltip of the third bar, by keyboard: a French date.
    const chart = page.locator('.chart').first();
    await chart.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(chart.locator('.chart__tooltip')).toHaveText('dim. 30 mars 2025 : 3 actions — Jeux de données 3');
    // The portal's 400 message is shown as it came, around French words.
    await page.goto('/?from=2025-03-28&to=2025-03-31&tz=Europe%2FParis&lang=fr&dataset=no-such-dataset');
    await expect(page.getByRole('alert')).toContainText('Jeu de données introuvable (404)');
    const answer = await request.get('/api/explore/v2.1/monitoring/datasets/no-such-dataset/exports/json');
    const { message } = await answer.json();
    expect(message.length).toBeGreaterThan(5);
    await expect(page.getByRole('alert')).toContainText(`Le portail a répondu 404 : ${message}`);
  });
});
