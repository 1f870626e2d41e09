/**
 * Every page of the console, as the role that uses it, at the desktop size and the phone size (390×844): a
 * screenshot of each (web/screenshots/page-<name>-<size>.png); on the phone no page and no table may overflow
 * horizontally (a list must be cards, a form must wrap); on the desktop axe-core finds no serious or critical
 * WCAG 2 A/AA violation (contrast included); and no page logs a console error. A page added to a feature's
 * routes.tsx without a line here fails the first test.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, DESKTOP, PHONE, describeProblems, screenshot, signIn, startConsole, type Harness } from './harness';

jest.setTimeout(600_000);

type Role = 'cadre' | 'reviewer' | 'assessor' | 'publisher' | 'evaluator' | 'appraiser' | 'admin';

interface Fixture {
  cadreId: string;
  recordId: string;
}

/** A page to visit: its route as routes.tsx declares it, the URL (ids filled in) and who opens it. */
interface PageVisit {
  route: string;
  name: string;
  role: Role;
  url(fixture: Fixture): string;
}

const visit = (route: string, name: string, role: Role, url?: (fixture: Fixture) => string): PageVisit => ({ route, name, role, url: url ?? (() => route) });

const PAGES: PageVisit[] = [
  visit('/', 'home-cadre', 'cadre'),
  visit('/inbox', 'inbox', 'reviewer'),
  visit('/records', 'records-mine', 'cadre'),
  visit('/records/new', 'record-new', 'cadre'),
  visit('/records/:id', 'record-detail', 'cadre', (f) => `/records/${f.recordId}`),
  visit('/records/:id/edit', 'record-edit', 'cadre', (f) => `/records/${f.recordId}/edit`),
  visit('/records/review', 'records-review', 'reviewer'),
  visit('/records/assess', 'records-assess', 'assessor'),
  visit('/tasks', 'task-board', 'cadre'),
  visit('/tasks/teams', 'task-teams', 'cadre'),
  visit('/tasks/batches', 'task-batches', 'publisher'),
  visit('/tasks/new', 'task-new', 'publisher'),
  visit('/tasks/evaluations', 'task-evaluations', 'evaluator'),
  visit('/my-score', 'my-score', 'cadre'),
  visit('/my-portrait', 'my-portrait', 'cadre'),
  visit('/rankings', 'rankings', 'cadre'),
  visit('/analytics', 'analytics', 'reviewer'),
  visit('/candidates', 'candidates', 'assessor'),
  visit('/cadres/:id', 'cadre-portrait', 'assessor', (f) => `/cadres/${f.cadreId}`),
  visit('/me/dossier', 'dossier-mine', 'cadre'),
  visit('/cadres/:id/dossier', 'dossier-cadre', 'assessor', (f) => `/cadres/${f.cadreId}/dossier`),
  visit('/appraisal/cycles', 'appraisal-cycles', 'assessor'),
  visit('/appraisal/review', 'appraisal-review', 'assessor'),
  visit('/appraisal/sheet', 'appraisal-sheet', 'appraiser'),
  visit('/appraisal/ballots', 'appraisal-ballots', 'cadre'),
  visit('/appraisal/survey', 'appraisal-survey', 'appraiser'),
  visit('/appraisal/mine', 'appraisal-mine', 'cadre'),
  visit('/appraisal/cadres/:id', 'appraisal-cadre', 'assessor', (f) => `/appraisal/cadres/${f.cadreId}`),
  visit('/selection/rounds', 'selection-rounds', 'assessor'),
  visit('/selection/recommend', 'selection-recommend', 'reviewer'),
  visit('/selection/outcomes', 'selection-outcomes', 'assessor'),
  visit('/selection/notices', 'selection-notices', 'cadre'),
  visit('/selection/mine', 'selection-mine', 'cadre'),
  visit('/selection/appeals', 'selection-appeals', 'cadre'),
  visit('/admin/departments', 'admin-departments', 'admin'),
  visit('/admin/users', 'admin-users', 'admin'),
  visit('/admin/taxonomy', 'admin-taxonomy', 'admin'),
  visit('/admin/scoring-standards', 'admin-standards', 'admin'),
  visit('/admin/recalculate', 'admin-recalculate', 'admin'),
];

/**
 * Routes whose page needs something this test does not make (a task, a team, a cycle, a round, an appeal, an
 * application): console.test.ts visits them in its flows, with their screenshots.
 */
const VISITED_IN_FLOWS = new Set([
  '/tasks/:id',
  '/tasks/:id/edit',
  '/tasks/teams/:id',
  '/appraisal/cycles/:id',
  '/selection/rounds/:id',
  '/selection/rounds/:id/applications',
  '/selection/apply/:roundId',
  '/selection/appeals/:id',
]);

/** The route paths the features declare (each `path: '…'` in web/src/features/<feature>/routes.tsx). */
function declaredRoutes(): string[] {
  const features = path.resolve(__dirname, '..', 'src', 'features');
  const constants: Record<string, string> = { BALLOTS_PATH: '/appraisal/ballots' };
  return readdirSync(features).flatMap((feature) => {
    let source: string;
    try {
      source = readFileSync(path.join(features, feature, 'routes.tsx'), 'utf8');
    } catch {
      return [];
    }
    return [...source.matchAll(/\bpath:\s*(?:'([^']+)'|([A-Z_]+))/g)].map((m) => m[1] ?? constants[m[2]] ?? m[2]);
  });
}

/**
 * Where the phone page overflows: the document wider than the screen, or a table wider than its box. (In-page code
 * is a string, as in first-load.ts: the tests' type check has no DOM library.)
 */
const findOverflow = `(() => {
  const problems = [];
  const root = document.documentElement;
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.getAttribute('data-testid') ? '[data-testid=' + el.getAttribute('data-testid') + ']' : '') + '.' + [...el.classList].slice(0, 3).join('.');
  if (root.scrollWidth > root.clientWidth + 1) {
    const wide = [...document.body.querySelectorAll('*')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && el.getBoundingClientRect().width > 0)
      .slice(-3)
      .map((el) => describe(el) + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ')');
    problems.push('the page is ' + root.scrollWidth + 'px wide on a ' + root.clientWidth + 'px screen: ' + wide.join(', '));
  }
  for (const el of document.querySelectorAll('.ant-table-content, .ant-table-body, table')) {
    if (el.scrollWidth > el.clientWidth + 1) problems.push('a table scrolls sideways (' + el.scrollWidth + 'px in ' + el.clientWidth + 'px): ' + describe(el));
  }
  return problems;
})()`;

async function horizontalOverflow(page: Page): Promise<string[]> {
  return (await page.evaluate(findOverflow)) as string[];
}

// Evaluated through the DevTools protocol (a script tag would be inline script, which the console's CSP refuses).
const AXE = `${readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')}\n;0`;

const runAxe = `(async () => {
  const { violations } = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' — ' + v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)).join(', ') + (v.nodes.length > 3 ? ' and ' + (v.nodes.length - 3) + ' more' : ''));
})()`;

/** axe-core's serious and critical WCAG 2 A/AA violations on the page, one line each (rule, impact, where). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  return (await page.evaluate(runAxe)) as string[];
}

/** Waits until the page has drawn: signed in, no spinner or skeleton, charts and layout settled. */
async function settled(page: Page): Promise<void> {
  await page.getByTestId('current-user').waitFor();
  await page
    .locator('.ant-spin-spinning, .ant-skeleton-active')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(300);
}

describe('every page, desktop and phone (Chromium, the whole system)', () => {
  let harness: Harness;
  let fixture: Fixture;
  const usernames = {} as Record<Role, string>;

  beforeAll(async () => {
    harness = await startConsole('web-pages');
    const { platform } = harness;
    const root = await platform.rootDepartment();
    const district = await platform.createDepartment('美兰区', `PGS${platform.suffix.slice(0, 4).toUpperCase()}`, root.id);
    const make = async (key: string, name: string, roles: string[], departmentId: string) => {
      const { user, token } = await platform.createUser(key, { departmentId, roles, name });
      return { username: user.username, id: user.id, token };
    };
    const cadre = await make('pgcadre', '林晓', ['cadre'], district.id);
    const people = {
      reviewer: await make('pgreviewer', '周审核', ['reviewer'], district.id),
      assessor: await make('pgassessor', '吴研判', ['assessor'], root.id),
      publisher: await make('pgpublisher', '郑发榜', ['publisher'], root.id),
      evaluator: await make('pgevaluator', '冯专家', ['evaluator'], root.id),
      appraiser: await make('pgappraiser', '陈考核', ['appraiser'], district.id),
    };
    usernames.cadre = cadre.username;
    for (const [role, person] of Object.entries(people)) usernames[role as Role] = person.username;
    usernames.admin = 'admin';
    await platform.replicasKnow([cadre.id, ...Object.values(people).map((p) => p.id)], ['records', 'scoring', 'tasks', 'appraisal']);
    const year = new Date().getUTCFullYear();
    const record = await platform.as(cadre.token).post<{ id: string }>('/records', {
      itemCode: 'INVEST-03',
      title: '引进新能源汽车零部件项目（签约 3.2 亿元）',
      description: '牵头洽谈并促成项目签约落地，协调用地与审批。',
      periodStart: `${year}-03-01`,
      periodEnd: `${year}-03-31`,
      impactLevel: 'district',
    });
    expect(record.status).toBe(201);
    fixture = { cadreId: cadre.id, recordId: record.body.id };
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('has a line for every page the features declare', () => {
    const covered = new Set([...PAGES.map((p) => p.route), ...VISITED_IN_FLOWS]);
    expect(declaredRoutes().filter((route) => !covered.has(route))).toEqual([]);
  });

  const sizes = [
    { size: 'desktop', viewport: DESKTOP, isMobile: false },
    { size: 'phone', viewport: PHONE, isMobile: true },
  ] as const;

  describe.each(sizes)('$size', ({ size, viewport, isMobile }) => {
    afterEach(async () => {
      await harness.closePages();
      const problems = harness.problems.splice(0);
      if (problems.length) throw new Error(`the browser reported errors:\n${describeProblems(problems)}`);
    });

    it('the login page', async () => {
      const page = await harness.newPage({ viewport, isMobile });
      await page.goto('/login');
      await page.getByLabel('用户名', { exact: true }).waitFor();
      await screenshot(page, `page-login-${size}`);
      const found = size === 'phone' ? await horizontalOverflow(page) : await seriousViolations(page);
      expect(found).toEqual([]);
    });

    const roles = [...new Set(PAGES.map((p) => p.role))];
    it.each(roles)('the pages of the %s', async (role) => {
      const page = await harness.newPage({ viewport, isMobile });
      await signIn(page, usernames[role], role === 'admin' ? ADMIN_PASSWORD : undefined);
      const failures: string[] = [];
      for (const entry of PAGES.filter((p) => p.role === role)) {
        await page.goto(entry.url(fixture));
        await settled(page);
        await screenshot(page, `page-${entry.name}-${size}`);
        const found = size === 'phone' ? await horizontalOverflow(page) : await seriousViolations(page);
        failures.push(...found.map((problem) => `${entry.url(fixture)}: ${problem}`));
      }
      expect(failures).toEqual([]);
    });
  });
});
