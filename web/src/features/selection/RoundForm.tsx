import { Button, Form, Input, InputNumber, Radio, Select, Space, TreeSelect, Typography } from 'antd';
import DeleteOutlined from '@ant-design/icons/es/icons/DeleteOutlined';
import PlusOutlined from '@ant-design/icons/es/icons/PlusOutlined';
import type { CreateRoundBody } from '@cadre/contracts';
import { useDepartments } from '../insights/data';
import { DateField } from '../../components/DateField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { DEFAULT_NOTICE_DAYS, EXCLUDABLE_GRADES, MAX_NOTICE_DAYS, RANK_LEVEL_LIST, ROUND_KIND_LIST, periodChoices, roundBody, type RoundFormValues } from './rules';
import { useLabels } from './shared';

const uniqueNames = (message: string) => ({
  validator: async (_: unknown, list: { name?: string }[] | undefined) => {
    const names = (list ?? []).map((p) => p?.name?.trim()).filter(Boolean);
    if (new Set(names).size !== names.length) throw new Error(message);
  },
});

/**
 * 发起选任: kind, name, positions (or awards) with their places, rank level, departments, the shortlist's criteria,
 * notice days and (评先评优) the last day of applications. The API's 400 lands on the fields by `errors[].path`.
 */
export function RoundForm({ onCreated, create }: { onCreated(id: string): void; create(body: CreateRoundBody): Promise<{ id: string }> }) {
  const { t, kind: kindLabel, rank, grade } = useLabels();
  const [form] = Form.useForm<RoundFormValues>();
  const { busy, error, run } = useSubmission(form, { fieldErrorsSuffice: true });
  const departments = useDepartments();
  const kind = Form.useWatch('kind', form);

  return (
    <Form<RoundFormValues>
      form={form}
      layout="vertical"
      initialValues={{ kind: 'promotion', positions: [{ name: '', count: 1 }], departmentIds: [], criteria: { withoutGrades: ['basic', 'incompetent'], gradeYears: 3, limit: 20 }, noticeDays: DEFAULT_NOTICE_DAYS }}
      onFinish={(values) => run(async () => onCreated((await create(roundBody(values))).id))}
    >
      <ProblemAlert error={error} />
      <Form.Item name="kind" label={t('selection.field.kind')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" buttonStyle="solid" options={ROUND_KIND_LIST.map((k) => ({ value: k, label: kindLabel(k) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('selection.field.name')} rules={[{ required: true, whitespace: true, message: t('selection.form.nameRequired') }, { max: 100 }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Typography.Text strong>{t('selection.field.positions')}</Typography.Text>
      <Form.List name="positions" rules={[uniqueNames(t('selection.form.positionsUnique'))]}>
        {(fields, { add, remove }, { errors }) => (
          <div style={{ marginTop: 8 }} data-testid="positions">
            {fields.map((field) => (
              <Space key={field.key} wrap align="start" style={{ display: 'flex' }}>
                <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: t('selection.form.positionRequired') }, { max: 50 }]}>
                  <Input aria-label={t('selection.field.positionName')} placeholder={t('selection.field.positionName')} style={{ width: 220, maxWidth: '100%' }} />
                </Form.Item>
                <Form.Item name={[field.name, 'count']} rules={[{ required: true }]}>
                  <InputNumber aria-label={t('selection.field.count')} min={1} max={500} precision={0} prefix={t('selection.field.count')} style={{ width: 120 }} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} aria-label={t('selection.form.remove')} onClick={() => remove(field.name)} disabled={fields.length <= 1} />
              </Space>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', count: 1 })} disabled={fields.length >= 50}>
              {t('selection.form.addPosition')}
            </Button>
            <Form.ErrorList errors={errors} />
          </div>
        )}
      </Form.List>
      <Space wrap size="large" align="start" style={{ marginTop: 16 }}>
        <Form.Item name="rankLevel" label={t('selection.field.rankLevel')}>
          <Select aria-label={t('selection.field.rankLevel')} allowClear placeholder={t('selection.form.anyRank')} style={{ width: 140 }} options={RANK_LEVEL_LIST.map((r) => ({ value: r, label: rank(r) }))} />
        </Form.Item>
        <Form.Item name="noticeDays" label={t('selection.field.noticeDays')} rules={[{ required: true }]}>
          <InputNumber aria-label={t('selection.field.noticeDays')} min={1} max={MAX_NOTICE_DAYS} precision={0} style={{ width: 120 }} />
        </Form.Item>
        {kind === 'award' && (
          <Form.Item name="applyUntil" label={t('selection.field.applyUntil')} rules={[{ required: true, message: t('selection.form.applyUntilRequired') }]}>
            <DateField aria-label={t('selection.field.applyUntil')} />
          </Form.Item>
        )}
      </Space>
      <Form.Item name="departmentIds" label={t('selection.field.departments')} rules={[{ required: true, type: 'array', min: 1, message: t('selection.form.departmentsRequired') }]}>
        <TreeSelect aria-label={t('selection.field.departments')} treeData={departments.tree} multiple showSearch treeNodeFilterProp="title" treeDefaultExpandAll style={{ width: '100%' }} />
      </Form.Item>
      <Typography.Text strong>{t('selection.form.criteria')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('selection.form.criteriaHelp')}
      </Typography.Paragraph>
      <Space wrap size="large" align="start">
        <Form.Item name={['criteria', 'period']} label={t('selection.field.period')}>
          <Select aria-label={t('selection.field.period')} allowClear placeholder={t('selection.form.currentYear')} style={{ width: 130 }} options={periodChoices().map((y) => ({ value: y, label: t('selection.yearSuffix', { year: y }) }))} />
        </Form.Item>
        <Form.Item name={['criteria', 'withoutGrades']} label={t('selection.field.withoutGrades')}>
          <Select aria-label={t('selection.field.withoutGrades')} mode="multiple" style={{ minWidth: 220 }} options={EXCLUDABLE_GRADES.map((g) => ({ value: g, label: grade(g) }))} />
        </Form.Item>
        <Form.Item name={['criteria', 'gradeYears']} label={t('selection.field.gradeYears')}>
          <InputNumber aria-label={t('selection.field.gradeYears')} min={1} max={10} precision={0} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name={['criteria', 'minSatisfaction']} label={t('selection.field.minSatisfaction')}>
          <InputNumber aria-label={t('selection.field.minSatisfaction')} min={0} max={100} suffix="%" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name={['criteria', 'limit']} label={t('selection.field.limit')}>
          <InputNumber aria-label={t('selection.field.limit')} min={1} max={100} precision={0} style={{ width: 100 }} />
        </Form.Item>
      </Space>
      <div>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('selection.rounds.create')}
        </Button>
      </div>
    </Form>
  );
}
