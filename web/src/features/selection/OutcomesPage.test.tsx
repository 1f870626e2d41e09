import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderPage, stubApi, userView } from '../../test-utils';
import { OutcomesPage } from './OutcomesPage';
import { outcome } from './testing';

vi.setConfig({ testTimeout: 60_000 });

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

describe('选任结果', () => {
  it('lists outcomes with points and 前10%, and filters by kind', async () => {
    const calls = stubApi(userView({ id: 'u-ass', roles: ['assessor'] }), (method, path) => {
      if (path === '/departments') return { body: { items: [], total: 0 } };
      if (path.startsWith('/selection/outcomes')) return { body: { items: [outcome(), outcome({ candidateId: 'u-zhao', name: '赵强', topDecile: false, points: 40 })], total: 2 } };
      return undefined;
    });
    renderPage(<OutcomesPage />);
    const row = (await screen.findByText('李明')).closest('tr') as HTMLElement;
    expect(row.textContent).toContain('区发改局副局长');
    expect(row.textContent).toContain('86.50');
    expect(row.textContent).toContain('前10%');
    expect(row.textContent).toContain('2026-12-12');
    expect(within(row).getByRole('link', { name: '2026年区管干部提拔' }).getAttribute('href')).toBe('/selection/rounds/rd-1');
    expect((screen.getByText('赵强').closest('tr') as HTMLElement).textContent).not.toContain('前10%');
    fireEvent.mouseDown(within(screen.getByLabelText('类别').closest('.ant-select') as HTMLElement).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('评先评优')).at(-1)!);
    await waitFor(() => expect(calls.some((c) => c.url.searchParams.get('kind') === 'awarded')).toBe(true));
  });
});
