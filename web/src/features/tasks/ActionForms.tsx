import { useState, type ReactNode } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import type { BidView, Page, TaskView, TeamView, TaskVerdict, ToleranceDecision } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { MilestonesField } from './TaskFormPage';
import { EVALUATION_MAX, EVALUATION_TOTAL_MAX, hasAtMostOneDecimal, ownEvaluation, rubricTotal } from './rules';
import { VERDICTS, useLabels, useViewer } from './shared';
import { useApiQuery } from '../../api/useApiQuery';
import { biddableTeams } from './teamsStore';
import { FileUpload } from '../../components/files/FileUpload';
import { fileRefs, type FileRef } from '../../components/files/types';
import { fileErrorsUnder } from './fileErrors';

const LONG = 20_000;
/** At most this many files on a bid or a progress report (the API's limit); a result takes up to 50. */
const MAX_ATTACHMENTS = 10;
const MAX_DELIVERABLES = 50;

/** The `{ fileId }` items a form's uploaded files are sent as. */
const fileIdsOf = (files: FileRef[] | undefined) => (files ?? []).filter((f) => f.fileId).map((f) => ({ fileId: f.fileId as string }));

/** A modal holding a form that posts to the API: field errors next to fields, anything else above. */
function FormModal<V extends object>({
  open,
  title,
  okText,
  onClose,
  submit,
  children,
  initialValues,
  uploading,
}: {
  /** An upload is under way: the form waits for it. */
  uploading?: boolean;
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
    <Modal okButtonProps={{ autoInsertSpace: false, disabled: uploading }} cancelButtonProps={{ autoInsertSpace: false }} open={open} title={title} okText={okText} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} destroyOnHidden width={640}>
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
  const viewer = useViewer();
  const mine = useApiQuery(() => (bid ? Promise.resolve(null) : api.get<Page<TeamView>>('/teams/mine', { page: 1, pageSize: 100 })), [bid]);
  const teams = biddableTeams(mine.data?.items ?? [], viewer?.id);
  const [uploading, setUploading] = useState(false);
  return (
    <FormModal<{ teamId?: string; plan: string; expectedResults: string; milestones: { name: string; dueDate: string }[]; commitment: string; attachments?: FileRef[] }>
      open={open}
      uploading={uploading}
      title={bid ? t('tasks.action.updateBid') : t('tasks.action.bid')}
      okText={bid ? t('action.save') : t('tasks.bid.submit')}
      onClose={onClose}
      initialValues={
        bid
          ? { plan: bid.plan ?? '', expectedResults: bid.expectedResults ?? '', milestones: bid.milestones ?? task.milestones, commitment: bid.commitment ?? '', attachments: fileRefs(bid.attachments ?? []) }
          : { milestones: task.milestones, attachments: [] }
      }
      submit={async (values) => {
        const sent = (values.attachments ?? []).filter((f) => f.fileId);
        const body = { plan: values.plan, expectedResults: values.expectedResults, milestones: values.milestones, commitment: values.commitment, attachments: fileIdsOf(sent) };
        try {
          if (bid) await api.patch(`/bids/${bid.id}`, { version: bid.version, ...body });
          else await api.post<BidView>(`/tasks/${task.id}/bids`, { teamId: values.teamId, ...body });
        } catch (caught) {
          throw fileErrorsUnder(caught, 'attachments', sent);
        }
        onDone();
      }}
    >
      {!bid && (
        <Form.Item label={t('tasks.field.teamId')} name="teamId" extra={t('tasks.bid.teamHint')} rules={[rules.required]}>
          <Select options={teams} loading={mine.loading} notFoundContent={mine.loading ? null : t('tasks.bid.noTeam')} />
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
      <Form.Item label={t('tasks.field.bidAttachments')} name="attachments" extra={t('tasks.files.bidHint')}>
        <FileUpload purpose="bid" maxCount={MAX_ATTACHMENTS} onBusyChange={setUploading} />
      </Form.Item>
    </FormModal>
  );
}

/**
 * 评标 on the rubric: each criterion from 0 to its maximum, whole or one decimal, with the running total. Out of
 * range is refused next to the field, never clamped (an InputNumber with min/max would clamp silently on blur).
 */
export function EvaluationModal({ bid, open, onClose, onDone }: { bid: BidView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  const viewer = useViewer();
  const criteria = Object.entries(EVALUATION_MAX) as [keyof typeof EVALUATION_MAX, number][];
  // Scoring again starts from the caller's own evaluation (the form's initial values are read once: wait for the viewer).
  if (!viewer) return null;
  const own = ownEvaluation(bid, viewer);
  return (
    <FormModal<{ scores: Record<keyof typeof EVALUATION_MAX, number>; comment?: string }>
      open={open}
      initialValues={own ? { scores: own.scores, comment: own.comment } : undefined}
      title={t(own ? 'tasks.evaluate.titleAgain' : 'tasks.evaluate.title', { team: bid.teamName })}
      okText={own ? t('tasks.evaluate.resubmit') : t('tasks.evaluate.submit')}
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
          <InputNumber step={0.5} style={{ width: '100%' }} inputMode="decimal" />
        </Form.Item>
      ))}
      <RubricTotal />
      <Form.Item label={t('tasks.field.comment')} name="comment" rules={[rules.comment]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** The sum of the criteria as they are typed, out of the rubric's maximum. */
function RubricTotal() {
  const { t } = useI18n();
  const scores = Form.useWatch('scores', Form.useFormInstance());
  return (
    <Typography.Paragraph strong data-testid="rubric-total" aria-live="polite">
      {t('tasks.evaluate.total', { total: rubricTotal(scores), max: EVALUATION_TOTAL_MAX })}
    </Typography.Paragraph>
  );
}

/**
 * 评审 of one awarded team's results: the team is picked when several are awarded (赛马); a team that applied for
 * 容错 shows its justification and asks the reviewer to accept or reject it, and only such a team may be judged 容错.
 */
export function ReviewModal({ task, open, onClose, onDone }: { task: TaskView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const labels = useLabels();
  const rules = useRules();
  const teams = task.teamVerdicts ?? [];
  const [teamId, setTeamId] = useState<string | undefined>(teams.length === 1 ? teams[0].teamId : undefined);
  const team = teams.find((x) => x.teamId === teamId);
  const applied = team?.tolerance ?? null;
  const required = { required: true, message: t('tasks.validation.required') };
  return (
    <FormModal<{ teamId?: string; verdict: TaskVerdict; tolerance?: ToleranceDecision; comment?: string }>
      open={open}
      title={t('tasks.action.review')}
      okText={t('tasks.review.submit')}
      onClose={onClose}
      initialValues={{ teamId }}
      submit={async (values) => {
        await api.post(`/tasks/${task.id}/reviews`, {
          ...((values.teamId ?? teamId) ? { teamId: values.teamId ?? teamId } : {}),
          verdict: values.verdict,
          comment: values.comment ?? '',
          ...(applied && values.tolerance ? { tolerance: values.tolerance } : {}),
        });
        onDone();
      }}
    >
      {teams.length > 1 && (
        <Form.Item label={t('tasks.review.team')} name="teamId" rules={[required]}>
          <Select onChange={(value: string) => setTeamId(value)} options={teams.map((x) => ({ value: x.teamId, label: x.teamName }))} />
        </Form.Item>
      )}
      {applied && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="review-tolerance" title={t('tasks.review.toleranceApplied')} description={applied.justification} />
      )}
      {applied && (
        <Form.Item label={t('tasks.review.toleranceDecision')} name="tolerance" rules={[required]}>
          <Radio.Group options={(['accepted', 'rejected'] as const).map((d) => ({ value: d, label: t(`tasks.tolerance.${d}`) }))} />
        </Form.Item>
      )}
      <Form.Item label={t('tasks.field.verdict')} name="verdict" rules={[required]}>
        <Radio.Group options={VERDICTS.filter((v) => v !== 'tolerated' || applied).map((v) => ({ value: v, label: labels.verdict(v) }))} />
      </Form.Item>
      <Form.Item label={t('tasks.field.comment')} name="comment" rules={[rules.comment]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** 容错: the lead of an awarded team applies with a written justification, before its results are reviewed. */
export function ToleranceModal({ task, open, onClose, onDone }: { task: TaskView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  return (
    <FormModal<{ justification: string }>
      open={open}
      title={t('tasks.tolerance.title')}
      okText={t('tasks.tolerance.submit')}
      onClose={onClose}
      submit={async (values) => {
        await api.post(`/tasks/${task.id}/tolerance`, { justification: values.justification });
        onDone();
      }}
    >
      <p>{t('tasks.tolerance.hint')}</p>
      <Form.Item label={t('tasks.tolerance.justification')} name="justification" rules={[rules.required, rules.long]}>
        <Input.TextArea rows={5} />
      </Form.Item>
    </FormModal>
  );
}

/** Progress on a milestone of the task or of the awarded bid. */
export function ProgressModal({ task, bid, open, onClose, onDone }: { task: TaskView; bid?: BidView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  const names = [...new Set([...task.milestones, ...(bid?.milestones ?? [])].map((m) => m.name))];
  const [uploading, setUploading] = useState(false);
  return (
    <FormModal<{ milestone: string; note: string; attachments?: FileRef[] }>
      open={open}
      uploading={uploading}
      title={t('tasks.action.progress')}
      okText={t('tasks.progress.submit')}
      onClose={onClose}
      initialValues={{ attachments: [] }}
      submit={async (values) => {
        const sent = (values.attachments ?? []).filter((f) => f.fileId);
        try {
          await api.post(`/tasks/${task.id}/progress`, { milestone: values.milestone, note: values.note, attachments: fileIdsOf(sent) });
        } catch (caught) {
          throw fileErrorsUnder(caught, 'attachments', sent);
        }
        onDone();
      }}
    >
      <Form.Item label={t('tasks.field.milestone')} name="milestone" rules={[{ required: true, message: t('tasks.validation.required') }]}>
        <Select options={names.map((n) => ({ value: n, label: n }))} />
      </Form.Item>
      <Form.Item label={t('tasks.field.note')} name="note" rules={[rules.required, rules.long]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item label={t('tasks.field.progressAttachments')} name="attachments">
        <FileUpload purpose="progress" maxCount={MAX_ATTACHMENTS} onBusyChange={setUploading} />
      </Form.Item>
    </FormModal>
  );
}

/** The awarded team's results: a summary and the deliverables' files (uploaded), each with an optional note. */
export function ResultsModal({ task, open, onClose, onDone }: { task: TaskView; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  const [uploading, setUploading] = useState(false);
  return (
    <FormModal<{ summary: string; files?: FileRef[]; notes?: Record<string, string> }>
      open={open}
      uploading={uploading}
      title={t('tasks.action.results')}
      okText={t('tasks.results.submit')}
      onClose={onClose}
      initialValues={{ files: [] }}
      submit={async (values) => {
        const sent = (values.files ?? []).filter((f) => f.fileId);
        const deliverables = sent.map((f) => {
          const description = values.notes?.[f.fileId as string]?.trim();
          return { fileId: f.fileId as string, ...(description ? { description } : {}) };
        });
        try {
          await api.post(`/tasks/${task.id}/results`, { summary: values.summary, deliverables });
        } catch (caught) {
          throw fileErrorsUnder(caught, 'deliverables', sent);
        }
        onDone();
      }}
    >
      <Form.Item label={t('tasks.field.summary')} name="summary" rules={[rules.required, rules.long]}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item label={t('tasks.field.deliverables')} name="files" extra={t('tasks.files.resultHint')}>
        <FileUpload purpose="result" maxCount={MAX_DELIVERABLES} onBusyChange={setUploading} />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(before, after) => before.files !== after.files}>
        {({ getFieldValue }) =>
          ((getFieldValue('files') as FileRef[] | undefined) ?? [])
            .filter((f) => f.fileId)
            .map((f) => (
              <Form.Item key={f.fileId} label={t('tasks.field.deliverableNote', { name: f.name })} name={['notes', f.fileId as string]} rules={[rules.comment]}>
                <Input />
              </Form.Item>
            ))
        }
      </Form.Item>
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
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t(task.status === 'draft' ? 'tasks.withdraw.whatDraft' : 'tasks.withdraw.what', { title: task.title })} />
      <Form.Item label={t('tasks.field.comment')} name="comment" rules={[rules.comment]}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </FormModal>
  );
}

/** The award when it passes over a higher-ranked bid: the publisher writes the reason (理由), published with it. */
export function AwardModal({ task, bidIds, passedOver, open, onClose, onDone }: { task: TaskView; bidIds: string[]; passedOver: BidView[]; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t } = useI18n();
  const rules = useRules();
  return (
    <FormModal<{ reason: string }>
      open={open}
      title={t('tasks.award.reasonTitle')}
      okText={t('tasks.action.award')}
      onClose={onClose}
      submit={async (values) => {
        await api.post(`/tasks/${task.id}/award`, { bidIds, reason: values.reason });
        onDone();
      }}
    >
      <p>{t('tasks.award.chosen', { teams: task.bids.filter((b) => bidIds.includes(b.id)).map((b) => b.teamName).join('、') })}</p>
      <p>{t('tasks.award.reasonHint')}</p>
      <p>
        {t('tasks.award.passedOver')}：{passedOver.map((b) => b.teamName).join('、')}
      </p>
      <Form.Item label={t('tasks.award.reason')} name="reason" rules={[rules.required, rules.comment]}>
        <Input.TextArea rows={4} />
      </Form.Item>
    </FormModal>
  );
}
