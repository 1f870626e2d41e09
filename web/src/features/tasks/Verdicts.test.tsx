import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { TaskView } from '@cadre/contracts';
import { ReviewModal } from './ActionForms';
import { TaskDetail, teamPoints } from './TaskDetailPage';
import { canApplyTolerance, canConclude, pendingReviews, taskActionsFor } from './rules';
import { assignmentOf } from './EvaluatorPage';
import { renderPage } from '../../test-utils';
import { bid, stubApi, task, user } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

type TeamVerdict = NonNullable<TaskView['teamVerdicts']>[number];
const application = { justification: '已尽职履责，因政策调整未能按期完成。', appliedBy: 'u-lead2', appliedByName: '赵强', appliedAt: '2026-11-20T02:00:00.000Z', decision: null };
const teamVerdict = (overrides: Partial<TeamVerdict> = {}): TeamVerdict => ({
  bidId: 't1_1',
  teamId: 'team1',
  teamName: '攻坚小组',
  reviewersExpected: ['u-ev1', 'u-ev2'],
  reviewCount: 0,
  verdict: null,
  verdictTally: null,
  tolerance: null,
  ...overrides,
});
const second = bid({ id: 't1_2', teamId: 'team2', teamName: '第二小组', leadId: 'u-lead2', members: [{ ...bid().members[0], userId: 'u-lead2', name: '赵强' }] });

/** A race of 攻坚小组 and 第二小组, both awarded; 第二小组 applied for 容错. */
function race(overrides: Partial<TaskView> = {}): TaskView {
  return task({
    status: 'reviewing',
    allowRace: true,
    bids: [bid({ status: 'awarded' }), { ...second, status: 'awarded' }],
    award: { bidIds: ['t1_1', 't1_2'], teamIds: ['team1', 'team2'], awardedBy: 'u-pub', awardedAt: '2026-11-01T00:00:00.000Z', reason: null, passedOverBidIds: [] } as never,
    teamVerdicts: [teamVerdict(), teamVerdict({ bidId: 't1_2', teamId: 'team2', teamName: '第二小组', tolerance: application })],
    ...overrides,
  });
}

describe('per-team 评审 rules', () => {
  it('counts the reviews still awaited per team, since the reviews themselves are sealed', () => {
    expect(pendingReviews(race())).toBe(4);
    const allIn = race({ teamVerdicts: [teamVerdict({ reviewCount: 2 }), teamVerdict({ teamId: 'team2', reviewCount: 2 })] });
    expect(pendingReviews(allIn)).toBe(0);
    expect(canConclude(allIn)).toBe(true);
    expect(canConclude(race({ teamVerdicts: [teamVerdict({ reviewCount: 2 }), teamVerdict({ teamId: 'team2', reviewCount: 1 })] }))).toBe(false);
  });

  it('offers 申请容错 to an awarded team’s lead only, once, before its first review', () => {
    const lead = { id: 'u-lead', roles: ['cadre'], departmentId: 'd-longhua' };
    const member = { id: 'u-m', roles: ['cadre'], departmentId: 'd-xiuying' };
    expect(taskActionsFor(race({ status: 'in_progress' }), lead)).toContain('tolerance');
    expect(canApplyTolerance(race(), lead)).toBe(true);
    expect(canApplyTolerance(race(), member)).toBe(false);
    expect(canApplyTolerance(race({ teamVerdicts: [teamVerdict({ reviewCount: 1 })] }), lead)).toBe(false);
    expect(canApplyTolerance(race({ teamVerdicts: [teamVerdict({ tolerance: application })] }), lead)).toBe(false);
    expect(canApplyTolerance(race({ status: 'concluded' }), lead)).toBe(false);
  });

  it('keeps a race due for an evaluator until they have reviewed every team', () => {
    const ev = { id: 'u-ev1', roles: ['evaluator'], departmentId: 'd-ev' };
    const mine = { evaluatorId: 'u-ev1', evaluatorName: '周明', teamId: 'team1', verdict: 'pass' as const, comment: '', tolerance: null, at: '2026-11-25T02:00:00.000Z' };
    expect(assignmentOf(race({ reviews: [mine] }), ev)).toMatchObject({ reviewDue: true, reviewed: false });
    expect(assignmentOf(race({ reviews: [mine, { ...mine, teamId: 'team2' }] }), ev)).toMatchObject({ reviewDue: false, reviewed: true });
  });

  it('computes a team’s points from its own verdict', () => {
    const standard = { taskVerdictMultipliers: { excellent: 1.2, pass: 1, tolerated: 0.3, fail: 0 }, flagMultiplier: 1.5 };
    expect(teamPoints({ rewardPoints: 100, flags: ['hard'] }, 'excellent', standard)).toBe(180);
    expect(teamPoints({ rewardPoints: 100, flags: [] }, 'tolerated', standard)).toBe(30);
    expect(teamPoints({ rewardPoints: 100, flags: ['hard'] }, 'fail', standard)).toBe(0);
  });
});

describe('the 评审 form', () => {
  const evaluator = user({ id: 'u-ev1', roles: ['evaluator'], departmentId: 'd-ev' });

  it('picks the team in a race, shows its 容错 application, asks accept or reject, and offers 容错 only then', async () => {
    const calls = stubApi(evaluator, (method, path) => (method === 'POST' && path === '/tasks/t1/reviews' ? { status: 201, body: race() } : undefined));
    renderPage(<ReviewModal task={race()} open onClose={() => undefined} onDone={() => undefined} />);
    const teamSelect = await screen.findByLabelText('评审团队');
    expect(screen.queryByRole('radio', { name: '容错' })).toBeNull();
    fireEvent.mouseDown(teamSelect);
    fireEvent.click(await screen.findByTitle('第二小组'));
    expect((await screen.findByTestId('review-tolerance')).textContent).toContain('已尽职履责');
    fireEvent.click(screen.getByRole('radio', { name: '同意' }));
    fireEvent.click(screen.getByRole('radio', { name: '容错' }));
    fireEvent.change(screen.getByLabelText('意见'), { target: { value: '尽职免责' } });
    fireEvent.click(screen.getByRole('button', { name: '提交评审' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ teamId: 'team2', verdict: 'tolerated', comment: '尽职免责', tolerance: 'accepted' }));
  });

  it('needs no team pick with one awarded team and never offers 容错 to a team that did not apply', async () => {
    const calls = stubApi(evaluator, (method, path) => (method === 'POST' && path === '/tasks/t1/reviews' ? { status: 201, body: race() } : undefined));
    renderPage(<ReviewModal task={race({ teamVerdicts: [teamVerdict()] })} open onClose={() => undefined} onDone={() => undefined} />);
    fireEvent.click(await screen.findByRole('radio', { name: '合格' }));
    expect(screen.queryByLabelText('评审团队')).toBeNull();
    expect(screen.queryByRole('radio', { name: '容错' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '提交评审' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ teamId: 'team1', verdict: 'pass', comment: '' }));
  });
});

describe('the task page', () => {
  it('lets the lead apply for 容错 with a justification', async () => {
    const calls = stubApi(user({ id: 'u-lead', roles: ['cadre'], departmentId: 'd-longhua' }), (method, path) =>
      method === 'POST' && path === '/tasks/t1/tolerance' ? { status: 201, body: race() } : undefined,
    );
    renderPage(<TaskDetail task={race({ status: 'in_progress' })} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('button', { name: '申请容错' }));
    fireEvent.change(await screen.findByLabelText('容错理由'), { target: { value: '已尽职履责。' } });
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ justification: '已尽职履责。' }));
  });

  it('before the conclusion shows only how many reviews are in per team and the 容错 application', async () => {
    stubApi(user());
    renderPage(<TaskDetail task={race({ teamVerdicts: [teamVerdict({ reviewCount: 1 }), teamVerdict({ teamId: 'team2', teamName: '第二小组', reviewCount: 2, tolerance: application })] })} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: '进展与成果' }));
    const progress = await screen.findByTestId('review-progress');
    expect(progress.textContent).toContain('攻坚小组：已评审 1/2');
    expect(progress.textContent).toContain('第二小组：已评审 2/2');
    expect(progress.textContent).toContain('赵强');
    expect(progress.textContent).toContain('密封');
  });

  it('after the conclusion shows each team’s verdict, 容错 decision, comments and points', async () => {
    stubApi(user(), (method, path) =>
      method === 'GET' && path === '/scoring/standards'
        ? { status: 200, body: [{ version: 1, status: 'active', taskVerdictMultipliers: { excellent: 1.2, pass: 1, tolerated: 0.3, fail: 0 }, flagMultiplier: 1.5 }] }
        : undefined,
    );
    const concluded = race({
      status: 'concluded',
      verdict: 'excellent',
      teamVerdicts: [
        teamVerdict({ reviewCount: 1, verdict: 'excellent', verdictTally: { excellent: 1, pass: 0, tolerated: 0, fail: 0 } }),
        teamVerdict({ teamId: 'team2', teamName: '第二小组', reviewCount: 1, verdict: 'fail', verdictTally: { excellent: 0, pass: 0, tolerated: 0, fail: 1 }, tolerance: { ...application, decision: 'rejected' } }),
      ],
      reviews: [
        { evaluatorId: 'u-ev1', evaluatorName: '周明', teamId: 'team1', verdict: 'excellent', comment: '成效突出', tolerance: null, at: '2026-11-25T02:00:00.000Z' },
        { evaluatorId: 'u-ev1', evaluatorName: '周明', teamId: 'team2', verdict: 'fail', comment: '未达预期', tolerance: 'rejected', at: '2026-11-25T02:00:00.000Z' },
      ],
    });
    renderPage(<TaskDetail task={concluded} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: '进展与成果' }));
    const table = await screen.findByTestId('team-verdicts');
    const rows = () => within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    await waitFor(() => expect(rows()[0][4]).toBe('180.00'));
    expect(rows()).toEqual([
      ['攻坚小组', '优秀', '未申请', '周明：优秀，成效突出', '180.00'],
      ['第二小组', '不合格', '不同意', '周明：不合格，未达预期', '0.00'],
    ]);
    expect(within(table).getByText('各团队评审结论')).toBeTruthy();
    // Not a member of a judged team: no 申诉.
    expect(screen.queryByTestId('appeal-verdict')).toBeNull();
  });

  it('offers 申诉 of a concluded task\'s verdict to a member of a judged team', async () => {
    stubApi(user({ id: 'u-member' }), (method, path) => (method === 'GET' && path === '/scoring/standards' ? { status: 200, body: [] } : undefined));
    const concluded = race({
      status: 'concluded',
      verdict: 'pass',
      teamVerdicts: [teamVerdict({ reviewCount: 1, verdict: 'pass', verdictTally: { excellent: 0, pass: 1, tolerated: 0, fail: 0 } })],
      reward: { rewardPoints: 100, verdict: 'pass', flagged: false, releasedAt: '2026-11-26T02:00:00.000Z', teams: [{ teamId: 'team1', teamName: '攻坚小组', members: [{ userId: 'u-member', name: '成员甲', role: 'member', share: 40 }] }] },
    });
    renderPage(<TaskDetail task={concluded} onChanged={() => undefined} />);
    fireEvent.click(await screen.findByRole('tab', { name: '进展与成果' }));
    expect(await screen.findByTestId('appeal-verdict')).toBeTruthy();
  });
});
