import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, InputNumber, Select, Space, Spin, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router-dom';
import type { Page, TaskBatchView, TaskDomain, TaskFlag, TaskView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { PersonPicker } from '../../components/people/PersonPicker';
import { useSubmission } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import { DOMAINS, FLAGS, fromBeijingInput, toBeijingInput, useLabels } from './shared';
import { DeadlineField } from './DeadlineField';
import { DateField } from '../../components/DateField';
import { useApiQuery } from '../../api/useApiQuery';
import { WithdrawModal } from './ActionForms';

interface TaskFormValues {
  batchId?: string;
  title?: string;
  description?: string;
  domain?: TaskDomain;
  flags?: TaskFlag[];
  goals?: string;
  expectedResults?: string;
  milestones?: { name?: string; dueDate?: string }[];
  biddingDeadline?: string;
  deliveryDeadline?: string;
  rewardPoints?: number;
  evaluatorIds?: string[];
  allowRace?: boolean;
}

const LONG = 20_000;

/** The body of `POST /tasks` / `PATCH /tasks/:id` from the form's values. */
function taskBody(values: TaskFormValues) {
  return {
    batchId: values.batchId,
    title: values.title?.trim(),
    description: values.description?.trim(),
    domain: values.domain,
    flags: values.flags ?? [],
    goals: values.goals?.trim(),
    expectedResults: values.expectedResults?.trim(),
    milestones: (values.milestones ?? []).map((m) => ({ name: m.name?.trim(), dueDate: m.dueDate })),
    biddingDeadline: fromBeijingInput(values.biddingDeadline),
    deliveryDeadline: fromBeijingInput(values.deliveryDeadline),
    rewardPoints: values.rewardPoints,
    evaluatorIds: values.evaluatorIds ?? [],
    allowRace: values.allowRace ?? false,
  };
}

/** What a correction of a published task may send (docs/API.md `PATCH /tasks/:id`): the rest is fixed once published. */
export function correctionBody(values: TaskFormValues) {
  const { description, goals, expectedResults, milestones, biddingDeadline, deliveryDeadline, evaluatorIds } = taskBody(values);
  return { description, goals, expectedResults, milestones, biddingDeadline, deliveryDeadline, evaluatorIds };
}

/** Whether a task is corrected (open, no bid yet) rather than edited as a draft, or neither. */
export function editModeOf(task: Pick<TaskView, 'status' | 'bids'>): 'draft' | 'correct' | null {
  if (task.status === 'draft') return 'draft';
  return task.status === 'open' && task.bids.length === 0 ? 'correct' : null;
}

/**
 * Create (no `task`), edit a draft, or correct an open task without bids (`correcting`: the fields teams chose the
 * task by are shown but fixed); field errors of the API land next to their fields.
 */
function TaskForm({ task, onSaved, correcting = false }: { task?: TaskView; onSaved: (task: TaskView) => void; correcting?: boolean }) {
  const { t } = useI18n();
  const labels = useLabels();
  const [form] = Form.useForm<TaskFormValues>();
  const { busy, error, run } = useSubmission(form);
  const batches = useApiQuery(() => api.get<Page<TaskBatchView>>('/task-batches', { page: 1, pageSize: 100 }), []);
  const evaluators = useMemo(() => task?.evaluators ?? [], [task]);
  const required = { required: true, whitespace: true, message: t('tasks.validation.required') };
  const long = { max: LONG, message: t('tasks.validation.max', { max: LONG }) };

  const initial: TaskFormValues = task
    ? {
        batchId: task.batchId,
        title: task.title,
        description: task.description,
        domain: task.domain,
        flags: task.flags,
        goals: task.goals,
        expectedResults: task.expectedResults,
        milestones: task.milestones,
        biddingDeadline: toBeijingInput(task.biddingDeadline),
        deliveryDeadline: toBeijingInput(task.deliveryDeadline),
        rewardPoints: task.rewardPoints,
        evaluatorIds: task.evaluators.map((e) => e.userId),
        allowRace: task.allowRace,
      }
    : { flags: [], milestones: [{}], allowRace: false, evaluatorIds: [] };

  return (
    <Form<TaskFormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      style={{ maxWidth: 720 }}
      onFinish={(values) =>
        run(async () => {
          const body = correcting ? correctionBody(values) : taskBody(values);
          const saved = task ? await api.patch<TaskView>(`/tasks/${task.id}`, { version: task.version, ...body }) : await api.post<TaskView>('/tasks', body);
          onSaved(saved);
        })
      }
    >
      <ProblemAlert error={error} />
      <Form.Item label={t('tasks.field.batch')} name="batchId" rules={[{ required: true, message: t('tasks.validation.required') }]}>
        <Select disabled={correcting} loading={batches.loading} options={batches.data?.items.map((b) => ({ value: b.id, label: b.name }))} />
      </Form.Item>
      <Form.Item label={t('tasks.field.title')} name="title" rules={[required, { max: 200, message: t('tasks.validation.max', { max: 200 }) }]}>
        <Input disabled={correcting} />
      </Form.Item>
      <Form.Item label={t('tasks.field.description')} name="description" rules={[required, long]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item label={t('tasks.field.domain')} name="domain" rules={[{ required: true, message: t('tasks.validation.required') }]}>
        <Select disabled={correcting} options={DOMAINS.map((d) => ({ value: d, label: labels.domain(d) }))} />
      </Form.Item>
      <Form.Item label={t('tasks.field.flags')} name="flags">
        <Checkbox.Group disabled={correcting} options={FLAGS.map((f) => ({ value: f, label: labels.flag(f) }))} />
      </Form.Item>
      <Form.Item label={t('tasks.field.goals')} name="goals" rules={[required, long]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Form.Item label={t('tasks.field.expectedResults')} name="expectedResults" rules={[required, long]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <MilestonesField />
      <Form.Item label={t('tasks.field.biddingDeadline')} extra={t('tasks.field.beijingTime')} name="biddingDeadline" rules={[{ required: true, message: t('tasks.validation.required') }]}>
        <DeadlineField />
      </Form.Item>
      <Form.Item
        label={t('tasks.field.deliveryDeadline')}
        extra={t('tasks.field.beijingTime')}
        name="deliveryDeadline"
        dependencies={['biddingDeadline']}
        rules={[
          { required: true, message: t('tasks.validation.required') },
          ({ getFieldValue }) => ({
            validator: (_, value?: string) => {
              const bidding = getFieldValue('biddingDeadline') as string | undefined;
              if (value && bidding && Date.parse(fromBeijingInput(value) ?? '') <= Date.parse(fromBeijingInput(bidding) ?? '')) return Promise.reject(new Error(t('tasks.validation.afterBidding')));
              return Promise.resolve();
            },
          }),
        ]}
      >
        <DeadlineField />
      </Form.Item>
      <Form.Item
        label={t('tasks.field.rewardPoints')}
        name="rewardPoints"
        rules={[
          { required: true, message: t('tasks.validation.required') },
          { type: 'number', min: 0, max: 1000, message: t('tasks.validation.range', { min: 0, max: 1000 }) },
        ]}
      >
        <InputNumber disabled={correcting} min={0} max={1000} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        label={t('tasks.field.evaluatorIds')}
        name="evaluatorIds"
        extra={t('tasks.form.evaluatorHint')}
        rules={[
          { required: true, type: 'array', min: 1, message: t('tasks.validation.evaluators') },
          { type: 'array', max: 15, message: t('tasks.validation.maxItems', { max: 15 }) },
        ]}
      >
        <PersonPicker multiple known={evaluators} maxCount={15} />
      </Form.Item>
      <Form.Item label={t('tasks.field.allowRace')} name="allowRace" valuePropName="checked">
        <Switch disabled={correcting} />
      </Form.Item>
      <Button autoInsertSpace={false} type="primary" htmlType="submit" loading={busy}>
        {correcting ? t('tasks.correct.save') : task ? t('action.save') : t('tasks.action.createDraft')}
      </Button>
    </Form>
  );
}

/** Milestones (name + due date), at least one, at most 20. */
export function MilestonesField() {
  const { t } = useI18n();
  return (
    <Form.List
      name="milestones"
      rules={[
        {
          validator: async (_, value?: unknown[]) => {
            if (!value || value.length < 1) throw new Error(t('tasks.validation.milestones'));
            if (value.length > 20) throw new Error(t('tasks.validation.maxItems', { max: 20 }));
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <Form.Item label={t('tasks.field.milestones')} required>
          {fields.map((field, index) => (
            <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
              <Form.Item
                label={t('tasks.field.milestoneName', { n: index + 1 })}
                name={[field.name, 'name']}
                rules={[{ required: true, whitespace: true, message: t('tasks.validation.required') }, { max: 200, message: t('tasks.validation.max', { max: 200 }) }]}
              >
                <Input />
              </Form.Item>
              <Form.Item label={t('tasks.field.milestoneDue', { n: index + 1 })} name={[field.name, 'dueDate']} rules={[{ required: true, message: t('tasks.validation.required') }]}>
                <DateField />
              </Form.Item>
              <Button autoInsertSpace={false} type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                {t('tasks.action.remove')}
              </Button>
            </Space>
          ))}
          <Button autoInsertSpace={false} type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
            {t('tasks.action.addMilestone')}
          </Button>
          <Form.ErrorList errors={errors} />
        </Form.Item>
      )}
    </Form.List>
  );
}

export function TaskCreatePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Card title={t('tasks.form.createTitle')}>
      <TaskForm onSaved={(task) => navigate(`/tasks/${task.id}`)} />
    </Card>
  );
}

/** Edit a draft, or correct (更正) or withdraw (撤榜) an open task before any bid. */
export function TaskEditPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const task = useApiQuery(() => api.get<TaskView>(`/tasks/${id}`), [id]);
  const [withdrawing, setWithdrawing] = useState(false);
  const mode = task.data ? editModeOf(task.data) : null;
  return (
    <Card
      title={mode === 'correct' ? t('tasks.correct.title') : t('tasks.form.editTitle')}
      extra={
        mode === 'correct' && (
          <Button autoInsertSpace={false} danger onClick={() => setWithdrawing(true)}>
            {t('tasks.correct.withdraw')}
          </Button>
        )
      }
    >
      <ProblemAlert error={task.error} onRetry={task.reload} />
      {task.loading && <Spin />}
      {task.data && mode === null && (
        <Typography.Paragraph type="warning">{task.data.status === 'open' ? t('tasks.correct.locked') : t('tasks.form.notDraft')}</Typography.Paragraph>
      )}
      {task.data && mode === 'draft' && <TaskForm task={task.data} onSaved={(saved) => navigate(`/tasks/${saved.id}`)} />}
      {task.data && mode === 'correct' && (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('tasks.correct.hint')} />
          <TaskForm task={task.data} correcting onSaved={(saved) => navigate(`/tasks/${saved.id}`)} />
          <WithdrawModal task={task.data} open={withdrawing} onClose={() => setWithdrawing(false)} onDone={() => navigate(`/tasks/${task.data!.id}`)} />
        </>
      )}
    </Card>
  );
}
