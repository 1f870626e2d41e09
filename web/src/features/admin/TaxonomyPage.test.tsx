import { fireEvent, render, screen, within } from '@testing-library/react';
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

describe('TaxonomyPage', () => {
  it('shows the taxonomy with base points, checks the editor and shows the API’s field errors', async () => {
    const { calls } = stubFetch(({ method, path }) => {
      if (method === 'GET' && path === '/taxonomy') return { body: taxonomy };
      if (method === 'GET' && path === '/scoring/standards') return { body: [standard] };
      if (method === 'PUT' && path === '/taxonomy')
        return { status: 400, body: { type: 'about:blank', title: 'Bad Request', status: 400, errors: [{ path: 'items.1.children.0.code', message: 'must start with the item code' }] } };
      return undefined;
    });
    render(
      <Providers>
        <TaxonomyPage />
      </Providers>,
    );
    const table = await screen.findByTestId('taxonomy-table');
    const invest = (await within(table).findByText('招商引资')).closest('tr')!;
    expect(within(invest).getByText('8')).toBeTruthy();
    expect(within(within(table).getByText('党的建设').closest('tr')!).getByText('5')).toBeTruthy();
    expect(screen.getByText('当前版本：第 3 版')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: /发布新版本/ }));
    const editor = await screen.findByLabelText('分类体系（JSON）');
    fireEvent.change(editor, { target: { value: '{"items":[{"code":"invest","name":"","children":[]}]}' } });
    fireEvent.click(screen.getByRole('button', { name: /^发\s*布$/ }));
    const problems = await screen.findByTestId('taxonomy-problems');
    expect(problems.textContent).toContain('items.0.code');
    expect(problems.textContent).toContain('items.0.children');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);

    fireEvent.change(editor, { target: { value: JSON.stringify({ items: [{ code: 'INVEST', name: '招商引资', children: [{ code: 'INVEST-01', name: '项目签约' }] }, { code: 'PARTY', name: '党建', children: [{ code: 'INVEST-02', name: 'x' }] }] }) } });
    fireEvent.click(screen.getByRole('button', { name: /^发\s*布$/ }));
    expect((await screen.findByText('must start with the item code')).closest('[data-testid="taxonomy-problems"]')?.textContent).toContain('items.1.children.0.code');
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
  });
});
