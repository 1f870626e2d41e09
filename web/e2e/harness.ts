/**
 * The web console's end-to-end harness: the whole system from its build (`startPlatform`: a private NATS, the four
 * services and the gateway, which serves the built console from `web/dist` at `/`), driven in Debian's Chromium
 * through playwright-core. Every page a test opens collects its console errors and uncaught exceptions;
 * `expectNoConsoleErrors()` fails the test on any. Screenshots go to `web/screenshots/<name>.png`.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startPlatform, TEST_USER_PASSWORD, waitUntil, type Platform } from '@cadre/testing';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const WEB_DIST = process.env.WEB_ROOT ?? path.resolve(__dirname, '..', 'dist');
export const SCREENSHOTS = path.resolve(__dirname, '..', 'screenshots');
export const DESKTOP = { width: 1366, height: 850 };
export const PHONE = { width: 390, height: 844 };
export { TEST_USER_PASSWORD };
/** The password of the platform's `admin` in these tests. */
export const ADMIN_PASSWORD = 'Root-Console-2026x';

export interface ConsoleProblem {
  page: string;
  kind: 'console' | 'pageerror';
  text: string;
}

export interface Harness {
  platform: Platform;
  browser: Browser;
  /** The console's origin, `http://127.0.0.1:<gateway port>`. */
  baseUrl: string;
  /** A fresh browser context (no cookies, no storage, cold cache) and a page in it, with error collection. */
  newPage(options?: { viewport?: { width: number; height: number }; isMobile?: boolean }): Promise<Page>;
  /** Every console error and uncaught exception seen so far, on any page opened through `newPage`. */
  problems: ConsoleProblem[];
  /** Closes every context `newPage` opened (between tests: the browser keeps nothing of them). */
  closePages(): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsole(name: string): Promise<Harness> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error(`${WEB_DIST}/index.html is missing: build the console first (npm test builds; or cd web && npx vite build)`);
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: npm test installs Debian's chromium (apt-get install chromium)`);
  const platform = await startPlatform({ name, adminPassword: ADMIN_PASSWORD, killAfterMs: 10_000 });
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    await platform.stop();
    throw error;
  }
  const baseUrl = platform.apiUrl.replace(/\/api\/v1$/, '');
  const problems: ConsoleProblem[] = [];
  const contexts: BrowserContext[] = [];
  return {
    platform,
    browser,
    baseUrl,
    problems,
    async newPage({ viewport = DESKTOP, isMobile = false } = {}) {
      const context = await browser.newContext({ baseURL: baseUrl, viewport, isMobile, hasTouch: isMobile, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      // Generous: `npm test` runs this beside other suites on a small machine.
      context.setDefaultTimeout(30_000);
      contexts.push(context);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        // web/index.html names no icon, so the browser's own request for /favicon.ico gets the gateway's 404.
        if (/\/favicon\.ico$/.test(message.location().url)) return;
        problems.push({ page: page.url(), kind: 'console', text: `${message.text()}${message.location().url ? ` (${message.location().url})` : ''}` });
      });
      page.on('pageerror', (error) => problems.push({ page: page.url(), kind: 'pageerror', text: `${error.name}: ${error.message}` }));
      return page;
    },
    async closePages() {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    },
    async stop() {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await platform.stop();
    },
  };
}

/** The 登录 button (antd puts a space between two Chinese characters of a button: "登 录"). */
export const LOGIN_BUTTON = /^登\s*录$/;

/** Opens the login page and signs in as a user would: the labelled fields, then the 登录 button. */
export async function signIn(page: Page, username: string, password = TEST_USER_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: LOGIN_BUTTON }).click();
  await page.getByTestId('current-user').waitFor();
}

/** The 确定 button of a dialog ("确 定" as antd spaces two Chinese characters). */
export const OK_BUTTON = /^确\s*定$/;

/**
 * Picks `option` in the antd Select labelled `label`, as a user would: open it, type `search` (a searchable select
 * filters its options) and click the option.
 */
export async function choose(page: Page, label: string, option: string, search?: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  const item = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first();
  // A select whose options are still loading may re-render its dropdown under the pointer: open it again then.
  for (let attempt = 1; ; attempt++) {
    await field.click();
    if (search) await page.keyboard.type(search);
    try {
      await item.click({ timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press('Escape');
      if (search) await field.fill('').catch(() => undefined);
    }
  }
}

/**
 * Types `value` into the antd date picker labelled `label`, as a user who types rather than clicks through the
 * calendar: a day `YYYY-MM-DD` is taken on leaving the field (Tab; Enter there would submit the form, as in any text
 * field), a deadline `YYYY-MM-DD HH:mm` with Enter (a picker with a time waits for confirmation).
 */
export async function typeDate(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.fill(value);
  await field.press(value.includes(' ') ? 'Enter' : 'Tab');
  await waitUntil(async () => ((await field.inputValue()) === value ? true : undefined), { timeoutMs: 5_000, what: `${label} to read ${value}` });
}

/** Answers the open Popconfirm (发布, 截止揭榜, …) with its 确定 button. */
export async function confirmPopover(page: Page, timeout?: number): Promise<void> {
  await page.locator('.ant-popover:not(.ant-popover-hidden)').getByRole('button', { name: OK_BUTTON }).click({ timeout });
}

/**
 * Waits for `text` (a status tag, a result) on the page; if it does not come, fails with what the page says instead
 * (its alerts, e.g. the API's problem) and keeps a screenshot in the system's temporary directory.
 */
export async function waitForText(page: Page, text: string): Promise<void> {
  try {
    await page.getByText(text, { exact: true }).first().waitFor();
  } catch (error) {
    const { alerts, screenshot } = await whatThePageSays(page);
    throw new Error(`"${text}" did not appear on ${page.url()} (screenshot ${screenshot}); alerts: ${JSON.stringify(alerts)}\n${(error as Error).message}`);
  }
}

/** For a failure's message: the page's alerts and field errors, and a screenshot of it (its path). */
async function whatThePageSays(page: Page): Promise<{ alerts: string[]; screenshot: string }> {
  const alerts = await page.locator('.ant-alert, [role="alert"], .ant-form-item-explain-error').allTextContents().catch(() => []);
  const screenshot = path.join(os.tmpdir(), `web-e2e-${Date.now()}.png`);
  await page.screenshot({ path: screenshot, fullPage: true }).catch(() => undefined);
  return { alerts, screenshot };
}

/**
 * Clicks a form's submit button and waits for the page it leads to. When the page stays, the test fails with what
 * the page says (alerts, field errors, a screenshot); an answer "busy, try again" (503/429 under the load of the
 * other suites) is met as a user meets it: by clicking once more.
 * `within`: where the button is (a dialog or drawer whose button shares its name with one on the page).
 */
export async function submitAndWaitForURL(page: Page, button: string | RegExp, url: RegExp, within: Pick<Page, 'getByRole'> = page): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await within.getByRole('button', { name: button }).click();
    try {
      await page.waitForURL(url, { timeout: 30_000 });
      return;
    } catch (error) {
      const { alerts, screenshot } = await whatThePageSays(page);
      if (alerts.some((text) => /稍后再试/.test(text)) && attempt < 3) continue;
      throw new Error(`after "${button}" the page stayed on ${page.url()} (screenshot ${screenshot}); it says: ${JSON.stringify(alerts)}\n${(error as Error).message}`);
    }
  }
}

/**
 * Clicks a task action that asks for confirmation (发布, 截止揭榜, 办结), confirms, and waits for the status it
 * leads to. A click that lands while the page is still re-rendering can lose its popover: then it is tried once more.
 */
export async function confirmTaskAction(page: Page, button: string, expected: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const status = page.getByText(expected, { exact: true }).first();
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (await status.isVisible()) return;
    try {
      await page.getByTestId('task-actions').getByRole('button', { name: button, exact: true }).click({ timeout: 10_000 });
      // A popover lost to a re-render (it closes under the pointer) is opened again by the next attempt.
      await confirmPopover(page, 10_000);
      await status.waitFor({ timeout: 15_000 });
      return;
    } catch {
      /* once more, then with diagnostics */
    }
  }
  await waitForText(page, expected);
}

/** Signs out through the header's button and waits for the login page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByLabel('用户名', { exact: true }).waitFor();
}

/** Opens a page of the console through its menu (the sider on desktop). */
export async function openMenu(page: Page, label: string | RegExp): Promise<void> {
  await page.getByRole('navigation').getByRole('menuitem', { name: label }).click();
}

/** Saves the page as `web/screenshots/<name>.png` (overwritten each run), once loading indicators are gone. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page
    .locator('.ant-spin-spinning, .ant-skeleton-active')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: options.fullPage ?? false, animations: 'disabled' });
}

export function writeReport(name: string, value: unknown): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(path.join(SCREENSHOTS, name), `${JSON.stringify(value, null, 2)}\n`);
}

export function describeProblems(problems: ConsoleProblem[]): string {
  return problems.map((problem) => `${problem.kind} on ${problem.page}: ${problem.text}`).join('\n');
}
