import { fireEvent, screen } from '@testing-library/react';
import type { ScoreView } from '@cadre/contracts';
import { tokenStore } from '../../api/client';
import { renderPage } from '../../test-utils';
import { MyScorePage } from './CadrePages';
import { cadre, stubRoutes } from './testing';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  tokenStore.set(null);
});

const score: ScoreView = {
  cadreId: cadre.id,
  period: '2026',
  total: 42.5,
  participation: 10,
  contribution: 32.5,
  appraisal: 0,
  bonus: 0,
  reversal: 0,
  byItem: {},
  capped: [],
  standardVersion: 1,
  updatedAt: '2026-11-20T08:00:00Z',
  entries: [],
};

describe('a page whose data could not be read', () => {
  it('says so in plain words and reads it again on 重试', { timeout: 20_000 }, async () => {
    let failing = true;
    const { calls } = stubRoutes(cadre, {
      [`/scores/${cadre.id}`]: () => (failing ? { status: 500, body: { type: 'about:blank', title: 'Internal Server Error', status: 500 } } : { body: score }),
    });
    renderPage(<MyScorePage />);
    const retry = await screen.findByRole('button', { name: /重\s*试/ }, { timeout: 8000 });
    const reads = () => calls.filter(({ url }) => url.pathname === `/api/v1/scores/${cadre.id}`).length;
    const before = reads();
    failing = false;
    fireEvent.click(retry);
    expect((await screen.findByTestId('score-total', undefined, { timeout: 8000 })).textContent).toContain('42.50');
    expect(reads()).toBe(before + 1);
    expect(screen.queryByRole('button', { name: /重\s*试/ })).toBeNull();
  });
});
