import { useEffect, useRef, useState } from 'react';
import { Progress, Space, Tag, Typography } from 'antd';
import type { DepartmentView, RecalculationJobView } from '@cadre/contracts';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/useApiQuery';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { jobFinished, jobProgressStatus } from './rules';
import { beijingTime } from '../../components/beijing';

const NO_DEPARTMENTS: DepartmentView[] = [];

/** Every department (`GET /departments` answers the whole tree as a list). */
export function useDepartments() {
  const query = useApiQuery(() => api.get<{ items: DepartmentView[]; total: number }>('/departments'), []);
  return { departments: query.data?.items ?? NO_DEPARTMENTS, loading: query.loading, error: query.error, reload: query.reload };
}

/** Beijing time `YYYY-MM-DD HH:mm` in every locale (the console's one rule: components/beijing.ts). */
export function formatTime(value: string | null | undefined, _locale?: string): string {
  return beijingTime(value);
}

export function formatPoints(value: number): string {
  return value.toFixed(2);
}

const STATE_COLORS: Record<string, string> = { waiting: 'default', active: 'processing', completed: 'success', failed: 'error' };

/**
 * Follows a recalculation or activation job (`GET /rankings/jobs/:jobId`) until it is completed or failed,
 * with a progress bar. `interval` is the polling period in ms (short in tests).
 */
export function JobProgress({ jobId, interval = 1000, onFinished }: { jobId: string; interval?: number; onFinished?: (job: RecalculationJobView) => void }) {
  const { t, locale } = useI18n();
  const [job, setJob] = useState<RecalculationJobView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const finishedRef = useRef(onFinished);
  // The latest callback, for a poll that outlives the render that started it (set after each render, before polling).
  useEffect(() => {
    finishedRef.current = onFinished;
  });

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const poll = async () => {
      try {
        const next = await api.get<RecalculationJobView>(`/rankings/jobs/${encodeURIComponent(jobId)}`);
        if (cancelled) return;
        failures = 0;
        setJob(next);
        setError(null);
        if (jobFinished(next)) {
          finishedRef.current?.(next);
          return;
        }
      } catch (caught) {
        if (cancelled) return;
        setError(caught);
        // A 404 will not heal; a brief outage (503, network) might: keep trying a few times.
        failures += 1;
        const status = (caught as { status?: number }).status;
        if (status === 404 || status === 403 || failures >= 5) return;
      }
      timer = setTimeout(poll, interval);
    };
    void poll();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [jobId, interval]);

  return (
    <div data-testid="job-progress">
      <ProblemAlert error={error} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text type="secondary">{t('admin.job.jobId', { jobId })}</Typography.Text>
          {job && <Tag color={STATE_COLORS[job.state]}>{t(`admin.job.state.${job.state}` as MessageKey)}</Tag>}
        </Space>
        <Progress percent={Math.round(job?.progress ?? 0)} status={job ? jobProgressStatus(job) : 'active'} aria-label={t('admin.job.progress')} />
        {job?.state === 'completed' && (
          <Typography.Text type="success" role="status">
            {t('admin.job.result', { cadres: job.result?.cadres ?? 0, rankings: job.result?.rankings ?? 0 })} {t('admin.job.finishedAt', { at: formatTime(job.finishedAt, locale) })}
          </Typography.Text>
        )}
        {job?.state === 'failed' && (
          <Typography.Text type="danger" role="alert">
            {t('admin.job.failed', { reason: job.failedReason ?? '—' })}
          </Typography.Text>
        )}
      </Space>
    </div>
  );
}
