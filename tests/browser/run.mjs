// Browser tests of the editor's form in real Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core; axe-core injected into each page). Usage:
//   node tests/browser/run.mjs <base-url> [--screenshot <png path>]
// Prints one line per check and exits non-zero when any fails. The Rust test
// tests/browser.rs starts the server and runs this.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const healthArticle = readFileSync(join(here, '../fixtures/health_article.html'), 'utf8');
const hostile = readFileSync(join(here, 'hostile.html'), 'utf8');

const [base, flag, screenshotPath] = process.argv.slice(2);
if (!base || (flag && (flag !== '--screenshot' || !screenshotPath))) {
  console.error('usage: node run.mjs <base-url> [--screenshot <png path>]');
  process.exit(2);
}

// Without these, Chromium on a closed network waits on connections it will never make.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Most Tab presses to reach an element; a report page has fewer focusable things before it. */
const MAX_TABS = 200;

const failures = [];
function check(name, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}`);
  if (!ok) failures.push(name);
}

/** Every dialog, console message, page error and CSP violation a page produces. */
function watch(page) {
  const events = { dialogs: [], console: [], errors: [] };
  page.on('dialog', (dialog) => { events.dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
  page.on('console', (message) => events.console.push(message.text()));
  page.on('pageerror', (error) => events.errors.push(String(error)));
  return events;
}

async function axe(page, name) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
  check(`axe-core: 0 violations on ${name}`, violations.length === 0, violations.join('; '));
}

/** Presses Tab until `predicate` holds for the focused element; true when it did. */
async function tabUntil(page, predicate) {
  for (let i = 0; i < MAX_TABS; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return true;
  }
  return false;
}

/** Keyboard only: Tab to the textarea, type the article, Tab to the submit button, Enter. */
async function submitByKeyboard(page, article) {
  const reachedText = await tabUntil(page, () => document.activeElement?.id === 'html');
  check('keyboard: Tab reaches the article field', reachedText);
  await page.keyboard.insertText(article);
  const reachedButton = await tabUntil(page, () => document.activeElement?.textContent === 'Check the article');
  check('keyboard: Tab reaches the submit button', reachedButton);
  await Promise.all([page.waitForURL('**/report'), page.keyboard.press('Enter')]);
}

async function healthArticleChecks(context) {
  const page = await context.newPage();
  const events = watch(page);
  await page.goto(`${base}/`);
  await axe(page, '/');
  await submitByKeyboard(page, healthArticle);
  const marks = await page.locator('#report mark').count();
  check('the report page shows at least 20 highlights', marks >= 20, `${marks} <mark> elements`);
  check('the report has an outline and charts',
    (await page.locator('ol.outline').count()) > 0 && (await page.locator('svg[role=img]').count()) >= 2);
  await axe(page, 'the report of tests/fixtures/health_article.html');

  const reachedJargon = await tabUntil(page, () => document.activeElement?.matches('mark.jargon a') ?? false);
  check('keyboard: Tab reaches a jargon highlight', reachedJargon);
  const note = page.locator(':focus + .note');
  const noteText = (await note.count()) ? await note.innerText() : '';
  check('keyboard: the focused jargon highlight shows its note', reachedJargon && (await note.isVisible()), noteText);
  await page.keyboard.press('Escape');
  check('keyboard: Escape dismisses the note, focus stays', !(await note.isVisible()) && (await note.count()) === 1);

  // On a phone, the page fits the screen's width: wide tables scroll inside their own region.
  await page.setViewportSize({ width: 360, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check('on a 360 px wide phone the page needs no sideways scrolling', overflow <= 0, `${overflow} px too wide`);
  await page.setViewportSize({ width: 1100, height: 1400 });

  // With JavaScript on, editing refreshes the report in place (no navigation).
  await page.locator('#html').fill('<p>The physician will ascertain whether the intervention was efficacious.</p>');
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'Report updated.');
  const refreshed = await page.locator('#report .article').innerText();
  check('editing refreshes the report without a reload', refreshed.includes('ascertain') && page.url().endsWith('/report'));

  if (screenshotPath) {
    await page.goto(`${base}/`);
    await page.locator('#html').fill(healthArticle);
    await Promise.all([page.waitForURL('**/report'), page.locator('button', { hasText: 'Check the article' }).click()]);
    await page.locator('#article-h').evaluate((heading) => heading.scrollIntoView());
    await page.screenshot({ path: screenshotPath, type: 'png' });
    console.log(`screenshot written to ${screenshotPath}`);
  }
  check('no page errors on the health article', events.errors.length === 0, events.errors.join('; '));
  await page.close();
}

async function hostileChecks(context) {
  const page = await context.newPage();
  const events = watch(page);
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${base}/`);
  await page.locator('#html').fill(hostile);
  await Promise.all([page.waitForURL('**/report'), page.locator('button', { hasText: 'Check the article' }).click()]);
  await page.locator('#report-h').waitFor();
  // Hover and focus everything the payloads could have hooked.
  for (const mark of await page.locator('#report mark').all()) {
    await mark.hover();
  }
  await axe(page, 'the report of a hostile-payload document');
  const active = await page.evaluate(() => ({
    scripts: [...document.scripts].map((s) => s.src),
    handlers: document.querySelectorAll('[onerror],[onload],[onmouseover],[srcdoc]').length,
    javascriptUrls: [...document.querySelectorAll('[href],[src],[data]')]
      .filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('data') ?? '')).length,
    frames: document.querySelectorAll('iframe,object,embed').length,
    csp: window.__cspViolations,
  }));
  check('hostile payload: only our own script is on the page',
    active.scripts.length === 1 && active.scripts[0].endsWith('/assets/form.js'), active.scripts.join(', '));
  check('hostile payload: no event handler, javascript: URL, frame or object in the page',
    active.handlers === 0 && active.javascriptUrls === 0 && active.frames === 0, JSON.stringify(active));
  check('hostile payload: no dialog opened', events.dialogs.length === 0, events.dialogs.join('; '));
  check('hostile payload: nothing blocked by the CSP (nothing was injected)', active.csp.length === 0, active.csp.join('; '));
  const pwned = events.console.filter((text) => text.includes('PWNED'));
  check('hostile payload: no script from the payload wrote to the console', pwned.length === 0, pwned.join('; '));
  const shown = await page.locator('#report .article').innerText();
  check('hostile payload: the markup is shown as text', shown.includes("alert('PWNED entity')"));
  check('no page errors on the hostile document', events.errors.length === 0, events.errors.join('; '));
  await page.close();
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
  await healthArticleChecks(context);
  await hostileChecks(context);
  await context.close();
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`${failures.length} browser check(s) failed: ${failures.join(', ')}`);
  process.exit(1);
}
console.log('all browser checks passed');
