/**
 * Debian's Chromium through playwright-core, and a built renderer for the web host to serve. Outside CI a missing
 * Chromium skips the end-to-end tests; in CI (env CI set) it is a failure, so a broken image cannot pass silently.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS } from '../../support/chromium.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const ARTIFACTS = join(REPO, 'test-artifacts', 'e2e');

/** `skip` for describe(): a reason outside CI when Chromium is missing, else false (CI then fails in launch). */
export function e2eSkip(): string | false {
  if (existsSync(CHROMIUM) || process.env.CI) return false;
  return `Chromium is not installed at ${CHROMIUM} (set CHROMIUM_PATH); end-to-end tests skipped`;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is required in CI but ${CHROMIUM} does not exist`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Builds renderer/ with its own vite config into a temporary folder (not renderer/dist: others may be using it). */
export async function buildRendererApp(): Promise<{ dir: string; remove(): void }> {
  const root = mkdtempSync(join(tmpdir(), 'coss-e2e-renderer-'));
  const dir = join(root, 'app');
  await build({
    configFile: join(REPO, 'renderer/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface ConsolePage {
  page: Page;
  context: BrowserContext;
  /** uncaught page errors and console.error lines */
  errors: string[];
  /** saves test-artifacts/e2e/<name>.png */
  shot: (name: string) => Promise<void>;
}

/** Opens the address a web host printed (token in the hash) and waits for the console to be ready. */
export async function openConsolePage(browser: Browser, url: string): Promise<ConsolePage> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const context = await browser.newContext({
    viewport: { width: 1600, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: 'dark',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  await page.waitForSelector('.app[data-ready="true"]');
  return {
    page,
    context,
    errors,
    shot: (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) }).then(() => undefined),
  };
}

/** Moves the queue cursor with j/k (keyboard only) until it is on `number`. */
export async function cursorTo(page: Page, number: number): Promise<void> {
  await page.locator(`.arow[data-number="${number}"]`).waitFor();
  for (let step = 0; step < 50; step += 1) {
    const at = Number(await page.getAttribute('.arow.is-cursor', 'data-number'));
    if (at === number) return;
    const numbers = await page.evaluate<number[]>(
      "[...document.querySelectorAll('.arow')].map((row) => Number(row.getAttribute('data-number')))",
    );
    await page.keyboard.press(numbers.indexOf(number) > numbers.indexOf(at) ? 'j' : 'k');
  }
  throw new Error(`could not move the cursor to ${number}`);
}
