import { useState } from 'react';
import { Button, Card, Col, Form, Input, InputNumber, Row, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { FormInstance } from 'antd';
import type { ScoringStandard, ScoringStandardView } from '@cadre/contracts';
import { api, ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { hasAtMostDecimals } from './rules';
import { DateField } from '../../components/DateField';

const IMPACT_LEVELS = ['unit', 'district', 'city', 'province', 'national'] as const;
const RATINGS = ['excellent', 'good', 'pass', 'none'] as const;
const VERDICTS = ['excellent', 'pass', 'tolerated', 'fail'] as const;
/** The grades of each cycle kind's scale (docs/API.md "Appraisal"), in the order of the scale, best first. */
export const APPRAISAL_GRADE_SCALES = {
  annual: ['excellent', 'competent', 'basic', 'incompetent'],
  quarterly: ['good', 'fairly_good', 'average', 'poor'],
  special: ['excellent', 'competent', 'basic', 'incompetent'],
} as const;

/** The form's shape: the body of `POST /scoring/standards`, with byFirstLevel as a list of rows (code, points). */
type StandardFormValues = Omit<ScoringStandard, 'itemBasePoints'> & {
  itemBasePoints: { default: number; byFirstLevel: { code: string; points: number }[] };
};

function toForm(standard: ScoringStandard): StandardFormValues {
  return {
    ...standard,
    itemBasePoints: { default: standard.itemBasePoints.default, byFirstLevel: Object.entries(standard.itemBasePoints.byFirstLevel).map(([code, points]) => ({ code, points })) },
  };
}

function toBody(values: StandardFormValues): ScoringStandard {
  const grades = values.appraisalGradePoints;
  return {
    appraisalGradePoints: {
      annual: { ...grades.annual },
      quarterly: { ...grades.quarterly },
      special: { ...grades.special },
    },
    itemBasePoints: { default: values.itemBasePoints.default, byFirstLevel: Object.fromEntries((values.itemBasePoints.byFirstLevel ?? []).map((row) => [row.code, row.points])) },
    impactMultipliers: values.impactMultipliers,
    ratingMultipliers: values.ratingMultipliers,
    participationShare: values.participationShare,
    taskVerdictMultipliers: values.taskVerdictMultipliers,
    flagMultiplier: values.flagMultiplier,
    leaderBonusShare: values.leaderBonusShare,
    yearlyCapPerItem: values.yearlyCapPerItem,
    effectiveFrom: values.effectiveFrom,
    note: (values.note ?? '').trim(),
  };
}

/** The API's field errors put next to the form's fields; `itemBasePoints.byFirstLevel.INVEST` goes to the row of INVEST. */
function showStandardErrors(form: FormInstance<StandardFormValues>, error: unknown): boolean {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.problem.errors?.length) return false;
  const rows = (form.getFieldValue(['itemBasePoints', 'byFirstLevel']) ?? []) as { code: string }[];
  const fields = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const { path, message } of error.problem.errors) {
    if (!path) continue;
    let name: (string | number)[] = path.split('.');
    const match = /^itemBasePoints\.byFirstLevel\.(.+)$/.exec(path);
    if (match) {
      const index = rows.findIndex((row) => row.code === match[1]);
      name = index >= 0 ? ['itemBasePoints', 'byFirstLevel', index, 'points'] : ['itemBasePoints', 'default'];
    }
    const key = name.join('.');
    const entry = fields.get(key) ?? { name, errors: [] };
    entry.errors.push(message);
    fields.set(key, entry);
  }
  form.setFields([...fields.values()] as never);
  return fields.size > 0;
}

/** Creates a draft scoring standard (`POST /scoring/standards`), pre-filled from `base` (the active standard). */
export function StandardForm({ base, onCreated, onCancel }: { base: ScoringStandard; onCreated: (standard: ScoringStandardView) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<StandardFormValues>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const range = (max: number, places: number, message: MessageKey) => [
    { required: true, message: t('admin.std.required') },
    {
      validator: (_: unknown, value: number | null | undefined) =>
        value === null || value === undefined || (value >= 0 && value <= max && hasAtMostDecimals(value, places)) ? Promise.resolve() : Promise.reject(new Error(t(message))),
    },
  ];
  const points = range(1000, 2, 'admin.std.pointsRange');
  const multiplier = range(10, 4, 'admin.std.multiplierRange');
  const share = range(1, 4, 'admin.std.shareRange');

  const submit = async (values: StandardFormValues) => {
    setBusy(true);
    setError(null);
    try {
      onCreated(await api.post<ScoringStandardView>('/scoring/standards', toBody(values)));
    } catch (caught) {
      setError(showStandardErrors(form, caught) ? null : caught);
    } finally {
      setBusy(false);
    }
  };

  const group = (title: MessageKey, field: string, keys: readonly string[], prefix: string) => (
    <Card size="small" title={t(title)} style={{ marginBottom: 12 }}>
      <Row gutter={12}>
        {keys.map((key) => (
          <Col xs={12} sm={8} key={key}>
            <Form.Item label={t(`${prefix}.${key}` as MessageKey)} name={[field, key]} rules={multiplier}>
              <InputNumber min={0} max={10} step={0.1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Card>
  );

  return (
    <Form form={form} layout="vertical" initialValues={toForm(base)} onFinish={submit} aria-label={t('admin.std.createTitle')}>
      <Typography.Paragraph type="secondary">{t('admin.std.createHelp')}</Typography.Paragraph>
      <ProblemAlert error={error} />
      <Card size="small" title={t('admin.std.itemBasePoints')} style={{ marginBottom: 12 }}>
        <Form.Item label={t('admin.std.defaultBase')} name={['itemBasePoints', 'default']} rules={points}>
          <InputNumber min={0} max={1000} style={{ width: '100%', maxWidth: 200 }} />
        </Form.Item>
        <Typography.Text strong>{t('admin.std.byFirstLevel')}</Typography.Text>
        <Form.List name={['itemBasePoints', 'byFirstLevel']}>
          {(rows, { add, remove }) => (
            <>
              {rows.map((row) => (
                <Space key={row.key} align="baseline" wrap>
                  <Form.Item
                    label={t('admin.std.itemCode')}
                    name={[row.name, 'code']}
                    rules={[
                      { required: true, pattern: /^[A-Z]{2,20}$/, message: t('admin.std.itemCodeInvalid') },
                    ]}
                  >
                    <Input style={{ width: 140 }} maxLength={20} />
                  </Form.Item>
                  <Form.Item label={t('admin.tax.basePoints')} name={[row.name, 'points']} rules={points}>
                    <InputNumber min={0} max={1000} style={{ width: 120 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)}>
                    {t('admin.std.remove')}
                  </Button>
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', points: 5 })} disabled={rows.length >= 50}>
                  {t('admin.std.addItem')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
      </Card>
      <Card size="small" title={t('admin.std.appraisalGradePoints')} style={{ marginBottom: 12 }} data-testid="appraisal-grade-points">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('admin.std.appraisalGradePointsHelp')}
        </Typography.Paragraph>
        {(Object.keys(APPRAISAL_GRADE_SCALES) as (keyof typeof APPRAISAL_GRADE_SCALES)[]).map((kind) => (
          <div key={kind}>
            <Typography.Text strong>{t(`appraisal.kind.${kind}`)}</Typography.Text>
            <Row gutter={12}>
              {APPRAISAL_GRADE_SCALES[kind].map((grade) => (
                <Col xs={12} sm={6} key={grade}>
                  <Form.Item
                    label={t(`appraisal.grade.${grade}`)}
                    name={['appraisalGradePoints', kind, grade]}
                    rules={points}
                  >
                    {/* 年度 and 专项 share the labels 优秀/称职…: the kind is in the field's accessible name. */}
                    <InputNumber aria-label={`${t(`appraisal.kind.${kind}`)} ${t(`appraisal.grade.${grade}`)}`} min={0} max={1000} style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              ))}
            </Row>
          </div>
        ))}
      </Card>
      {group('admin.std.impactMultipliers', 'impactMultipliers', IMPACT_LEVELS, 'admin.impact')}
      {group('admin.std.ratingMultipliers', 'ratingMultipliers', RATINGS, 'admin.rating')}
      {group('admin.std.taskVerdictMultipliers', 'taskVerdictMultipliers', VERDICTS, 'admin.verdict')}
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item label={t('admin.std.participationShare')} name="participationShare" rules={share}>
            <InputNumber min={0} max={1} step={0.05} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label={t('admin.std.leaderBonusShare')} name="leaderBonusShare" rules={share}>
            <InputNumber min={0} max={1} step={0.05} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label={t('admin.std.flagMultiplier')} name="flagMultiplier" rules={multiplier}>
            <InputNumber min={0} max={10} step={0.1} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label={t('admin.std.yearlyCapPerItem')} name="yearlyCapPerItem" rules={points}>
            <InputNumber min={0} max={1000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item label={t('admin.std.effectiveFrom')} name="effectiveFrom" rules={[{ required: true, message: t('admin.std.required') }]}>
            <DateField style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('admin.std.note')} name="note" rules={[{ max: 2000, message: t('admin.std.noteTooLong') }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('action.save')}
        </Button>
        <Button onClick={onCancel}>{t('action.cancel')}</Button>
      </Space>
    </Form>
  );
}
