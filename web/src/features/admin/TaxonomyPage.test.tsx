import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { TaxonomyPage } from './TaxonomyPage';
import { Providers, stubFetch } from '../../test-utils';

vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.unstubAllGlobals());

const taxonomy = {
  version: 3,
  createdAt: '2026-11-01T00:00:00Z',
  items: [
    { code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '项目签约' }] },
    { code: 'PARTY', name: '党的建设', children: [{ code: 'PARTY-01', name: '理论学习' }] },
  ],
};
const standard = { version: 1, status: 'active', itemBasePoints: { default: 5, byFirstLevel: { INVEST: 8 } } };

function renderPage(put: (body: unknown) => { status?: number; body: unknown }) {
  const stub = stubFetch(({ method, path, body }) => {
    if (method === 'GET' && path === '/taxonomy') return { body: taxonomy };
    if (method === 'GET' && path === '/scoring/standards') return { body: [standard] };
    if (method === 'PUT' && path === '/taxonomy') return put(body);
    return undefined;
  });
  render(
    <Providers>
      <TaxonomyPage />
    </Providers>,
  );
  return stub;
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const next = () => fireEvent.click(screen.getByRole('button', { name: /预览变更/ }));
const publish = () => fireEvent.click(screen.getByRole('button', { name: /^发\s*布$/ }));

describe('TaxonomyPage', () => {
  it('shows the taxonomy with base points and the version time in Beijing time', async () => {
    renderPage(() => ({ body: {} }));
    const table = await screen.findByTestId('taxonomy-table');
    const invest = (await within(table).findByText('招商引资')).closest('tr')!;
    expect(within(invest).getByText('8')).toBeTruthy();
    expect(within(within(table).getByText('党的建设').closest('tr')!).getByText('5')).toBeTruthy();
    expect(screen.getByText('当前版本：第 3 版')).toBeTruthy();
    expect(screen.getByText('发布时间：2026-11-01 08:00')).toBeTruthy();
  });

  it('edits as a form: a child added, a duplicate code refused next to its field, a preview of the changes, then the right body published', async () => {
    const { calls } = renderPage(() => ({ body: { ...taxonomy, version: 4 } }));
    await screen.findByTestId('taxonomy-table');
    fireEvent.click(screen.getByRole('button', { name: /发布新版本/ }));
    expect(((await screen.findByLabelText('一级项 1 编码')) as HTMLInputElement).value).toBe('INVEST');

    fireEvent.click(within(screen.getByTestId('taxonomy-item-0')).getByRole('button', { name: /添加二级项/ }));
    expect((screen.getByLabelText('一级项 1 的二级项 2 编码') as HTMLInputElement).value).toBe('INVEST-02');
    type('一级项 1 的二级项 2 名称', '项目落地');
    // PARTY's child under INVEST's code: used twice and not under its parent.
    type('一级项 2 的二级项 1 编码', 'INVEST-01');
    next();
    const field = (await screen.findAllByText('编码重复'))[0];
    expect(field.closest('[data-testid="taxonomy-item-1"]')).toBeTruthy();
    expect(screen.getByText('须以 PARTY- 开头')).toBeTruthy();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    type('一级项 2 的二级项 1 编码', 'PARTY-01');
    type('一级项 2 名称', '党建');
    next();
    const changes = await screen.findByTestId('taxonomy-changes');
    expect(changes.textContent).toContain('新增二级项 INVEST-02 项目落地（属 招商引资）');
    expect(changes.textContent).toContain('改名一级项 PARTY “党的建设” → “党建”');
    publish();
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1));
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({
      items: [
        { code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '项目签约' }, { code: 'INVEST-02', name: '项目落地' }] },
        { code: 'PARTY', name: '党建', children: [{ code: 'PARTY-01', name: '理论学习' }] },
      ],
    });
    expect(await screen.findByText('已发布第 4 版')).toBeTruthy();
  });

  it('reorders and removes items, and shows the API’s 400 field errors next to the fields', async () => {
    const { calls } = renderPage(() => ({
      status: 400,
      body: { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path: 'items.0.children.0.name', message: 'is required' }, { path: 'items.1.code', message: 'something new' }] },
    }));
    await screen.findByTestId('taxonomy-table');
    fireEvent.click(screen.getByRole('button', { name: /发布新版本/ }));
    await screen.findByLabelText('一级项 1 编码');
    fireEvent.click(screen.getByRole('button', { name: '一级项 2 上移' }));
    expect((screen.getByLabelText('一级项 1 编码') as HTMLInputElement).value).toBe('PARTY');
    fireEvent.click(screen.getByRole('button', { name: /添加一级项/ }));
    type('一级项 3 编码', 'TECH');
    type('一级项 3 名称', '科技创新');
    type('一级项 3 的二级项 1 编码', 'TECH-01');
    type('一级项 3 的二级项 1 名称', '成果转化');
    fireEvent.click(screen.getByRole('button', { name: '删除一级项 2' }));
    next();
    const changes = await screen.findByTestId('taxonomy-changes');
    expect(changes.textContent).toContain('新增一级项 TECH 科技创新');
    expect(changes.textContent).toContain('删除一级项 INVEST 招商引资');
    publish();
    await waitFor(() => expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1));
    expect((calls.find((c) => c.method === 'PUT')!.body as { items: { code: string }[] }).items.map((i) => i.code)).toEqual(['PARTY', 'TECH']);
    // Back on the form, each error under its field, in words.
    const required = await screen.findByText('必填');
    expect(required.closest('[data-testid="taxonomy-item-0"]')).toBeTruthy();
    expect(within(screen.getByTestId('taxonomy-item-1')).getByText('something new')).toBeTruthy();
  });
});
