import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { RecalculationJobView } from '@cadre/contracts';
import { RecalculatePage } from './RecalculatePage';
import { Providers, stubFetch } from '../../test-utils';

vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.unstubAllGlobals());

const job = (state: RecalculationJobView['state'], progress: number): RecalculationJobView => ({
  jobId: 'job-1',
  state,
  progress,
  startedAt: '2026-11-24T12:00:00Z',
  finishedAt: state === 'completed' || state === 'failed' ? '2026-11-24T12:01:00Z' : null,
  ...(state === 'completed' ? { result: { cadres: 42, rankings: 7 } } : {}),
  ...(state === 'failed' ? { failedReason: 'database unavailable' } : {}),
});

describe('RecalculatePage', () => {
  it('starts a recalculation and polls the job until it is completed', async () => {
    const answers = [job('waiting', 0), job('active', 40), job('active', 80), job('completed', 100)];
    let polls = 0;
    const { calls } = stubFetch(({ method, path }) => {
      if (method === 'POST' && path === '/rankings/recalculate') return { status: 202, body: { jobId: 'job-1' } };
      if (method === 'GET' && path === '/rankings/jobs/job-1') return { body: answers[Math.min(polls++, answers.length - 1)] };
      return undefined;
    });
    render(
      <Providers>
        <RecalculatePage pollInterval={5} />
      </Providers>,
    );
    const start = screen.getByRole('button', { name: /立即重算/ });
    fireEvent.click(start);
    expect(await screen.findByText('已完成')).toBeTruthy();
    expect(screen.getByText(/已重算 42 名干部的积分、7 个排名。/)).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(polls).toBe(4);
    // Polling stops once the job is over.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls.filter((c) => c.path === '/rankings/jobs/job-1')).toHaveLength(4);
    await waitFor(() => expect((screen.getByRole('button', { name: /立即重算/ }) as HTMLButtonElement).disabled).toBe(false));
  });

  it('shows a failed job and a refused start', async () => {
    stubFetch(({ method, path }) => {
      if (method === 'POST' && path === '/rankings/recalculate') return { status: 202, body: { jobId: 'job-1' } };
      if (method === 'GET' && path === '/rankings/jobs/job-1') return { body: job('failed', 30) };
      return undefined;
    });
    render(
      <Providers>
        <RecalculatePage pollInterval={5} />
      </Providers>,
    );
    fireEvent.click(screen.getByRole('button', { name: /立即重算/ }));
    expect(await screen.findByText('重算失败：database unavailable')).toBeTruthy();

    stubFetch(() => ({ status: 403, body: { type: 'about:blank', title: 'Forbidden', status: 403 } }));
    fireEvent.click(screen.getByRole('button', { name: /立即重算/ }));
    expect(await screen.findByText('您没有权限进行此操作或查看此内容。')).toBeTruthy();
  });
});
