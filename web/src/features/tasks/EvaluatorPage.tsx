import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Progress, Segmented, Space, Tag, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { Link } from 'react-router-dom';
import type { Page, TaskStatus, TaskSummaryView, TaskView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n } from '../../i18n/i18n';
import { bidEvaluationState, isAssignedEvaluator, ownEvaluation, type Viewer } from './rules';
import { StatusTag, formatTime, useViewer } from './shared';

interface Assignment {
  task: TaskView;
  /** Bids this evaluator may score and has not scored yet. */
  scorable: number;
  /** Bids this evaluator has scored (they may still change the scores while bids are evaluated). */
  scored: number;
  /** Bids this evaluator is conflicted (回避) with. */
  conflicted: number;
  /** The evaluator's 评审 is awaited and not yet given. */
  reviewDue: boolean;
  reviewed: boolean;
}

/** What an assigned evaluator has to do on a task. */
export function assignmentOf(task: TaskView, viewer: Viewer): Assignment {
  const states = task.bids.map((b) => bidEvaluationState(task, b, viewer));
  const own = task.reviews.filter((r) => r.evaluatorId === viewer.id);
  // In a race every awarded team is reviewed on its own: reviewed once each team has the evaluator's review.
  const teams = task.teamVerdicts ?? [];
  const reviewed = teams.length > 0 ? teams.every((team) => own.some((r) => (r.teamId ?? team.teamId) === team.teamId)) : own.length > 0;
  return {
    task,
    scorable: task.bids.filter((b, i) => states[i] === 'can' && !ownEvaluation(b, viewer)).length,
    scored: task.bids.filter((b) => ownEvaluation(b, viewer)).length,
    conflicted: states.filter((s) => s === 'conflicted').length,
    reviewDue: task.status === 'reviewing' && task.reviewersExpected.includes(viewer.id) && !reviewed,
    reviewed,
  };
}

/**
 * 评审任务: the tasks this evaluator is assigned to, in 评标 (`evaluating`) or 评审 (`reviewing`). The API has
 * no "assigned to me" filter, so the page reads the tasks in that state (up to 100 each) and keeps the
 * assigned ones, showing progress while it reads them.
 */
export function EvaluatorPage() {
  const { t } = useI18n();
  const viewer = useViewer();
  const [status, setStatus] = useState<TaskStatus>('evaluating');
  const [rows, setRows] = useState<Assignment[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [truncated, setTruncated] = useState(false);

  const load = useCallback(async () => {
    if (!viewer) return;
    setError(null);
    setRows([]);
    setProgress({ done: 0, total: 0 });
    try {
      const list = await api.get<Page<TaskSummaryView>>('/tasks', { status, page: 1, pageSize: 100 });
      setTruncated(list.total > list.items.length);
      setProgress({ done: 0, total: list.items.length });
      const found: Assignment[] = [];
      let done = 0;
      const queue = [...list.items];
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const task = await api.get<TaskView>(`/tasks/${next.id}`);
          if (isAssignedEvaluator(task, viewer)) found.push(assignmentOf(task, viewer));
          done += 1;
          setProgress({ done, total: list.items.length });
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      found.sort((a, b) => a.task.createdAt.localeCompare(b.task.createdAt));
      setRows(found);
    } catch (caught) {
      setError(caught);
    } finally {
      setProgress(null);
    }
  }, [status, viewer]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Card title={t('tasks.evaluator.title')} extra={<Button autoInsertSpace={false} onClick={() => void load()}>{t('action.refresh')}</Button>}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Segmented<TaskStatus>
          value={status}
          onChange={setStatus}
          options={[
            { value: 'evaluating', label: t('tasks.evaluator.bids') },
            { value: 'reviewing', label: t('tasks.evaluator.results') },
          ]}
        />
        <Typography.Paragraph type="secondary">{status === 'evaluating' ? t('tasks.evaluator.bidsHint') : t('tasks.evaluator.resultsHint')}</Typography.Paragraph>
        <ProblemAlert error={error} />
        {progress && <Progress percent={progress.total ? Math.round((progress.done / progress.total) * 100) : 0} status="active" aria-label={t('common.loading')} />}
        {truncated && <Alert type="warning" showIcon title={t('tasks.evaluator.truncated')} />}
        <ResponsiveTable<Assignment>
          data-testid="assignments-table"
          rowKey={(row) => row.task.id}
          loading={!!progress}
          scroll={{ x: true }}
          dataSource={rows}
          pagination={{ pageSize: 20 }}
          locale={{ emptyText: t('tasks.evaluator.none') }}
          columns={[
            { title: t('tasks.field.title'), key: 'title', render: (_, row) => <Link to={`/tasks/${row.task.id}`}>{row.task.title}</Link> },
            { title: t('tasks.field.status'), key: 'status', render: (_, row) => <StatusTag status={row.task.status} /> },
            { title: t('tasks.field.bidCount'), key: 'bids', render: (_, row) => row.task.bids.length },
            {
              title: t('tasks.evaluator.todo'),
              key: 'todo',
              render: (_, row) => (
                <Space wrap>
                  {row.task.status === 'evaluating' && row.scorable > 0 && <Tag color="blue">{t('tasks.evaluator.scorable', { n: row.scorable })}</Tag>}
                  {row.task.status === 'evaluating' && row.scored > 0 && <Tag color="green">{t('tasks.evaluator.scored', { n: row.scored })}</Tag>}
                  {row.conflicted > 0 && <Tag color="volcano">{t('tasks.evaluator.conflicted', { n: row.conflicted })}</Tag>}
                  {row.reviewDue && <Tag color="purple">{t('tasks.evaluator.reviewDue')}</Tag>}
                  {row.reviewed && <Tag color="green">{t('tasks.evaluator.reviewed')}</Tag>}
                  {row.task.status === 'reviewing' && !row.reviewDue && !row.reviewed && <Tag color="volcano">{t('tasks.evaluator.reviewConflicted')}</Tag>}
                </Space>
              ),
            },
            { title: t('tasks.field.deliveryDeadline'), key: 'delivery', render: (_, row) => formatTime(row.task.deliveryDeadline) },
          ]}
        />
      </Space>
    </Card>
  );
}
