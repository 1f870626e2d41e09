import { useEffect } from 'react';
import { Alert, App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { RecordDetailView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import { IMPACT_LEVELS, RATINGS, useRecordLabels } from './shared';
import { disputeReopens, reviewNeedsComment } from './rules';
import { FileList } from '../../components/files/FileList';
import { fileRefs } from '../../components/files/types';
import { CommentTemplates } from './CommentTemplates';
import { isTemplateDecision } from './commentTemplates';

export type DecisionKind = 'review' | 'assess' | 'revoke' | 'withdraw' | 'confirmShare' | 'disputeShare';

interface Props {
  kind: DecisionKind | null;
  record: (Pick<RecordDetailView, 'id' | 'title' | 'impactLevel'> & Partial<Pick<RecordDetailView, 'status' | 'evidence'>>) | null;
  onClose(): void;
  onDone(record: RecordDetailView): void;
  /** A preset decision (e.g. the queue's "退回" button opens the review dialog on `return`). */
  initialDecision?: string;
}

/** 审核 / 研判 / 撤销 / 份额确认: one dialog, its fields named like the API's body so field errors land next to them. */
export function DecisionModal({ kind, record, onClose, onDone, initialDecision }: Props) {
  const { t } = useI18n();
  const labels = useRecordLabels();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const { busy, error, setError, run } = useSubmission(form);
  const decision = Form.useWatch('decision', form) as string | undefined;
  const comment = Form.useWatch('comment', form) as string | undefined;
  const open = !!kind && !!record;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (kind === 'review') form.setFieldsValue({ decision: initialDecision ?? 'approve', comment: '' });
    if (kind === 'assess') form.setFieldsValue({ decision: initialDecision ?? 'confirm', impactLevel: record?.impactLevel, comment: '' });
    if (kind === 'revoke') form.setFieldsValue({ reason: '' });
    if (kind === 'confirmShare' || kind === 'disputeShare' || kind === 'withdraw') form.setFieldsValue({ comment: '' });
  }, [open, kind, record, initialDecision, form, setError]);

  if (!open) return null;

  const title =
    kind === 'review'
      ? t('records.decision.reviewTitle', { title: record.title })
      : kind === 'assess'
        ? t('records.decision.assessTitle', { title: record.title })
        : kind === 'revoke'
          ? t('records.decision.revokeTitle', { title: record.title })
          : kind === 'withdraw'
            ? t('records.decision.withdrawTitle', { title: record.title })
            : t('records.decision.participationTitle', { title: record.title });
  const okText =
    kind === 'confirmShare' ? t('records.action.confirmShare') : kind === 'disputeShare' ? t('records.action.disputeShare') : kind === 'revoke' ? t('records.action.revoke') : kind === 'withdraw' ? t('records.action.withdraw') : t('action.confirm');

  const finish = async () => {
    let values: Record<string, string | undefined>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    await run(async () => {
      let path: string;
      let body: Record<string, unknown>;
      if (kind === 'review') {
        path = 'review';
        body = { decision: values.decision, comment: values.comment?.trim() ?? '' };
      } else if (kind === 'assess') {
        path = 'assess';
        body =
          values.decision === 'confirm'
            ? { decision: 'confirm', rating: values.rating, impactLevel: values.impactLevel, comment: values.comment?.trim() ?? '' }
            : { decision: 'return', comment: values.comment?.trim() ?? '' };
      } else if (kind === 'revoke') {
        path = 'revoke';
        body = { reason: values.reason?.trim() };
      } else if (kind === 'withdraw') {
        path = 'withdraw';
        body = { comment: values.comment?.trim() ?? '' };
      } else {
        path = 'participation';
        body = { decision: kind === 'confirmShare' ? 'confirm' : 'dispute', comment: values.comment?.trim() ?? '' };
      }
      const updated = await api.post<RecordDetailView>(`/records/${record.id}/${path}`, body);
      message.success(t('records.done'));
      onDone(updated);
    });
  };

  const reopens = kind === 'disputeShare' && !!record.status && disputeReopens({ status: record.status });
  const commentRequired = (kind === 'review' && reviewNeedsComment(decision)) || reopens;
  return (
    <Modal open title={title} onCancel={onClose} onOk={finish} okText={okText} cancelText={t('action.cancel')} confirmLoading={busy} destroyOnHidden>
      <ProblemAlert error={error} />
      {(kind === 'review' || kind === 'assess') && !!record.evidence?.length && (
        <div style={{ marginBottom: 12 }}>
          <Typography.Text strong>{t('records.detail.evidence')}</Typography.Text>
          <FileList files={fileRefs(record.evidence)} data-testid="decision-evidence" />
        </div>
      )}
      {reopens && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('records.decision.disputeVerified')} />}
      <Form form={form} layout="vertical" aria-label={title}>
        {kind === 'review' && (
          <Form.Item label={t('records.decision.decision')} name="decision" rules={[{ required: true }]}>
            <Radio.Group
              options={[
                { value: 'approve', label: t('records.action.approve') },
                { value: 'return', label: t('records.action.return') },
                { value: 'reject', label: t('records.action.reject') },
              ]}
            />
          </Form.Item>
        )}
        {kind === 'assess' && (
          <>
            <Form.Item label={t('records.decision.assessDecision')} name="decision" rules={[{ required: true }]}>
              <Radio.Group
                options={[
                  { value: 'confirm', label: t('records.action.confirm') },
                  { value: 'return', label: t('records.action.return') },
                ]}
              />
            </Form.Item>
            {decision === 'confirm' && (
              <>
                <Form.Item label={t('records.field.rating')} name="rating" rules={[{ required: true, message: t('records.validation.select', { field: t('records.field.rating') }) }]}>
                  <Select options={RATINGS.map((rating) => ({ value: rating, label: labels.rating(rating) }))} />
                </Form.Item>
                <Form.Item
                  label={t('records.field.confirmedImpactLevel')}
                  name="impactLevel"
                  extra={t('records.decision.claimed', { level: labels.impact(record.impactLevel) })}
                  rules={[{ required: true, message: t('records.validation.select', { field: t('records.field.confirmedImpactLevel') }) }]}
                >
                  <Select options={IMPACT_LEVELS.map((level) => ({ value: level, label: labels.impact(level) }))} />
                </Form.Item>
              </>
            )}
          </>
        )}
        {kind === 'revoke' ? (
          <Form.Item
            label={t('records.decision.reason')}
            name="reason"
            rules={[
              { required: true, whitespace: true, message: t('records.validation.required', { field: t('records.decision.reason') }) },
              { max: 2000, message: t('records.validation.max', { field: t('records.decision.reason'), max: 2000 }) },
            ]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        ) : (
          <>
            {(kind === 'review' || kind === 'assess') && isTemplateDecision(decision) && (
              <CommentTemplates decision={decision} comment={comment} onChange={(text) => form.setFieldsValue({ comment: text })} />
            )}
            <Form.Item
              label={t('records.field.comment')}
              name="comment"
              dependencies={['decision']}
              rules={[
                { required: commentRequired, whitespace: true, message: reopens ? t('records.validation.disputeReason') : t('records.validation.commentRequired') },
                { max: 2000, message: t('records.validation.max', { field: t('records.field.comment'), max: 2000 }) },
              ]}
            >
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
