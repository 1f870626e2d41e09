import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Radio, Result, Select, Space, Spin, TreeSelect, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ApplicationBody, DepartmentView } from '@cadre/contracts';
import { ApiError } from '../../../api/client';
import { useApiQuery } from '../../../api/useApiQuery';
import { useSession } from '../../../app/session';
import { beijingTime } from '../../../components/beijing';
import { showFieldErrors } from '../../../components/forms';
import { ProblemAlert } from '../../../components/ProblemAlert';
import { useI18n } from '../../../i18n/i18n';
import { useDepartments, useItemNames } from '../../insights/data';
import { departmentTree } from '../../insights/format';
import { selectionPublicApi } from './api';

/** At most this many evidence records (SELECTION_LIMITS.maxEvidenceRecords; the API checks again). */
const MAX_RECORDS = 20;

interface Values {
  award?: string;
  applicantType: 'cadre' | 'department';
  departmentId?: string;
  statement?: string;
  recordIds: string[];
}

/** The departments a reviewer applies for (先进集体): their own and those under it. */
export function subtreeOf(items: DepartmentView[], rootId: string): DepartmentView[] {
  return items.filter((d) => d.path.includes(rootId));
}

/**
 * The API's 400 on the form: `recordIds.<i>` names one record, shown on the evidence field with its title; the rest
 * go to their fields. Answers whether any error found a field.
 */
function placeErrors(form: ReturnType<typeof Form.useForm<Values>>[0], error: unknown, titleOf: (index: number) => string, t: ReturnType<typeof useI18n>['t']): boolean {
  if (!(error instanceof ApiError) || error.status !== 400 || !error.problem.errors?.length) return false;
  const records = error.problem.errors.filter((e) => /^recordIds\.\d+$/.test(e.path));
  const others = error.problem.errors.filter((e) => !/^recordIds\.\d+$/.test(e.path));
  const placed = showFieldErrors(form, new ApiError({ ...error.problem, errors: others }));
  if (records.length) {
    form.setFields([{ name: 'recordIds', errors: records.map((e) => `${titleOf(Number(e.path.split('.')[1]))}：${t('selectionPublic.apply.recordInvalid', { message: e.message })}`) }]);
    return true;
  }
  return placed;
}

/**
 * 评先评优申报 (`/selection/apply/:roundId`): the award, 个人 (oneself) or 集体 (a reviewer, for a department of their
 * subtree), the statement and verified records as evidence. The round is one of `GET /selection/mine`'s open awards.
 */
export function ApplyPage() {
  const { roundId = '' } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { user, hasRole } = useSession();
  const [form] = Form.useForm<Values>();
  const applicantType = Form.useWatch('applicantType', form) ?? 'cadre';
  const departmentId = Form.useWatch('departmentId', form);
  const names = useItemNames();
  const departments = useDepartments();
  const mine = useApiQuery(() => selectionPublicApi.mine(), []);
  const round = mine.data?.openAwards.find((r) => r.roundId === roundId);
  const reviewer = hasRole('reviewer');
  const forDepartment = applicantType === 'department';
  const records = useApiQuery(
    forDepartment && !departmentId ? null : () => selectionPublicApi.verifiedRecords(forDepartment ? departmentId : undefined),
    [forDepartment, departmentId],
  );
  const tree = useMemo(() => (user ? departmentTree(subtreeOf(departments.items, user.departmentId)) : []), [departments.items, user]);
  const recordOptions = (records.data?.items ?? []).map((r) => ({
    value: r.id,
    label: `${r.title} · ${names.get(r.itemCode) ?? r.itemCode} · ${beijingTime(r.verifiedAt, true)}`,
  }));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (mine.error) return <ProblemAlert error={mine.error} onRetry={mine.reload} />;
  if (!mine.data) return <Spin style={{ display: 'block', margin: '32px auto' }} />;
  if (!round)
    return (
      <Result
        status="info"
        title={t('selectionPublic.apply.notOpen')}
        extra={<Link to="/selection/mine">{t('selectionPublic.apply.back')}</Link>}
      />
    );

  const submit = async (values: Values) => {
    const type = values.applicantType ?? 'cadre';
    const body: ApplicationBody = {
      applicantType: type,
      ...(type === 'department' ? { departmentId: values.departmentId } : {}),
      award: values.award!,
      statement: (values.statement ?? '').trim(),
      recordIds: values.recordIds ?? [],
    };
    setBusy(true);
    setError(null);
    try {
      await selectionPublicApi.apply(roundId, body);
      message.success(t('selectionPublic.apply.submitted'));
      navigate('/selection/mine');
    } catch (caught) {
      const titleOf = (i: number) => recordOptions.find((o) => o.value === body.recordIds[i])?.label.split(' · ')[0] ?? `#${i + 1}`;
      // Errors shown on their fields need no alert above the button; anything else (403, 409) is said there.
      setError(placeErrors(form, caught, titleOf, t) ? null : caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ maxWidth: 640, margin: '0 auto' }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('selectionPublic.apply.title')}
        </Typography.Title>
        <Alert type="info" showIcon title={t('selectionPublic.apply.applyUntil', { name: round.name, date: round.applyUntil })} />
        <Card size="small">
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ applicantType: 'cadre', recordIds: [] }}
            onValuesChange={(changed) => {
              if ('applicantType' in changed || 'departmentId' in changed) form.setFieldValue('recordIds', []);
            }}
            onFinish={(values) => void submit(values)}
            data-testid="apply-form"
          >
            <Form.Item name="award" label={t('selectionPublic.apply.award')} rules={[{ required: true, message: t('selectionPublic.apply.awardRequired') }]}>
              <Select size="large" options={round.awards.map((a) => ({ value: a.name, label: t('selectionPublic.apply.awardCount', { name: a.name, count: a.count }) }))} />
            </Form.Item>
            {reviewer && (
              <Form.Item name="applicantType" label={t('selectionPublic.apply.type')}>
                <Radio.Group optionType="button" buttonStyle="solid" size="large">
                  <Radio.Button value="cadre">{t('selectionPublic.apply.cadre')}</Radio.Button>
                  <Radio.Button value="department">{t('selectionPublic.apply.department')}</Radio.Button>
                </Radio.Group>
              </Form.Item>
            )}
            {forDepartment && (
              <Form.Item name="departmentId" label={t('selectionPublic.apply.departmentField')} rules={[{ required: true, message: t('selectionPublic.apply.departmentRequired') }]}>
                <TreeSelect size="large" treeData={tree} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} />
              </Form.Item>
            )}
            <Form.Item name="statement" label={t('selectionPublic.apply.statement')} rules={[{ required: true, whitespace: true, message: t('selectionPublic.apply.statementRequired') }]}>
              <Input.TextArea rows={6} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item name="recordIds" label={t('selectionPublic.apply.records')} extra={t('selectionPublic.apply.recordsHint', { max: MAX_RECORDS })}>
              <Select
                mode="multiple"
                size="large"
                maxCount={MAX_RECORDS}
                loading={records.loading}
                options={recordOptions}
                notFoundContent={t('selectionPublic.apply.noRecords')}
                optionFilterProp="label"
                data-testid="records-select"
              />
            </Form.Item>
            <ProblemAlert error={error} />
            <ProblemAlert error={records.error} onRetry={records.reload} />
            <Button type="primary" htmlType="submit" size="large" block loading={busy} style={{ minHeight: 48 }}>
              {t('selectionPublic.apply.submit')}
            </Button>
          </Form>
        </Card>
      </Space>
    </div>
  );
}
