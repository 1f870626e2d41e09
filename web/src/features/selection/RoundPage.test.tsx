import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { RoundView } from '@cadre/contracts';
import { renderPage, stubApi, userView } from '../../test-utils';
import { answerPeople, person, pickPerson } from '../../components/people/testing';
import { RoundPage } from './RoundPage';
import { candidate, round } from './testing';

vi.setConfig({ testTimeout: 60_000 });

const realMatchMedia = window.matchMedia;
afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  window.matchMedia = realMatchMedia;
});

function phoneWidth() {
  Object.defineProperty(window, 'innerWidth', { configurable: true, value: 375 });
  window.matchMedia = (query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const max = /max-width:\s*(\d+(?:\.\d+)?)px/.exec(query);
    const matches = (!min || 375 >= Number(min[1])) && (!max || 375 <= Number(max[1]));
    return { matches, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false } as MediaQueryList;
  };
}

const assessor = userView({ id: 'u-ass', name: '组织部张三', roles: ['assessor'] });
const by = { id: 'u-ass', name: '组织部张三' };
const conflict = (detail: string) => ({ status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail } });
const li = candidate({ candidateId: 'u-li', name: '李明' });
const zhao = candidate({ candidateId: 'u-zhao', name: '赵强', evidence: { ...li.evidence, points: 40, cityRank: 60, cityCadres: 120, topDecile: false } });
const open = () => renderPage(<RoundPage />, { url: '/selection/rounds/rd-1', pattern: '/selection/rounds/:id' });

describe('选任详情', () => {
  it('draws from the shortlist, reads a candidate’s frozen evidence, adds a 考察 note and decides', async () => {
    let state: RoundView = round();
    const calls = stubApi(assessor, (method, path, body) => {
      if (method === 'GET' && path === '/selection/rounds/rd-1') return { body: state };
      if (method === 'POST' && path === '/selection/rounds/rd-1/candidates/draw') {
        state = { ...state, candidates: [li, zhao], counts: { ...state.counts, candidates: 2, undecided: 2 } };
        return { body: state };
      }
      if (method === 'POST' && path === '/selection/rounds/rd-1/candidates/u-li/inspection') {
        state = { ...state, candidates: [{ ...li, inspection: [{ at: '2026-12-02T02:00:00.000Z', by, note: (body as { note: string }).note }] }, zhao] };
        return { body: state };
      }
      if (method === 'POST' && path === '/selection/rounds/rd-1/candidates/u-li/decision') {
        const decided = { ...state.candidates[0]!, status: 'selected' as const, statusLabel: '拟任人选', decision: { selected: true, position: '区发改局副局长', reason: '实绩突出', by, at: '2026-12-03T02:00:00.000Z' } };
        state = { ...state, candidates: [decided, zhao], positions: [{ name: '区发改局副局长', count: 1, selected: 1 }], counts: { ...state.counts, undecided: 1, selected: 1 } };
        return { body: state };
      }
      return undefined;
    });
    open();
    expect(await screen.findByText('还没有考察对象')).toBeTruthy();
    expect(screen.getByTestId('round-steps').textContent).toContain('考察中');
    fireEvent.click(screen.getByRole('button', { name: '从推荐名单抽取' }));
    const row = (await screen.findByRole('button', { name: '李明' })).closest('tr') as HTMLElement;
    expect(calls.find((c) => c.path.endsWith('/candidates/draw'))!.body).toEqual({ source: 'shortlist' });
    expect(row.textContent).toContain('龙华区发改局');
    expect(row.textContent).toContain('86.50');
    expect(within(row).getByTestId('city-rank').textContent).toBe('3/120');
    expect(row.textContent).toContain('前10%');
    expect(row.textContent).toContain('考察对象');
    expect((screen.getByRole('button', { name: '赵强' }).closest('tr') as HTMLElement).textContent).not.toContain('前10%');

    fireEvent.click(screen.getByRole('button', { name: '李明' }));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('证据冻结于 2026-12-01 10:00（2026年度积分）')).toBeTruthy();
    expect(within(drawer).getByText('引进世界500强企业区域总部')).toBeTruthy();
    expect(within(drawer).getByText('化解历史遗留用地问题')).toBeTruthy();
    expect(within(drawer).getByText('2025年度干部考核 优秀')).toBeTruthy();
    expect(within(drawer).getByText('95.5%')).toBeTruthy();

    fireEvent.change(within(drawer).getByLabelText('添加考察记录'), { target: { value: '群众公认度高' } });
    fireEvent.click(within(drawer).getByRole('button', { name: '添加考察记录' }));
    expect(await within(drawer).findByTestId('inspection-note')).toBeTruthy();
    expect(within(drawer).getByTestId('inspection-note').textContent).toContain('群众公认度高');

    // Selected needs the position.
    fireEvent.change(within(drawer).getByLabelText('理由'), { target: { value: '实绩突出' } });
    fireEvent.click(within(drawer).getByRole('button', { name: '作出决定' }));
    expect(await within(drawer).findByText('请选择拟任职位')).toBeTruthy();
    fireEvent.mouseDown(within(within(drawer).getByLabelText('拟任职位').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('区发改局副局长')).at(-1)!);
    fireEvent.click(within(drawer).getByRole('button', { name: '作出决定' }));
    await waitFor(() => expect(within(drawer).getByTestId('decision-line').textContent).toBe('组织部张三 于 2026-12-03 10:00：拟任 区发改局副局长。实绩突出'));
    expect(calls.find((c) => c.path.endsWith('/decision'))!.body).toEqual({ selected: true, reason: '实绩突出', position: '区发改局副局长' });
    expect(screen.getByTestId('positions').textContent).toContain('区发改局副局长：1/1');
  });

  it('shows the 409 of publishing plainly, then publishes with the days chosen', async () => {
    const decided = { ...li, status: 'selected' as const, statusLabel: '拟任人选', decision: { selected: true, position: '区发改局副局长', reason: '实绩突出', by, at: '2026-12-03T02:00:00.000Z' } };
    let state: RoundView = round({ candidates: [decided, zhao], counts: { candidates: 2, undecided: 1, selected: 1, withdrawn: 0, openObjections: 0, applications: 0 } });
    let tries = 0;
    const calls = stubApi(assessor, (method, path) => {
      if (method === 'GET' && path === '/selection/rounds/rd-1') return { body: state };
      if (method === 'POST' && path === '/selection/rounds/rd-1/notice') {
        tries += 1;
        if (tries === 1) return conflict('还有考察对象未作决定：赵强');
        state = { ...state, status: 'notice', statusLabel: '公示中', notice: { startsAt: '2026-12-04T02:00:00.000Z', endsAt: '2026-12-14T15:59:59.000Z', days: 7, publishedBy: by } };
        return { body: state };
      }
      return undefined;
    });
    open();
    fireEvent.click(await screen.findByRole('button', { name: '发布公示' }));
    const modal = await screen.findByRole('dialog');
    fireEvent.click(within(modal).getByRole('button', { name: '发布公示' }));
    expect(await within(modal).findByText('还有考察对象未作决定：赵强')).toBeTruthy();
    fireEvent.change(within(modal).getByLabelText('公示天数'), { target: { value: '7' } });
    fireEvent.click(within(modal).getByRole('button', { name: '发布公示' }));
    await waitFor(() => expect(screen.getByTestId('notice-window').textContent).toBe('公示期 2026-12-04 10:00 — 2026-12-14 23:59'));
    expect(calls.filter((c) => c.path.endsWith('/notice')).at(-1)!.body).toEqual({ noticeDays: 7 });
    expect(screen.getByTestId('round-status').textContent).toBe('公示中');
  });

  it('shows the objector to the organisation department, investigates, answers 属实 withdrawing the candidate, and shows why 办结 was refused', async () => {
    const selected = { ...li, status: 'selected' as const, statusLabel: '拟任人选', decision: { selected: true, position: '区发改局副局长', reason: '实绩突出', by, at: '2026-12-03T02:00:00.000Z' } };
    const objection = {
      id: 'ob-1',
      roundId: 'rd-1',
      candidateId: 'u-li',
      candidateName: '李明',
      reason: '该同志在项目审批中存在违规行为',
      status: 'open' as const,
      statusLabel: '待核查',
      filedBy: { id: 'u-wang', name: '王海军', departmentName: '龙华区' },
      filedAt: '2026-12-05T02:00:00.000Z',
      investigation: [],
      answer: null,
      answeredBy: null,
      answeredAt: null,
      withdrewCandidate: false,
    };
    let state: RoundView = round({
      status: 'notice',
      statusLabel: '公示中',
      candidates: [selected],
      objections: [objection],
      notice: { startsAt: '2026-12-04T02:00:00.000Z', endsAt: '2026-12-10T15:59:59.000Z', days: 5, publishedBy: by },
      counts: { candidates: 1, undecided: 0, selected: 1, withdrawn: 0, openObjections: 1, applications: 0 },
    });
    const calls = stubApi(assessor, (method, path, body) => {
      if (method === 'GET' && path === '/selection/rounds/rd-1') return { body: state };
      if (method === 'POST' && path === '/selection/rounds/rd-1/objections/ob-1/investigate') {
        state = { ...state, objections: [{ ...state.objections[0]!, status: 'investigating', statusLabel: '核查中', investigation: [{ at: '2026-12-06T02:00:00.000Z', by, note: (body as { note: string }).note }] }] };
        return { body: state };
      }
      if (method === 'POST' && path === '/selection/rounds/rd-1/objections/ob-1/answer') {
        state = {
          ...state,
          candidates: [{ ...selected, status: 'withdrawn', statusLabel: '已撤回' }],
          objections: [{ ...state.objections[0]!, status: 'upheld', statusLabel: '属实', answer: '经核查属实', answeredBy: by, answeredAt: '2026-12-07T02:00:00.000Z', withdrewCandidate: true }],
          counts: { ...state.counts, withdrawn: 1, openObjections: 0 },
        };
        return { body: state };
      }
      if (method === 'POST' && path === '/selection/rounds/rd-1/conclude') return conflict('公示期至 2026-12-10 23:59 结束，尚不能办结');
      return undefined;
    });
    open();
    fireEvent.click(await screen.findByRole('tab', { name: /异议/ }));
    const card = await screen.findByTestId('objection');
    expect(within(card).getByTestId('objector').textContent).toContain('异议人：王海军（龙华区）');
    expect(card.textContent).toContain('该同志在项目审批中存在违规行为');

    fireEvent.click(within(card).getByRole('button', { name: /核\s*查/ }));
    let modal = await screen.findByRole('dialog');
    fireEvent.change(within(modal).getByLabelText('核查情况'), { target: { value: '已调阅审批档案' } });
    fireEvent.click(within(modal).getByRole('button', { name: /核\s*查/ }));
    await waitFor(() => expect(screen.getByTestId('objection-status').textContent).toBe('核查中'));

    fireEvent.click(within(screen.getByTestId('objection')).getByRole('button', { name: /答\s*复/ }));
    modal = (await screen.findAllByRole('dialog')).at(-1)!;
    fireEvent.click(within(modal).getByText('属实'));
    fireEvent.click(await within(modal).findByRole('checkbox', { name: '撤回人选' }));
    fireEvent.change(within(modal).getByLabelText('答复'), { target: { value: '经核查属实' } });
    fireEvent.click(within(modal).getByRole('button', { name: /答\s*复/ }));
    await waitFor(() => expect(screen.getByTestId('objection-status').textContent).toBe('属实'));
    expect(calls.find((c) => c.path.endsWith('/answer'))!.body).toEqual({ outcome: 'upheld', answer: '经核查属实', withdrawCandidate: true });
    expect(screen.getByTestId('objection-answer').textContent).toContain('经核查属实');
    expect(screen.getByTestId('objection').textContent).toContain('已撤回人选');

    fireEvent.click(screen.getByRole('button', { name: /办\s*结/ }));
    fireEvent.click((await screen.findAllByRole('button', { name: /确\s*定/ })).at(-1)!);
    expect(await screen.findByText('公示期至 2026-12-10 23:59 结束，尚不能办结')).toBeTruthy();
  });

  it('names candidates with the people picker; a 400 naming cadreIds.0 is shown in the dialog', async () => {
    const wang = person({ userId: 'u-wang', name: '王海军', title: '科长' });
    let tries = 0;
    const calls = stubApi(assessor, (method, path) => {
      const people = answerPeople([wang], method, path);
      if (people) return people;
      if (method === 'GET' && path === '/selection/rounds/rd-1') return { body: round() };
      if (method === 'POST' && path === '/selection/rounds/rd-1/candidates/draw') {
        tries += 1;
        if (tries === 1) return { status: 400, body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: '王海军 不在本次选任范围内', errors: [{ path: 'cadreIds.0', message: '不在本次选任范围内' }] } };
        return { body: round({ candidates: [candidate({ candidateId: 'u-wang', name: '王海军' })], counts: { candidates: 1, undecided: 1, selected: 0, withdrawn: 0, openObjections: 0, applications: 0 } }) };
      }
      return undefined;
    });
    open();
    fireEvent.click(await screen.findByRole('button', { name: '指定人选' }));
    const modal = await screen.findByRole('dialog');
    await pickPerson(within(modal).getByLabelText('指定人选'), '王', wang);
    fireEvent.click(within(modal).getByRole('button', { name: '指定人选' }));
    expect(await within(modal).findByText('王海军 不在本次选任范围内')).toBeTruthy();
    fireEvent.click(within(modal).getByRole('button', { name: '指定人选' }));
    expect(await screen.findByRole('button', { name: '王海军' })).toBeTruthy();
    expect(calls.filter((c) => c.path.endsWith('/draw')).at(-1)!.body).toEqual({ source: 'shortlist', cadreIds: ['u-wang'] });
  });

  it('shows candidates as cards on a phone', async () => {
    phoneWidth();
    stubApi(assessor, (method, path) => (method === 'GET' && path === '/selection/rounds/rd-1' ? { body: round({ candidates: [li, zhao], counts: { candidates: 2, undecided: 2, selected: 0, withdrawn: 0, openObjections: 0, applications: 0 } }) } : undefined));
    open();
    const cards = await screen.findAllByTestId('candidate-card');
    expect(cards).toHaveLength(2);
    expect(cards[0]!.textContent).toContain('李明');
    expect(cards[0]!.textContent).toContain('3/120');
    expect(cards[0]!.textContent).toContain('前10%');
    expect(document.querySelector('.ant-table')).toBeNull();
  });
});
