import type { ReactNode } from 'react';
import { AutoComplete, Button, Form, Input, InputNumber, Modal, Radio, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { BidView, TaskView, TaskVerdict } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { MilestonesField } from './TaskFormPage';
import { EVALUATION_MAX, hasAtMostOneDecimal } from './rules';
import { VERDICTS, useLabels } from './shared';
import { knownTeams, rememberBid } from './teamsStore';

const LONG = 20_000;

/** A modal holding a form that posts to the API: field errors next to fields, anything else above. */
function FormModal<V extends object>({
  open,
  title,
  okText,
  onClose,
  submit,
  children,
  initialValues,
}: {
  open: boolean;
  title: string;
  okText: string;
  onClose: () => void;
  submit: (values: V) => Promise<void>;
  children: ReactNode;
  initialValues?: Partial<V>;
}) {
  const [form] = Form.useForm<V>();
  const { busy, error, run } = useSubmission(form);
  return (
    <Modal okButtonProps={{ autoInsertSpace: false }} cancelButtonProps={{ autoInsertSpace: false }} open={open} title={title} okText={okText} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} destroyOnHidden width={640}>
      <ProblemAlert error={error} />
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues as never}
        onFinish={(values) =>
          run(async () => {
            await submit(values);
            onClose();
          })
        }
      >
        {children}
      </Form>
    </Modal>
  );
}

function useRules() {
  const { t } = useI18n();
  return {
    required: { required: true, whitespace: true, message: t('tasks.validation.required') },
    long: { max: LONG, message: t('tasks.validation.max', { max: LONG }) },
    comment: { max: 2000, message: t('tasks.validation.max', { max: 2000 }) },
  };
}

/** 揭榜: a new bid (with the team) or a revision of one's bid. */
export function BidModal({ task, bid, open, onClose, onDone }: { task: TaskView; bid?: BidView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  const teams = knownTeams();
  return (
    <FormModal<{ teamId?: string; plan: string; expectedResults: string; milestones: { name: string; dueDate: string }[]; commitment: string }>
      open={open}
      title={bid ? t('tasks.action.updateBid') : t('tasks.action.bid')}
      okText={bid ? t('action.save') : t('tasks.bid.submit')}
      onClose={onClose}
      initialValues={bid ? { plan: bid.plan, expectedResults: bid.expectedResults, milestones: bid.milestones, commitment: bid.commitment } : { milestones: task.milestones }}
      submit={async (values) => {
        const body = { plan: values.plan, expectedResults: values.expectedResults, milestones: values.milestones, commitment: values.commitment };
        if (bid) await api.patch(`/bids/${bid.id}`, { version: bid.version, ...body });
        else {
          const created = await api.post<BidView>(`/tasks/${task.id}/bids`, { teamId: values.teamId?.trim(), ...body });
          rememberBid({ bidId: created.id, taskId: task.id, taskTitle: task.title, teamName: created.teamName });
        }
        onDone();
      }}
    >
      {!bid && (
        <Form.Item label={t('tasks.field.teamId')} name="teamId" extra={t('tasks.bid.teamHint')} rules={[rules.required]}>
          <AutoComplete options={teams.map((team) => ({ value: team.id, label: `${team.name}（${team.id}）` }))} />
        </Form.Item>
      )}
      <Form.Item label={t('tasks.field.plan')} name="plan" rules={[rules.required, rules.long]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item label={t('tasks.field.expectedResults')} name="expectedResults" rules={[rules.required, rules.long]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <MilestonesField />
      <Form.Item label={t('tasks.field.commitment')} name="commitment" rules={[rules.required, rules.long]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** 评标 on the rubric: each criterion from 0 to its maximum, whole or one decimal. */
export function EvaluationModal({ bid, open, onClose, onDone }: { bid: BidView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  const criteria = Object.entries(EVALUATION_MAX) as [keyof typeof EVALUATION_MAX, number][];
  return (
    <FormModal<{ scores: Record<keyof typeof EVALUATION_MAX, number>; comment?: string }>
      open={open}
      title={t('tasks.evaluate.title', { team: bid.teamName })}
      okText={t('tasks.evaluate.submit')}
      onClose={onClose}
      submit={async (values) => {
        await api.post(`/bids/${bid.id}/evaluations`, { scores: values.scores, comment: values.comment ?? '' });
        onDone();
      }}
    >
      {criteria.map(([criterion, max]) => (
        <Form.Item
          key={criterion}
          label={t('tasks.criterion.label', { name: t(`tasks.criterion.${criterion}` as MessageKey), max })}
          name={['scores', criterion]}
          rules={[
            { required: true, message: t('tasks.validation.required') },
            { type: 'number', min: 0, max, message: t('tasks.validation.range', { min: 0, max }) },
            { validator: async (_, v?: number) => { if (typeof v === 'number' && !hasAtMostOneDecimal(v)) throw new Error(t('tasks.validation.oneDecimal')); } },
          ]}
        >
          <InputNumber min={0} max={max} step={0.5} style={{ width: '100%' }} />
        </Form.Item>
      ))}
      <Form.Item label={t('tasks.field.comment')} name="comment" rules={[rules.comment]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** 评审 of the results. */
export function ReviewModal({ task, open, onClose, onDone }: { task: TaskView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const labels = useLabels();
  const rules = useRules();
  return (
    <FormModal<{ verdict: TaskVerdict; comment?: string }>
      open={open}
      title={t('tasks.action.review')}
      okText={t('tasks.review.submit')}
      onClose={onClose}
      submit={async (values) => {
        await api.post(`/tasks/${task.id}/reviews`, { verdict: values.verdict, comment: values.comment ?? '' });
        onDone();
      }}
    >
      <Form.Item label={t('tasks.field.verdict')} name="verdict" rules={[{ required: true, message: t('tasks.validation.required') }]}>
        <Radio.Group options={VERDICTS.map((v) => ({ value: v, label: labels.verdict(v) }))} />
      </Form.Item>
      <Form.Item label={t('tasks.field.comment')} name="comment" rules={[rules.comment]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** Progress on a milestone of the task or of the awarded bid. */
export function ProgressModal({ task, bid, open, onClose, onDone }: { task: TaskView; bid?: BidView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  const names = [...new Set([...task.milestones, ...(bid?.milestones ?? [])].map((m) => m.name))];
  return (
    <FormModal<{ milestone: string; note: string }>
      open={open}
      title={t('tasks.action.progress')}
      okText={t('tasks.progress.submit')}
      onClose={onClose}
      submit={async (values) => {
        await api.post(`/tasks/${task.id}/progress`, values);
        onDone();
      }}
    >
      <Form.Item label={t('tasks.field.milestone')} name="milestone" rules={[{ required: true, message: t('tasks.validation.required') }]}>
        <Select options={names.map((n) => ({ value: n, label: n }))} />
      </Form.Item>
      <Form.Item label={t('tasks.field.note')} name="note" rules={[rules.required, rules.long]}>
        <Input.TextArea rows={4} />
      </Form.Item>
    </FormModal>
  );
}

/** The awarded team's results: a summary and deliverables. */
export function ResultsModal({ task, open, onClose, onDone }: { task: TaskView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  return (
    <FormModal<{ summary: string; deliverables?: { name: string; description?: string }[] }>
      open={open}
      title={t('tasks.action.results')}
      okText={t('tasks.results.submit')}
      onClose={onClose}
      initialValues={{ deliverables: [] }}
      submit={async (values) => {
        const deliverables = (values.deliverables ?? []).map((d) => ({ name: d.name, ...(d.description ? { description: d.description } : {}) }));
        await api.post(`/tasks/${task.id}/results`, { summary: values.summary, deliverables });
        onDone();
      }}
    >
      <Form.Item label={t('tasks.field.summary')} name="summary" rules={[rules.required, rules.long]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.List name="deliverables">
        {(fields, { add, remove }) => (
          <Form.Item label={t('tasks.field.deliverables')}>
            {fields.map((field, index) => (
              <Space key={field.key} align="start" wrap style={{ display: 'flex' }}>
                <Form.Item label={t('tasks.field.deliverableName', { n: index + 1 })} name={[field.name, 'name']} rules={[rules.required, { max: 200, message: t('tasks.validation.max', { max: 200 }) }]}>
                  <Input />
                </Form.Item>
                <Form.Item label={t('tasks.field.deliverableDescription', { n: index + 1 })} name={[field.name, 'description']} rules={[rules.comment]}>
                  <Input />
                </Form.Item>
                <Button autoInsertSpace={false} type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                  {t('tasks.action.remove')}
                </Button>
              </Space>
            ))}
            <Button autoInsertSpace={false} type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
              {t('tasks.action.addDeliverable')}
            </Button>
          </Form.Item>
        )}
      </Form.List>
    </FormModal>
  );
}

/** Withdraw a draft, with an optional comment. */
export function WithdrawModal({ task, open, onClose, onDone }: { task: TaskView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  return (
    <FormModal<{ comment?: string }>
      open={open}
      title={t('tasks.action.withdraw')}
      okText={t('tasks.action.withdraw')}
      onClose={onClose}
      submit={async (values) => {
        await api.post(`/tasks/${task.id}/withdraw`, { comment: values.comment ?? '' });
        onDone();
      }}
    >
      <Form.Item label={t('tasks.field.comment')} name="comment" rules={[rules.comment]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}
