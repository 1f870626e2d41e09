import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Form, Input, Radio, Space, Tag, Timeline, Typography } from 'antd';
import type { ObjectionView, RoundView } from '@cadre/contracts';
import { selectionApi } from './api';
import { FormModal } from './FormModal';
import { OBJECTION_STATUS_COLORS } from './rules';
import { formatTime, useLabels } from './shared';

interface AnswerValues {
  outcome: 'upheld' | 'rejected';
  answer: string;
  withdrawCandidate?: boolean;
}

/** The objections to the notice, with the objector (this page is the organisation department's only): 核查, 答复. */
export function ObjectionsPanel({ round, onChanged }: { round: RoundView; onChanged(view: RoundView): void }) {
  const { t } = useLabels();
  const [investigating, setInvestigating] = useState<ObjectionView | null>(null);
  const [answering, setAnswering] = useState<ObjectionView | null>(null);
  if (!round.objections.length) return <Empty description={t('selection.round.noObjections')} />;
  const answered = (o: ObjectionView) => o.status === 'upheld' || o.status === 'rejected';
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {round.objections.map((o) => (
        <Card key={o.id} size="small" data-testid="objection">
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            <Space wrap>
              <Tag color={OBJECTION_STATUS_COLORS[o.status]} data-testid="objection-status">
                {o.statusLabel}
              </Tag>
              <Typography.Text strong>{t('selection.objection.against', { name: o.candidateName })}</Typography.Text>
              {o.withdrewCandidate && <Tag color="red">{t('selection.objection.withdrew')}</Tag>}
            </Space>
            <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{o.reason}</Typography.Paragraph>
            <Typography.Text type="secondary" data-testid="objector">
              {t('selection.field.objector')}：{t('selection.objection.by', { name: o.filedBy.name, department: o.filedBy.departmentName })} · {formatTime(o.filedAt)}
            </Typography.Text>
            {o.investigation.length > 0 && (
              <Timeline
                style={{ marginTop: 8 }}
                items={o.investigation.map((n, i) => ({
                  key: i,
                  children: (
                    <div>
                      <div>{n.note}</div>
                      <Typography.Text type="secondary">
                        {n.by.name} · {formatTime(n.at)}
                      </Typography.Text>
                    </div>
                  ),
                }))}
              />
            )}
            {o.answer && (
              <Typography.Text data-testid="objection-answer">
                {t('selection.field.answer')}：{o.answer}（{o.answeredBy?.name} · {formatTime(o.answeredAt)}）
              </Typography.Text>
            )}
            {!answered(o) && (
              <Space wrap>
                <Button onClick={() => setInvestigating(o)}>{t('selection.objection.investigate')}</Button>
                <Button type="primary" onClick={() => setAnswering(o)}>
                  {t('selection.objection.answer')}
                </Button>
              </Space>
            )}
          </Space>
        </Card>
      ))}
      <FormModal<{ note: string }, RoundView>
        open={!!investigating}
        title={t('selection.objection.investigateTitle')}
        okText={t('selection.objection.investigate')}
        submit={({ note }) => selectionApi.investigate(round.id, investigating!.id, note.trim())}
        onDone={(view) => {
          setInvestigating(null);
          onChanged(view);
        }}
        onCancel={() => setInvestigating(null)}
      >
        <Form.Item name="note" label={t('selection.objection.note')} rules={[{ required: true, whitespace: true, message: t('selection.objection.noteRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} />
        </Form.Item>
      </FormModal>
      <FormModal<AnswerValues, RoundView>
        open={!!answering}
        title={answering ? `${t('selection.objection.answerTitle')} · ${answering.candidateName}` : ''}
        okText={t('selection.objection.answer')}
        submit={(values) =>
          selectionApi.answer(round.id, answering!.id, {
            outcome: values.outcome,
            answer: values.answer.trim(),
            ...(values.outcome === 'upheld' ? { withdrawCandidate: !!values.withdrawCandidate } : {}),
          })
        }
        onDone={(view) => {
          setAnswering(null);
          onChanged(view);
        }}
        onCancel={() => setAnswering(null)}
      >
        <Form.Item name="outcome" label={t('selection.field.outcome')} rules={[{ required: true, message: t('selection.objection.outcomeRequired') }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'upheld', label: t('selection.objection.upheld') },
              { value: 'rejected', label: t('selection.objection.rejected') },
            ]}
          />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a: AnswerValues, b: AnswerValues) => a.outcome !== b.outcome}>
          {({ getFieldValue }) =>
            getFieldValue('outcome') === 'upheld' && (
              <Form.Item name="withdrawCandidate" valuePropName="checked">
                <Checkbox>{t('selection.objection.withdraw')}</Checkbox>
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name="answer" label={t('selection.field.answer')} rules={[{ required: true, whitespace: true, message: t('selection.objection.answerRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </Space>
  );
}
