/**
 * How long a cold first visit takes to become usable: the end-to-end run and `bench/web.bench.mjs` both measure with
 * this. Each visit opens a fresh browser context (no cache, no storage). In the page, from navigation start:
 * - `usableMs`: the element `selector` (the login form's username field) is painted: a MutationObserver sees it
 *   appear, the next animation frame is the one that paints it, and that frame's paint is the page's first
 *   contentful paint when nothing was painted before (the console's root is empty until the form renders), so
 *   the later of the frame's start and the first contentful paint;
 * - `firstContentfulPaintMs`, `domContentLoadedMs`, `loadEventEndMs`: the browser's own timings;
 * - `scriptBytes`: the scripts the page fetched until it was usable and loaded (decoded sizes: independent of
 *   compression); `requests`: everything the visit fetched.
 * Written without enums or parameter properties so that Node runs it as it is (type stripping) from the bench.
 */
import type { Browser } from 'playwright-core';

export interface FirstLoad {
  usableMs: number;
  firstContentfulPaintMs: number;
  domContentLoadedMs: number;
  loadEventEndMs: number;
  transferredBytes: number;
  scriptBytes: number;
  requests: number;
}

const probe = (selector: string) => `(() => {
  const seen = () => {
    if (!document.querySelector(${JSON.stringify(selector)})) return false;
    requestAnimationFrame((frame) => { window.__usableAt = frame; });
    return true;
  };
  if (seen()) return;
  const observer = new MutationObserver(() => { if (seen()) observer.disconnect(); });
  observer.observe(document, { childList: true, subtree: true });
})()`;

const collect = `(() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const paint = performance.getEntriesByType('paint').find((entry) => entry.name === 'first-contentful-paint');
  return {
    usableMs: Math.max(window.__usableAt, paint ? paint.startTime : 0),
    firstContentfulPaintMs: paint ? paint.startTime : NaN,
    domContentLoadedMs: navigation.domContentLoadedEventEnd,
    loadEventEndMs: navigation.loadEventEnd,
    transferredBytes: resources.reduce((sum, r) => sum + (r.transferSize || 0), navigation.transferSize || 0),
    // What the page needed: scripts fetched once it was usable and loaded (the sign-in page prefetches the frame when idle) are not.
    scriptBytes: resources.filter((r) => (r.initiatorType === 'script' || r.name.endsWith('.js')) && r.startTime < Math.max(window.__usableAt, navigation.loadEventEnd)).reduce((sum, r) => sum + (r.decodedBodySize || 0), 0),
    requests: resources.length + 1,
  };
})()`;

/** What the tab holds before the page loads: `sessionStorage` entries (the console's session token, `cadre.token`). */
const seed = (entries: Record<string, string>) => `(() => { for (const [key, value] of Object.entries(${JSON.stringify(entries)})) sessionStorage.setItem(key, value); })()`;

/**
 * One cold visit of `url` in a new context of `browser`; resolves once `selector` is painted and the page has loaded.
 * `session`: sessionStorage entries set before the page's own scripts run (a signed-in tab opening a page by URL).
 */
export async function measureFirstLoad(browser: Browser, url: string, selector: string, viewport = { width: 1366, height: 850 }, session?: Record<string, string>): Promise<FirstLoad> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const page = await context.newPage();
    if (session) await page.addInitScript(seed(session));
    await page.addInitScript(probe(selector));
    await page.goto(url, { waitUntil: 'load' });
    // A function, not a string: the console's Content-Security-Policy forbids eval.
    await page.waitForFunction(() => typeof (globalThis as { __usableAt?: unknown }).__usableAt === 'number', undefined, { timeout: 30_000 });
    // The paint entry is recorded after the frame that painted the form: give it that frame.
    await page.waitForFunction(() => (performance.getEntriesByType as (type: string) => { name: string }[])('paint').some((entry) => entry.name === 'first-contentful-paint'), undefined, { timeout: 5_000 }).catch(() => undefined);
    const measured = await page.evaluate<FirstLoad>(collect);
    const round = (value: number) => Math.round(value * 10) / 10;
    return { ...measured, usableMs: round(measured.usableMs), firstContentfulPaintMs: round(measured.firstContentfulPaintMs), domContentLoadedMs: round(measured.domContentLoadedMs), loadEventEndMs: round(measured.loadEventEndMs) };
  } finally {
    await context.close();
  }
}

/** The median of each field over `runs` (the middle value; the lower middle for an even count). */
export function medianOf(runs: FirstLoad[]): FirstLoad {
  const middle = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
  const keys = Object.keys(runs[0]) as (keyof FirstLoad)[];
  return Object.fromEntries(keys.map((key) => [key, middle(runs.map((run) => run[key]))])) as unknown as FirstLoad;
}
