// End-to-end: a real browser on the gateway's dashboard sees a circuit trip from CLOSED to OPEN.
// Inputs: GATEWAY_URL, DOWNSTREAM_URL, CIRCUIT (default payment_gateway), CHROMIUM (default /usr/bin/chromium).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const GATEWAY_URL = required('GATEWAY_URL').replace(/\/$/, '');
const DOWNSTREAM_URL = required('DOWNSTREAM_URL').replace(/\/$/, '');
const CIRCUIT = process.env.CIRCUIT || 'payment_gateway';
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), 'out');
const SCREENSHOT = join(OUT_DIR, 'dashboard-open.png');
const FIRST_PAINT_SCREENSHOT = join(OUT_DIR, 'dashboard-first-paint.png');
const FIRST_PAINT_TIMEOUT_MS = 3000;
const MAX_REQUESTS = 50;
const UI_TIMEOUT_MS = 5000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Waits (Playwright polling, no sleeps) until the state tag reads `state` with `color`. */
async function expectState(page, state, color, timeout) {
  const tag = page.getByTestId(`state-${CIRCUIT}`);
  try {
    await page.waitForFunction(
      ({ id, text, colour }) => {
        const el = document.querySelector(`[data-testid="${id}"]`);
        return el?.textContent?.trim() === text && el.getAttribute('data-color') === colour;
      },
      { id: `state-${CIRCUIT}`, text: state, colour: color },
      { timeout, polling: 100 },
    );
  } catch {
    const seen = (await tag.count()) ? `${await tag.textContent()} (${await tag.getAttribute('data-color')})` : 'no tag';
    throw new Error(`expected state-${CIRCUIT} to read ${state} (${color}) within ${timeout} ms, saw ${seen}`);
  }
}

async function tripCircuit() {
  const mode = await fetch(`${DOWNSTREAM_URL}/__control/mode`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode: 'failing', rate: 1.0, status: 500 }),
  });
  check(mode.ok, `downstream refused the failing mode: HTTP ${mode.status}`);

  const statuses = [];
  for (let i = 1; i <= MAX_REQUESTS; i++) {
    const response = await fetch(`${GATEWAY_URL}/proxy/${CIRCUIT}/x`);
    const text = await response.text();
    statuses.push(response.status);
    if (response.status === 503) {
      const body = JSON.parse(text);
      if (body.error === 'circuit_open') {
        check(response.headers.get('retry-after') != null, '503 circuit_open without a Retry-After header');
        return i;
      }
    }
  }
  throw new Error(`no 503 circuit_open after ${MAX_REQUESTS} requests; statuses: ${statuses.join(',')}`);
}

/** With the event stream held unanswered, the circuits must still render (from GET /api/v1/circuits). */
async function firstPaint(browser) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.route('**/api/v1/events', () => {}); // never answered: the stream delivers nothing
    await page.goto(`${GATEWAY_URL}/`, { waitUntil: 'load' });
    try {
      await page.getByTestId(`state-${CIRCUIT}`).waitFor({ timeout: FIRST_PAINT_TIMEOUT_MS });
    } catch {
      throw new Error(`no state-${CIRCUIT} within ${FIRST_PAINT_TIMEOUT_MS} ms of load while the stream was silent`);
    }
    const header = await page.locator('header').textContent();
    check(/connecting/.test(header ?? ''), `expected the header to say the stream is still connecting, saw: ${header}`);
    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: FIRST_PAINT_SCREENSHOT });
    console.log(`ok  state-${CIRCUIT} rendered from GET /api/v1/circuits before the stream delivered (${FIRST_PAINT_SCREENSHOT})`);
  } finally {
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.close();
  }
}

async function run(browser) {
  await firstPaint(browser);

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const home = await page.goto(`${GATEWAY_URL}/`, { waitUntil: 'domcontentloaded' });
  check(
    home?.ok(),
    `GET / answered HTTP ${home?.status()}: the gateway must serve dashboard/dist (build it before packaging the jar)`,
  );
  await page.getByTestId(`card-${CIRCUIT}`).waitFor({ timeout: 10_000 });
  await expectState(page, 'CLOSED', 'green', UI_TIMEOUT_MS);
  console.log(`ok  state-${CIRCUIT} reads CLOSED (green)`);
  await page.getByTestId('serving-instance').waitFor({ timeout: UI_TIMEOUT_MS });
  const headerInstance = await page.getByTestId('instance-id').textContent();
  const marked = page.locator('[data-testid^="instance-"]', { has: page.getByTestId('serving-instance') });
  check(
    (await marked.getAttribute('data-testid')) === `instance-${headerInstance}`,
    `header names ${headerInstance} but the instances panel marks ${await marked.getAttribute('data-testid')}`,
  );
  console.log(`ok  header and instances panel both name ${headerInstance}`);

  const requests = await tripCircuit();
  console.log(`ok  gateway answered 503 circuit_open after ${requests} requests`);

  await expectState(page, 'OPEN', 'red', UI_TIMEOUT_MS);
  console.log(`ok  state-${CIRCUIT} reads OPEN (red) within ${UI_TIMEOUT_MS} ms`);

  mkdirSync(OUT_DIR, { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  console.log(`ok  screenshot ${SCREENSHOT}`);
  check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.join('; ')}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
let failed = 0;
try {
  await run(browser);
} catch (error) {
  failed = 1;
  console.error(`FAIL dashboard shows ${CIRCUIT} tripping: ${error.message}`);
} finally {
  await browser.close();
}
console.log(`${1 - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
