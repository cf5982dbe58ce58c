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

async function run(browser) {
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
