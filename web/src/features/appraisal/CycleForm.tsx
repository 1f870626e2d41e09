import { Button, Form, Input, InputNumber, Radio, Select, Space, Switch, Tag, TreeSelect, Typography } from 'antd';
import DeleteOutlined from '@ant-design/icons/es/icons/DeleteOutlined';
import PlusOutlined from '@ant-design/icons/es/icons/PlusOutlined';
import type { CreateCycleBody, CycleKind, RaterGroup } from '@cadre/contracts';
import { useDepartments } from '../insights/data';
import { DateField } from '../../components/DateField';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { beijingNow, CYCLE_KIND_LIST, DEFAULT_CRITERIA, DEFAULT_GROUPS, percentSum, periodOf, RATER_GROUP_LIST, toFraction, toPercent } from './rules';
import { useLabels } from './shared';

interface Values {
  kind: CycleKind;
  name: string;
  year: number;
  quarter: number;
  departmentIds: string[];
  quota: number;
  dueDate?: string;
  withSurvey: boolean;
  criteria: { code: string; name: string; weight: number }[];
  groups: { group: RaterGroup; weight: number; minRaters: number }[];
}

/** The body of `POST /appraisal/cycles` from the form (weights and quota are entered in percent). */
export function cycleBody(values: Values): CreateCycleBody {
  return {
    kind: values.kind,
    name: values.name.trim(),
    period: periodOf(values.kind, values.year, values.quarter),
    departmentIds: values.departmentIds,
    topGradeQuota: toFraction(values.quota),
    ...(values.dueDate ? { dueDate: values.dueDate } : {}),
    ...(values.withSurvey
      ? {
          survey: {
            criteria: values.criteria.map((c) => ({ code: c.code.trim(), name: c.name.trim(), weight: toFraction(c.weight) })),
            groups: values.groups.map((g) => ({ group: g.group, weight: toFraction(g.weight), minRaters: g.minRaters })),
          },
        }
      : {}),
  };
}

/** The live sum of weights (in percent) beside a list: green at 100%, red otherwise. */
function WeightsTotal({ weights, testId }: { weights: (number | undefined)[]; testId: string }) {
  const { t } = useLabels();
  const sum = percentSum(weights);
  return (
    <Tag color={sum === 100 ? 'success' : 'error'} data-testid={testId}>
      {t('appraisal.form.weightsTotal', { sum })}
    </Tag>
  );
}

const sumsTo100 = (message: (sum: number) => string) => ({
  validator: async (_: unknown, list: { weight?: number }[] | undefined) => {
    const sum = percentSum((list ?? []).map((item) => item?.weight));
    if (sum !== 100) throw new Error(message(sum));
  },
});

/** 发起考核: kind, name, period (a quarter for 平时), departments, 优秀 quota, due date, and the optional 民主测评. */
export function CycleForm({ onCreated, create }: { onCreated(id: string): void; create(body: CreateCycleBody): Promise<{ id: string }> }) {
  const { t, kind: kindLabel, group: groupLabel } = useLabels();
  const [form] = Form.useForm<Values>();
  const { busy, error, run } = useSubmission(form, { fieldErrorsSuffice: false });
  const departments = useDepartments();
  const now = beijingNow();
  const kind = Form.useWatch('kind', form);
  const withSurvey = Form.useWatch('withSurvey', form);
  const criteria = Form.useWatch('criteria', form) as Values['criteria'] | undefined;
  const groups = Form.useWatch('groups', form) as Values['groups'] | undefined;
  const years = [now.year - 1, now.year, now.year + 1];

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{
        kind: 'annual',
        year: now.year,
        quarter: now.quarter,
        departmentIds: [],
        quota: 20,
        withSurvey: false,
        criteria: DEFAULT_CRITERIA.map((c) => ({ ...c, weight: toPercent(c.weight) })),
        groups: DEFAULT_GROUPS.map((g) => ({ ...g, weight: toPercent(g.weight) })),
      }}
      onFinish={(values) => run(async () => onCreated((await create(cycleBody(values))).id))}
    >
      <ProblemAlert error={error} />
      <Form.Item name="kind" label={t('appraisal.field.kind')} rules={[{ required: true }]}>
        <Radio.Group optionType="button" buttonStyle="solid" options={CYCLE_KIND_LIST.map((k) => ({ value: k, label: kindLabel(k) }))} />
      </Form.Item>
      <Form.Item name="name" label={t('appraisal.field.name')} rules={[{ required: true, whitespace: true, message: t('appraisal.form.nameRequired') }, { max: 100 }]}>
        <Input maxLength={100} placeholder={`${now.year}年度干部考核`} />
      </Form.Item>
      <Form.Item label={t('appraisal.field.period')} required>
        <Space wrap>
          <Form.Item name="year" noStyle rules={[{ required: true }]}>
            <Select aria-label={t('appraisal.field.year')} style={{ width: 120 }} options={years.map((y) => ({ value: y, label: t('appraisal.yearSuffix', { year: y }) }))} />
          </Form.Item>
          {kind === 'quarterly' && (
            <Form.Item name="quarter" noStyle rules={[{ required: true }]}>
              <Radio.Group
                aria-label={t('appraisal.field.quarter')}
                optionType="button"
                options={[1, 2, 3, 4].map((n) => ({ value: n, label: t('appraisal.quarter', { n }) }))}
                data-testid="quarter-picker"
              />
            </Form.Item>
          )}
        </Space>
      </Form.Item>
      <Form.Item name="departmentIds" label={t('appraisal.field.departments')} rules={[{ required: true, type: 'array', min: 1, message: t('appraisal.form.departmentsRequired') }]}>
        <TreeSelect
          aria-label={t('appraisal.field.departments')}
          treeData={departments.tree}
          // Each department listed brings its subtree (the API's rule): picked one by one, a parent never implied.
          multiple
          showSearch
          treeNodeFilterProp="title"
          treeDefaultExpandAll
          style={{ width: '100%' }}
        />
      </Form.Item>
      <Space wrap size="large" align="start">
        <Form.Item name="quota" label={t('appraisal.field.quota')} tooltip={t('appraisal.form.quotaHelp')} rules={[{ required: true }]}>
          <InputNumber min={0} max={100} precision={2} suffix="%" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('appraisal.field.dueDate')}>
          <DateField aria-label={t('appraisal.field.dueDate')} />
        </Form.Item>
      </Space>
      <Form.Item name="withSurvey" label={t('appraisal.field.survey')} valuePropName="checked" extra={t('appraisal.form.surveyHelp')}>
        <Switch aria-label={t('appraisal.field.survey')} />
      </Form.Item>
      {withSurvey && (
        <>
          <Typography.Text strong>
            {t('appraisal.field.criteria')} <WeightsTotal weights={(criteria ?? []).map((c) => c?.weight)} testId="criteria-total" />
          </Typography.Text>
          <Form.List name="criteria" rules={[sumsTo100((sum) => t('appraisal.form.weightsMustBe100', { sum }))]}>
            {(fields, { add, remove }, { errors }) => (
              <div style={{ marginTop: 8 }}>
                {fields.map((field) => (
                  <Space key={field.key} wrap align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'code']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,19}$/, message: t('appraisal.form.codePattern') }]}>
                      <Input aria-label={t('appraisal.field.code')} placeholder={t('appraisal.field.code')} style={{ width: 90 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, max: 20 }]}>
                      <Input aria-label={t('appraisal.field.criterionName')} placeholder={t('appraisal.field.criterionName')} style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'weight']} rules={[{ required: true }]}>
                      <InputNumber aria-label={t('appraisal.field.weight')} min={0} max={100} precision={2} suffix="%" style={{ width: 110 }} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined />} aria-label={t('appraisal.form.remove')} onClick={() => remove(field.name)} disabled={fields.length <= 1} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', weight: 0 })} disabled={fields.length >= 10}>
                  {t('appraisal.form.addCriterion')}
                </Button>
                <Form.ErrorList errors={errors} />
              </div>
            )}
          </Form.List>
          <Typography.Text strong style={{ display: 'block', marginTop: 16 }}>
            {t('appraisal.field.groups')} <WeightsTotal weights={(groups ?? []).map((g) => g?.weight)} testId="groups-total" />
          </Typography.Text>
          <Form.List name="groups" rules={[sumsTo100((sum) => t('appraisal.form.weightsMustBe100', { sum }))]}>
            {(fields, _ops, { errors }) => (
              <div style={{ marginTop: 8 }}>
                {fields.map((field) => (
                  <Space key={field.key} wrap align="start" style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'group']}>
                      <Select disabled style={{ width: 110 }} options={RATER_GROUP_LIST.map((g) => ({ value: g, label: groupLabel(g) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'weight']} rules={[{ required: true }]}>
                      <InputNumber aria-label={`${t('appraisal.field.weight')}`} min={0} max={100} precision={2} suffix="%" style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'minRaters']} rules={[{ required: true }]}>
                      <InputNumber aria-label={t('appraisal.field.minRaters')} min={1} max={100} precision={0} prefix="≥" style={{ width: 100 }} />
                    </Form.Item>
                  </Space>
                ))}
                <Form.ErrorList errors={errors} />
              </div>
            )}
          </Form.List>
        </>
      )}
      <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 16 }}>
        {t('appraisal.cycles.create')}
      </Button>
    </Form>
  );
}
