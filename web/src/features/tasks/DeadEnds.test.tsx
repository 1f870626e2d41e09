import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { MyBidView, TeamView } from '@cadre/contracts';
import { TeamPage, TeamsPage } from './TeamsPage';
import { TaskEditPage } from './TaskFormPage';
import { TaskBoardPage, correctable } from './TaskBoardPage';
import { biddableTeams, myTeamRow, repairBody } from './teamsStore';
import { renderPage } from '../../test-utils';
import { bid, stubApi, task, user } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  localStorage.clear();
});

const page = <T,>(items: T[]) => ({ status: 200, body: { items, total: items.length, page: 1, pageSize: 100 } });
const members = bid().members;
/** 王海军 (u-lead) leads 60 %, 李娜 (u-m) 40 %. */
function team(overrides: Partial<TeamView> = {}): TeamView {
  return { id: 'team1', version: 2, name: '攻坚小组', leadId: 'u-lead', createdBy: 'u-lead', members, formed: true, formedAt: '2026-11-01T00:00:00.000Z', createdAt: '', updatedAt: '', history: [], ...overrides };
}
const myBid: MyBidView = { bidId: 't1_1', taskId: 't1', taskTitle: '化解历史遗留不动产登记难题', taskStatus: 'evaluating', teamId: 'team1', teamName: '攻坚小组', leadId: 'u-lead', status: 'submitted', version: 1, submittedAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' };

describe('my teams, invitations and bids', () => {
  it('three tabs read from the API, in Chinese with names (never ids); an invitation is accepted in place', async () => {
    const invitation = team({ id: 'team2', name: '产权攻坚队', formed: false, members: [members[0]!, { ...members[1]!, invitation: 'invited' }] });
    let answered = false;
    const calls = stubApi(user({ id: 'u-m', roles: ['cadre'] }), (method, path) => {
      if (path.startsWith('/teams/mine')) return page(answered ? [team(), { ...invitation, formed: true }] : [team(), invitation]);
      if (path.startsWith('/invitations/mine')) return page(answered ? [] : [invitation]);
      if (path.startsWith('/bids/mine')) return page([myBid]);
      if (method === 'POST' && path === '/teams/team2/accept') {
        answered = true;
        return { status: 200, body: { ...invitation, formed: true } };
      }
      return undefined;
    });
    renderPage(<TeamsPage />);
    const teams = await screen.findByTestId('my-teams-table');
    expect(await within(teams).findByText('攻坚小组')).toBeTruthy();
    expect(within(teams).getAllByText('王海军').length).toBeGreaterThan(0);
    expect(within(teams).getAllByText('成员').length).toBeGreaterThan(0);
    expect(within(teams).queryByText('u-lead')).toBeNull();

    fireEvent.click(screen.getByRole('tab', { name: /我的邀请/ }));
    const invitations = await screen.findByTestId('my-invitations-table');
    expect(await within(invitations).findByText('产权攻坚队')).toBeTruthy();
    fireEvent.click(within(invitations).getByRole('button', { name: '接受邀请' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/teams/team2/accept')).toBe(true));
    expect(await within(invitations).findByText('暂无待答复的邀请。')).toBeTruthy();

    fireEvent.click(screen.getByRole('tab', { name: '我的投标' }));
    const bids = await screen.findByTestId('my-bids-table');
    expect(within(bids).getByText('化解历史遗留不动产登记难题')).toBeTruthy();
    expect(within(bids).getByText('已揭榜')).toBeTruthy();
    expect(within(bids).getByText('评标中')).toBeTruthy();
    // Only teams I lead are kept for the bid form; I lead none here.
    expect(localStorage.getItem('cadre.tasks.teams')).toBeNull();
  });

  it('the lead re-invites a member who declined, and the repair history shows in Chinese', async () => {
    const declined = team({ formed: false, members: [members[0]!, { ...members[1]!, invitation: 'declined' }] });
    const calls = stubApi(user({ id: 'u-lead', roles: ['cadre'] }), (method, path) => {
      if (path === '/teams/team1' && method === 'GET') return { status: 200, body: declined };
      if (path === '/teams/team1/invitations')
        return { status: 200, body: { ...declined, version: 3, members: [members[0]!, { ...members[1]!, invitation: 'invited' }], history: [{ action: 'reinvite', actorId: 'u-lead', actorName: '王海军', at: '2026-12-01T02:00:00.000Z', comment: '重新邀请 李娜', version: 3 }] } };
      return undefined;
    });
    renderPage(<TeamPage />, { url: '/tasks/teams/team1', pattern: '/tasks/teams/:id' });
    fireEvent.click(await screen.findByRole('button', { name: '重新邀请' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'POST' && c.path === '/teams/team1/invitations')?.body).toEqual({ userId: 'u-m' }));
    expect(await screen.findByText('修复记录')).toBeTruthy();
    expect(screen.getByText(/王海军 重新邀请：重新邀请 李娜/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: '重新邀请' })).toBeNull();
  });

  it('the lead repairs the team: the PATCH carries the version and only what changed; a member sees no repair button', async () => {
    const calls = stubApi(user({ id: 'u-lead', roles: ['cadre'] }), (method, path, body) => {
      if (path === '/teams/team1' && method === 'GET') return { status: 200, body: team() };
      if (path === '/teams/team1' && method === 'PATCH') return { status: 200, body: team({ version: 3, name: (body as { name: string }).name }) };
      return undefined;
    });
    renderPage(<TeamPage />, { url: '/tasks/teams/team1', pattern: '/tasks/teams/:id' });
    fireEvent.click(await screen.findByRole('button', { name: '修复团队' }));
    const name = screen.getAllByLabelText('团队名称')[0]!;
    fireEvent.change(name, { target: { value: '新攻坚小组' } });
    fireEvent.click(screen.getByRole('button', { name: '保存并重新邀请' }));
    await waitFor(() => expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ version: 2, name: '新攻坚小组' }));
  });

  it('a member (not the lead) gets no repair or re-invite buttons', async () => {
    stubApi(user({ id: 'u-m', roles: ['cadre'] }), (method, path) => (path === '/teams/team1' ? { status: 200, body: team({ members: [members[0]!, { ...members[1]!, invitation: 'accepted' }] }) } : undefined));
    renderPage(<TeamPage />, { url: '/tasks/teams/team1', pattern: '/tasks/teams/:id' });
    expect(await screen.findByTestId('team-members-table')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '修复团队' })).toBeNull();
  });

  it('the repair body and a row of my teams, as pure functions', () => {
    const t = team({ members: [members[0]!, { ...members[1]!, invitation: 'declined' }] });
    const same = t.members.map((m) => ({ userId: m.userId, role: m.role, share: m.share }));
    // A declined member kept means "invite them again": the members are sent.
    expect(repairBody(t, { name: '攻坚小组', members: same })).toEqual({ version: 2, members: same });
    expect(repairBody(team(), { name: ' 攻坚小组 ', members: same })).toBeNull();
    expect(repairBody(team(), { name: '攻坚小组', members: [{ userId: 'u-lead', role: 'lead', share: 100 }] })).toEqual({ version: 2, members: [{ userId: 'u-lead', role: 'lead', share: 100 }] });
    expect(myTeamRow(t, 'u-m')).toEqual({ id: 'team1', name: '攻坚小组', leadName: '王海军', myRole: 'member', myShare: 40, myAnswer: 'declined', formed: true });
  });

  it('the bid form offers the formed teams the viewer leads, by name and members (from the API, not this browser)', () => {
    const teams = [team(), team({ id: 'team2', name: '未组建', formed: false }), team({ id: 'team3', name: '别人牵头', leadId: 'u-m' })];
    expect(biddableTeams(teams, 'u-lead')).toEqual([{ value: 'team1', label: '攻坚小组（王海军、李娜）' }]);
    expect(biddableTeams(teams, undefined)).toEqual([]);
  });
});

describe('correcting or withdrawing a published task before any bid', () => {
  it('the edit page of an open task without bids corrects: fixed fields disabled, only correctable fields sent', async () => {
    const open = task({ status: 'open', version: 3 });
    const calls = stubApi(user(), (method, path) => {
      if (path === '/tasks/t1' && method === 'GET') return { status: 200, body: open };
      if (path === '/tasks/t1' && method === 'PATCH') return { status: 200, body: { ...open, version: 4 } };
      if (path.startsWith('/task-batches')) return page([{ id: 'b1', name: '第一批', description: '', createdBy: 'u-pub', createdAt: '' }]);
      return undefined;
    });
    renderPage(<TaskEditPage />, { url: '/tasks/t1/edit', pattern: '/tasks/:id/edit' });
    expect(await screen.findByText('更正已发布任务')).toBeTruthy();
    expect((screen.getByLabelText('任务名称') as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('任务描述'), { target: { value: '更正后的描述' } });
    fireEvent.click(screen.getByRole('button', { name: '保存更正' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    const body = calls.find((c) => c.method === 'PATCH')!.body as Record<string, unknown>;
    expect(body).toMatchObject({ version: 3, description: '更正后的描述' });
    for (const fixed of ['title', 'batchId', 'domain', 'flags', 'rewardPoints', 'allowRace']) expect(body).not.toHaveProperty(fixed);
  });

  it('撤榜 from the edit page posts the withdrawal with the comment', async () => {
    const calls = stubApi(user(), (method, path) => {
      if (path === '/tasks/t1' && method === 'GET') return { status: 200, body: task({ status: 'open' }) };
      if (path === '/tasks/t1/withdraw') return { status: 200, body: task({ status: 'withdrawn' }) };
      return undefined;
    });
    renderPage(<TaskEditPage />, { url: '/tasks/t1/edit', pattern: '/tasks/:id/edit' });
    fireEvent.click(await screen.findByRole('button', { name: '撤榜' }));
    fireEvent.change(await screen.findByLabelText('意见'), { target: { value: '任务调整' } });
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /撤回/ }));
    await waitFor(() => expect(calls.find((c) => c.path === '/tasks/t1/withdraw')?.body).toEqual({ comment: '任务调整' }));
  });

  it('once a team has bid, the edit page says so and offers nothing', async () => {
    stubApi(user(), (method, path) => (path === '/tasks/t1' ? { status: 200, body: task({ status: 'open', bids: [bid()] }) } : undefined));
    renderPage(<TaskEditPage />, { url: '/tasks/t1/edit', pattern: '/tasks/:id/edit' });
    expect(await screen.findByText('已有团队投标，任务不能再更正或撤榜。')).toBeTruthy();
    expect(screen.queryByRole('button', { name: '撤榜' })).toBeNull();
  });

  it('the board offers 更正 to publishers on open tasks without bids only', async () => {
    expect(correctable({ status: 'open', bidCount: 0 })).toBe(true);
    expect(correctable({ status: 'open', bidCount: 1 })).toBe(false);
    expect(correctable({ status: 'draft', bidCount: 0 })).toBe(false);
    const summary = { id: 't1', version: 1, status: 'open', batchId: 'b1', title: '无人投标的任务', domain: 'legacy', flags: [], rewardPoints: 100, allowRace: false, departmentId: 'd-city', biddingDeadline: '2099-01-01T00:00:00Z', deliveryDeadline: '2099-06-01T00:00:00Z', bidCount: 0, verdict: null, createdAt: '', updatedAt: '' };
    stubApi(user(), (method, path) => (path.startsWith('/tasks?') ? page([summary, { ...summary, id: 't2', title: '已有投标', bidCount: 2 }]) : undefined));
    renderPage(<TaskBoardPage />, { url: '/tasks', pattern: '/tasks' });
    const table = await screen.findByTestId('tasks-table');
    await within(table).findByText('无人投标的任务');
    expect(within(table).getAllByRole('button', { name: '更正' })).toHaveLength(1);
    fireEvent.click(within(table).getByRole('button', { name: '更正' }));
    expect(await screen.findByTestId('elsewhere')).toBeTruthy();
  });
});
