import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Progress, Radio, Select, Typography } from 'antd';
import type { RecordDetailView } from '@cadre/contracts';
import { api } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { IMPACT_LEVELS, RATINGS, useRecordLabels } from './shared';
import { BULK_CONCURRENCY, bulkRequest, failureReason, runLimited, type BulkDecision } from './bulk';
import { CommentTemplates } from './CommentTemplates';

type Queue = 'review' | 'assess';

interface Props {
  kind: Queue;
  /** The selected records, taken as the dialog opens (while `decision` is set). */
  records: RecordDetailView[];
  decision: BulkDecision | null;
  onClose(): void;
  /** After the decisions were sent (whatever their outcome): the ids that succeeded. */
  onDone(succeeded: string[]): void;
}

interface Summary {
  ok: number;
  failures: { id: string; title: string; reason: string }[];
}

/**
 * 批量审核 / 批量认定: one decision and one comment (and, to verify, one rating) for every selected record, sent one
 * request per record, a few at a time; then how many succeeded and, for each that did not, its title and why.
 */
export function BulkDecisionModal({ kind, records: selected, decision: preset, onClose, onDone }: Props) {
  const { t } = useI18n();
  const labels = useRecordLabels();
  const [form] = Form.useForm();
  const decision = (Form.useWatch('decision', form) as BulkDecision | undefined) ?? preset ?? undefined;
  const comment = Form.useWatch('comment', form) as string | undefined;
  const [sending, setSending] = useState<{ done: number } | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  // The records decided are those selected as the dialog opened (the selection may change under the summary).
  const [records, setRecords] = useState<RecordDetailView[]>([]);
  const open = !!preset;

  useEffect(() => {
    if (!open) return;
    setRecords(selected);
    setSummary(null);
    setSending(null);
    form.resetFields();
    form.setFieldsValue({ decision: preset, comment: '', rating: undefined, impactLevel: undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- taken once as the dialog opens
  }, [open, preset, form]);

  if (!open || records.length === 0) return null;

  const send = async () => {
    let values: { decision: BulkDecision; comment?: string; rating?: string; impactLevel?: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const chosen = { ...values, comment: values.comment ?? '' };
    setSending({ done: 0 });
    const outcomes = await runLimited(
      records,
      BULK_CONCURRENCY,
      (record) => {
        const { path, body } = bulkRequest(kind, record, chosen);
        return api.post<RecordDetailView>(path, body);
      },
      (done) => setSending({ done }),
    );
    setSending(null);
    const failures = outcomes.flatMap((o) => (o.ok ? [] : [{ id: o.item.id, title: o.item.title, reason: failureReason(o.error, o.item, chosen.decision, t) }]));
    setSummary({ ok: outcomes.length - failures.length, failures });
    onDone(outcomes.flatMap((o) => (o.ok ? [o.item.id] : [])));
  };

  const decisions =
    kind === 'review'
      ? [
          { value: 'approve', label: t('records.action.approve') },
          { value: 'return', label: t('records.action.return') },
        ]
      : [
          { value: 'confirm', label: t('records.action.confirm') },
          { value: 'return', label: t('records.action.return') },
        ];
  const title = t('records.bulk.title', { count: records.length });

  if (summary) {
    return (
      <Modal open title={title} onCancel={onClose} onOk={onClose} okText={t('records.bulk.close')} cancelButtonProps={{ style: { display: 'none' } }} destroyOnHidden>
        <div data-testid="bulk-summary">
          <Alert
            type={summary.failures.length ? 'warning' : 'success'}
            showIcon
            title={summary.failures.length ? t('records.bulk.summary', { ok: summary.ok, failed: summary.failures.length }) : t('records.bulk.allDone', { ok: summary.ok })}
            style={{ marginBottom: 12 }}
          />
          {summary.failures.length > 0 && (
            <>
              <Typography.Text strong>{t('records.bulk.failures')}</Typography.Text>
              <ul style={{ paddingInlineStart: 20, marginTop: 4 }}>
                {summary.failures.map((failure) => (
                  <li key={failure.id} data-testid="bulk-failure" style={{ wordBreak: 'break-word' }}>
                    <Typography.Text strong>{failure.title}</Typography.Text>：{failure.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      open
      title={title}
      onCancel={sending ? undefined : onClose}
      closable={!sending}
      mask={{ closable: !sending }}
      onOk={send}
      okText={t('records.bulk.submit')}
      cancelText={t('action.cancel')}
      confirmLoading={!!sending}
      cancelButtonProps={{ disabled: !!sending }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('records.bulk.oneComment')}</Typography.Paragraph>
      <Typography.Text strong>{t('records.bulk.records')}</Typography.Text>
      <ul style={{ maxHeight: 160, overflowY: 'auto', paddingInlineStart: 20, marginTop: 4 }} aria-label={t('records.bulk.records')}>
        {records.map((record) => (
          <li key={record.id} style={{ wordBreak: 'break-word' }}>
            {record.title}
            <Typography.Text type="secondary"> · {record.cadreName}</Typography.Text>
          </li>
        ))}
      </ul>
      {sending && <Progress percent={Math.round((sending.done / records.length) * 100)} format={() => t('records.bulk.progress', { done: sending.done, total: records.length })} />}
      <Form form={form} layout="vertical" aria-label={title} disabled={!!sending}>
        <Form.Item label={kind === 'review' ? t('records.decision.decision') : t('records.decision.assessDecision')} name="decision" rules={[{ required: true }]}>
          <Radio.Group options={decisions} />
        </Form.Item>
        {kind === 'assess' && decision === 'confirm' && (
          <>
            <Form.Item
              label={t('records.field.rating')}
              name="rating"
              extra={t('records.bulk.ratingHint')}
              rules={[{ required: true, message: t('records.validation.select', { field: t('records.field.rating') }) }]}
            >
              <Select options={RATINGS.map((rating) => ({ value: rating, label: labels.rating(rating) }))} />
            </Form.Item>
            <Form.Item label={t('records.field.confirmedImpactLevel')} name="impactLevel" extra={t('records.bulk.impactHint')}>
              <Select allowClear placeholder={t('records.bulk.impactDefault')} options={IMPACT_LEVELS.map((level) => ({ value: level, label: labels.impact(level) }))} />
            </Form.Item>
          </>
        )}
        {decision && <CommentTemplates decision={decision} comment={comment} onChange={(text) => form.setFieldsValue({ comment: text })} />}
        <Form.Item
          label={t('records.field.comment')}
          name="comment"
          dependencies={['decision']}
          rules={[
            { required: decision === 'return', whitespace: true, message: t('records.validation.commentRequired') },
            { max: 2000, message: t('records.validation.max', { field: t('records.field.comment'), max: 2000 }) },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
