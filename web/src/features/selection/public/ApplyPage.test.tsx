import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { DepartmentView, UserView } from '@cadre/contracts';
import { renderPage, stubApi, userView } from '../../../test-utils';
import { record } from '../../records/testing';
import { ApplyPage } from './ApplyPage';
import { application, mine, OPEN_AWARD } from './testing';

vi.setConfig({ testTimeout: 40_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const dept = (id: string, name: string, path: string[]): DepartmentView => ({ id, code: id, name, parentId: path.length > 1 ? path[path.length - 2]! : null, path, version: 1 });
const DEPARTMENTS = [
  dept('d-city', '深圳市', ['d-city']),
  dept('d-longhua', '龙华区', ['d-city', 'd-longhua']),
  dept('d-fgj', '龙华区发改局', ['d-city', 'd-longhua', 'd-fgj']),
  dept('d-futian', '福田区', ['d-city', 'd-futian']),
];
const VERIFIED = record({ id: 'r-9', status: 'verified', title: '引进世界500强企业区域总部', verifiedAt: '2026-06-30T02:00:00.000Z' });
const DEPT_RECORD = record({ id: 'r-d', status: 'verified', title: '营商环境改革', itemCode: 'INVEST-01', verifiedAt: '2026-05-30T02:00:00.000Z' });

function stub(me: UserView, post: () => { status: number; body: unknown }) {
  return stubApi(me, (method, path) => {
    if (path === '/selection/mine') return { body: mine({ openAwards: [OPEN_AWARD] }) };
    if (path === '/departments') return { body: { items: DEPARTMENTS, total: DEPARTMENTS.length } };
    if (path === '/taxonomy') return { body: { version: 1, createdAt: '2026-01-01T00:00:00.000Z', items: [{ code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '项目签约' }, { code: 'INVEST-03', name: '500强企业引进' }] }] } };
    if (path.startsWith('/records?')) return { body: { items: path.includes('departmentId=d-fgj') ? [DEPT_RECORD] : [VERIFIED], total: 1, page: 1, pageSize: 100 } };
    if (method === 'POST' && path === '/selection/rounds/rd-award/applications') return post();
    return undefined;
  });
}

async function pick(label: string, option: string) {
  fireEvent.mouseDown(within(screen.getByLabelText(label).closest('.ant-select') as HTMLElement).getByRole('combobox'));
  const options = await screen.findAllByTitle(option);
  fireEvent.click(options[options.length - 1]!);
}

const page = () => renderPage(<ApplyPage />, { url: '/selection/apply/rd-award', pattern: '/selection/apply/:roundId' });

describe('评先评优申报 page', () => {
  it('a cadre applies for themselves: award, statement, their verified records as evidence; then back to 我的选任', async () => {
    const calls = stub(userView(), () => ({ status: 201, body: application() }));
    page();
    expect(await screen.findByText('《2026年度评先评优》申报截止 2026-12-20')).toBeTruthy();
    // Not a reviewer: no 集体.
    expect(screen.queryByText('集体')).toBeNull();
    await pick('申报奖项', '优秀公务员（名额 5）');
    fireEvent.change(screen.getByLabelText('主要事迹'), { target: { value: '全年引进重大项目 3 个' } });
    await pick('佐证纪实（已认定）', '引进世界500强企业区域总部 · 500强企业引进 · 2026-06-30');
    fireEvent.click(screen.getByRole('button', { name: '提交申报' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ applicantType: 'cadre', award: '优秀公务员', statement: '全年引进重大项目 3 个', recordIds: ['r-9'] });
    expect(calls.some((c) => c.path === '/records?status=verified&pageSize=100')).toBe(true);
    expect(await screen.findByTestId('elsewhere')).toBeTruthy();
  });

  it('a reviewer applies for a department of their subtree (集体): only that subtree offered, its records, the 400 on the fields', async () => {
    const calls = stub(userView({ roles: ['cadre', 'reviewer'] }), () => ({
      status: 400,
      body: { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'Invalid body', errors: [{ path: 'recordIds.0', message: 'is not a verified record of the applicant' }, { path: 'statement', message: 'must not be blank' }] },
    }));
    page();
    fireEvent.click(await screen.findByRole('radio', { name: '集体' }));
    fireEvent.mouseDown(within((await screen.findByLabelText('申报单位')).closest('.ant-select') as HTMLElement).getByRole('combobox'));
    expect((await screen.findAllByTitle('龙华区发改局')).length).toBeGreaterThan(0);
    expect(screen.queryByTitle('福田区')).toBeNull();
    fireEvent.click(screen.getAllByTitle('龙华区发改局').at(-1)!);
    await pick('申报奖项', '先进集体（名额 2）');
    fireEvent.change(screen.getByLabelText('主要事迹'), { target: { value: '营商环境改革成效显著' } });
    await pick('佐证纪实（已认定）', '营商环境改革 · 项目签约 · 2026-05-30');
    fireEvent.click(screen.getByRole('button', { name: '提交申报' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')!.body).toEqual({ applicantType: 'department', departmentId: 'd-fgj', award: '先进集体', statement: '营商环境改革成效显著', recordIds: ['r-d'] });
    expect(await screen.findByText('营商环境改革：该纪实不能作为佐证：is not a verified record of the applicant')).toBeTruthy();
    expect(screen.getByText('must not be blank')).toBeTruthy();
    expect(screen.queryByTestId('elsewhere')).toBeNull();
  });

  it('says plainly why an application was refused (409: after the deadline, already applied)', async () => {
    stub(userView(), () => ({ status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: '申报已于 2026-12-20 截止' } }));
    page();
    await screen.findByTestId('apply-form');
    await pick('申报奖项', '优秀公务员（名额 5）');
    fireEvent.change(screen.getByLabelText('主要事迹'), { target: { value: '全年引进重大项目 3 个' } });
    fireEvent.click(screen.getByRole('button', { name: '提交申报' }));
    expect(await screen.findByText(/申报已于 2026-12-20 截止/)).toBeTruthy();
  });

  it('a round not taking applications says so', async () => {
    stubApi(userView(), (_m, path) => (path === '/selection/mine' ? { body: mine() } : undefined));
    page();
    expect(await screen.findByText('该评先评优目前不在申报中')).toBeTruthy();
  });
});
