/**
 * Builds the renderer and the browser bundle of the fake host into a temporary folder, serves them over
 * node:http on 127.0.0.1, and launches Debian's Chromium through playwright-core. Each test process builds
 * its own copy, so test files may run in parallel without sharing renderer/dist.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import type { FakeHostOptions } from './fake-host.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface BuiltRenderer {
  dir: string;
  fakeHostScript: string;
  remove(): void;
}

/** True when Chromium is installed; tests skip themselves otherwise. */
export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** Builds renderer/ (its own vite config) and the fake host (an IIFE that sets window.cossHost). */
/** Builds the renderer as shipped; `minify: false` keeps function names readable in CPU profiles (bench/console/trace.ts). */
export async function buildRenderer(options: { minify?: boolean } = {}): Promise<BuiltRenderer> {
  const dir = mkdtempSync(join(tmpdir(), 'coss-renderer-'));
  const appDir = join(dir, 'app');
  await build({
    configFile: join(REPO, 'renderer/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: appDir, emptyOutDir: true, ...(options.minify === false ? { minify: false } : {}) },
  });
  await build({
    configFile: false,
    logLevel: 'warn',
    root: REPO,
    build: {
      outDir: join(dir, 'fake'),
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: join(REPO, 'test/renderer/fake-host-entry.ts'),
        formats: ['iife'],
        name: 'cossFakeHostBundle',
        fileName: () => 'fake-host.js',
      },
    },
  });
  return {
    dir: appDir,
    fakeHostScript: join(dir, 'fake', 'fake-host.js'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Serves a built renderer. With `injectFakeHost`, index.html loads /fake-host.js first (a classic script runs
 * before the deferred module), which is how the development server shows the UI without a core.
 */
export async function serveRenderer(
  built: BuiltRenderer,
  options: { injectFakeHost?: boolean; port?: number } = {},
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (path === '/fake-host.js' && options.injectFakeHost === true) {
      response.writeHead(200, { 'content-type': TYPES['.js'] ?? '' });
      response.end(readFileSync(built.fakeHostScript));
      return;
    }
    const file = normalize(join(built.dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(built.dir) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    let body = readFileSync(file);
    if (file.endsWith('index.html') && options.injectFakeHost === true) {
      body = Buffer.from(body.toString('utf8').replace('<head>', '<head>\n    <script src="./fake-host.js"></script>'));
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The fake host's data, and where the console starts: a console with several customers opens on all of them in one
 * queue; most tests are about one customer, so the harness presses 1 (Acme) unless `view` is 'all-customers'.
 */
export type ConsoleOptions = FakeHostOptions & { view?: 'first-customer' | 'all-customers' };

export interface Harness {
  browser: Browser;
  url: string;
  /** a fresh page with the fake host installed as window.cossHost, loaded and ready */
  openConsole(
    options?: ConsoleOptions,
    viewport?: { width: number; height: number },
    /** the operator's own time zone (default: the machine's) */
    timezoneId?: string,
  ): Promise<{ page: Page; context: BrowserContext; errors: string[] }>;
  close(): Promise<void>;
}

/** Build, serve and launch: everything an end-to-end test file needs, torn down by close(). */
export async function startHarness(): Promise<Harness> {
  const built = await buildRenderer();
  const served = await serveRenderer(built);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return {
    browser,
    url: served.url,
    async openConsole(options = {}, viewport = { width: 1600, height: 900 }, timezoneId) {
      const context = await browser.newContext({
        viewport,
        deviceScaleFactor: 1,
        colorScheme: 'dark',
        ...(timezoneId !== undefined ? { timezoneId } : {}),
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      // A fixed clock makes ages and timestamps in screenshots repeatable; timers keep running.
      if (options.now !== undefined) await page.clock.setFixedTime(options.now);
      await page.addInitScript((fakeOptions) => {
        (globalThis as { cossFakeOptions?: unknown }).cossFakeOptions = fakeOptions;
      }, options);
      await page.addInitScript({ path: built.fakeHostScript });
      await page.goto(served.url);
      await page.waitForSelector('.app[data-ready="true"]');
      await page.waitForSelector('.arow, .queue-empty');
      if (options.view !== 'all-customers') {
        await page.keyboard.press('1');
        await page.waitForSelector('.customer[aria-current="true"][data-slug="acme"]');
        await page.waitForSelector('.arow, .queue-empty');
      }
      return { page, context, errors };
    },
    async close() {
      await browser.close();
      await served.close();
      built.remove();
    },
  };
}
