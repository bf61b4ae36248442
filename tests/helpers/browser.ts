/**
 * Debian's headless Chromium (scripts/setup/chromium.sh) driven by playwright-core, with every console
 * error and uncaught page error recorded so a test can fail on them.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where e2e screenshots go: tests/e2e/screenshots in the source tree (git-ignored). */
export const SCREENSHOTS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../tests/e2e/screenshots',
);

export interface BrowserSession {
  /** A new page the size of a laptop screen; its console errors land in `errors`. */
  page(): Promise<Page>;
  readonly errors: string[];
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/setup/chromium.sh`);
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  const errors: string[] = [];
  return {
    errors,
    page: async () => {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${page.url()}: console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`${page.url()}: page error: ${error.message}`));
      return page;
    },
    screenshot: async (page, name) => {
      await mkdir(SCREENSHOTS_DIR, { recursive: true });
      const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: () => browser.close(),
  };
}
