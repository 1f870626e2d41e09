import { Alert, Button, Descriptions, Drawer, Empty, Form, Input, Radio, Select, Space, Tag, Timeline, Typography } from 'antd';
import type { RoundCandidateView, RoundView } from '@cadre/contracts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useItemNames } from '../insights/data';
import { itemName } from '../insights/format';
import { useSubmission } from '../../components/forms';
import { selectionApi } from './api';
import { cityRankText, decidable, openPositions, pointsText } from './rules';
import { CandidateStatusTag, Stack, formatTime, useLabels, usePhone } from './shared';

/** The evidence frozen at the draw: points by item, place city-wide, best records and tasks, grades, 满意度. */
export function FrozenEvidencePanel({ candidate }: { candidate: RoundCandidateView }) {
  const { t } = useLabels();
  const names = useItemNames();
  const e = candidate.evidence;
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }} data-testid="frozen-evidence">
      <Alert type="info" showIcon title={t('selection.candidate.frozenAt', { time: formatTime(e.capturedAt), period: e.period })} />
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('selection.field.points')}>{pointsText(e.points)}</Descriptions.Item>
        <Descriptions.Item label={t('selection.field.cityRank')}>
          <Space size={4}>
            {cityRankText(e)}
            {e.topDecile && <Tag color="gold">{t('selection.topDecile')}</Tag>}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('selection.candidate.satisfaction')}>{e.satisfaction === null ? '—' : t('selection.percent', { n: Math.round(e.satisfaction * 10) / 10 })}</Descriptions.Item>
        <Descriptions.Item label={t('selection.candidate.grades')}>
          {e.grades.length ? (
            <Space size={4} wrap>
              {e.grades.map((g) => (
                <Tag key={`${g.cycleId}`}>
                  {g.cycleName} {g.gradeLabel}
                </Tag>
              ))}
            </Space>
          ) : (
            t('selection.candidate.none')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('selection.candidate.byItem')} span={2}>
          {Object.keys(e.byItem).length ? (
            <Space size={4} wrap>
              {Object.entries(e.byItem).map(([item, points]) => (
                <Tag key={item}>
                  {itemName(names, t, item)} {pointsText(points)}
                </Tag>
              ))}
            </Space>
          ) : (
            t('selection.candidate.none')
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text type="secondary">{t('selection.candidate.summary', { records: e.evidence.verifiedRecords, tasks: e.evidence.concludedTasks })}</Typography.Text>
      <Typography.Text strong>{t('selection.candidate.records')}</Typography.Text>
      <Stack
        plain
        items={e.evidence.records}
        empty={t('selection.candidate.none')}
        render={(r) => (
          <Space orientation="vertical" size={0} data-testid="evidence-record">
            <Typography.Text>{r.title}</Typography.Text>
            <Typography.Text type="secondary">
              {itemName(names, t, r.itemCode)} · {formatTime(r.verifiedAt, true)} · {pointsText(r.points)}
            </Typography.Text>
          </Space>
        )}
      />
      <Typography.Text strong>{t('selection.candidate.tasks')}</Typography.Text>
      <Stack
        plain
        items={e.evidence.tasks}
        empty={t('selection.candidate.none')}
        render={(task) => (
          <Space orientation="vertical" size={0}>
            <Typography.Text>{task.title}</Typography.Text>
            <Typography.Text type="secondary">
              {formatTime(task.concludedAt, true)} · {pointsText(task.points)}
            </Typography.Text>
          </Space>
        )}
      />
    </Space>
  );
}

function InspectionNotes({ round, candidate, onChanged }: { round: RoundView; candidate: RoundCandidateView; onChanged(view: RoundView): void }) {
  const { t } = useLabels();
  const [form] = Form.useForm<{ note: string }>();
  const { busy, error, run } = useSubmission(form, { fieldErrorsSuffice: true });
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Text strong>{t('selection.candidate.inspection')}</Typography.Text>
      {candidate.inspection.length ? (
        <Timeline
          items={candidate.inspection.map((n, i) => ({
            key: i,
            children: (
              <div data-testid="inspection-note">
                <div>{n.note}</div>
                <Typography.Text type="secondary">
                  {n.by.name} · {formatTime(n.at)}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('selection.candidate.none')} />
      )}
      {decidable(round) && (
        <Form
          form={form}
          layout="vertical"
          onFinish={({ note }) =>
            run(async () => {
              onChanged(await selectionApi.inspect(round.id, candidate.candidateId, note.trim()));
              form.resetFields();
            })
          }
        >
          <ProblemAlert error={error} />
          <Form.Item name="note" label={t('selection.candidate.addNote')} rules={[{ required: true, whitespace: true, message: t('selection.candidate.noteRequired') }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit" loading={busy}>
            {t('selection.candidate.addNote')}
          </Button>
        </Form>
      )}
    </Space>
  );
}

interface DecisionValues {
  selected: boolean;
  position?: string;
  reason: string;
}

function Decision({ round, candidate, onChanged }: { round: RoundView; candidate: RoundCandidateView; onChanged(view: RoundView): void }) {
  const { t } = useLabels();
  const [form] = Form.useForm<DecisionValues>();
  const { busy, error, run } = useSubmission(form, { fieldErrorsSuffice: true });
  const selected = Form.useWatch('selected', form);
  const decision = candidate.decision;
  const positions = openPositions(round, decision?.selected ? decision.position : null);
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Text strong>{t('selection.candidate.decision')}</Typography.Text>
      <Typography.Text data-testid="decision-line">
        {decision
          ? t('selection.candidate.decisionLine', {
              by: decision.by.name,
              at: formatTime(decision.at),
              what: `${decision.selected ? t('selection.candidate.selectedFor', { position: decision.position ?? '' }) : t('selection.candidate.notSelected')}。${decision.reason}`,
            })
          : t('selection.candidate.noDecision')}
      </Typography.Text>
      {decidable(round) ? (
        <Form<DecisionValues>
          form={form}
          layout="vertical"
          initialValues={{ selected: decision?.selected ?? true, position: decision?.position ?? undefined, reason: decision?.reason ?? '' }}
          onFinish={(values) =>
            run(async () =>
              onChanged(
                await selectionApi.decide(round.id, candidate.candidateId, {
                  selected: values.selected,
                  reason: values.reason.trim(),
                  ...(values.selected ? { position: values.position } : {}),
                }),
              ),
            )
          }
        >
          <ProblemAlert error={error} />
          <Form.Item name="selected" label={t('selection.candidate.decide')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: true, label: t('selection.candidate.select') },
                { value: false, label: t('selection.candidate.reject') },
              ]}
            />
          </Form.Item>
          {selected !== false && (
            <Form.Item name="position" label={t('selection.field.position')} rules={[{ required: true, message: t('selection.candidate.positionRequired') }]}>
              <Select aria-label={t('selection.field.position')} options={positions.map((p) => ({ value: p, label: p }))} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('selection.field.reason')} rules={[{ required: true, whitespace: true, message: t('selection.candidate.reasonRequired') }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('selection.candidate.decide')}
          </Button>
        </Form>
      ) : (
        round.status !== 'applying' && <Typography.Text type="secondary">{t('selection.candidate.locked')}</Typography.Text>
      )}
    </Space>
  );
}

/** A candidate: who, the frozen evidence, 考察 notes (add), and the decision (take or change while 考察中). */
export function CandidateDrawer({ round, candidateId, onChanged, onClose }: { round: RoundView; candidateId: string | null; onChanged(view: RoundView): void; onClose(): void }) {
  const phone = usePhone();
  const candidate = round.candidates.find((c) => c.candidateId === candidateId) ?? null;
  return (
    <Drawer open={!!candidate} onClose={onClose} title={candidate?.name ?? ''} size={phone ? '100%' : 640} destroyOnHidden>
      {candidate && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Space wrap>
            <CandidateStatusTag status={candidate.status} label={candidate.statusLabel} />
            <Typography.Text>
              {[candidate.departmentName, candidate.title, candidate.rankLabel].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Space>
          <FrozenEvidencePanel candidate={candidate} />
          <InspectionNotes round={round} candidate={candidate} onChanged={onChanged} />
          <Decision key={`${candidate.candidateId}:${candidate.decision?.at ?? ''}`} round={round} candidate={candidate} onChanged={onChanged} />
        </Space>
      )}
    </Drawer>
  );
}
