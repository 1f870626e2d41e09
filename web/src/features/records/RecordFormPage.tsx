import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Divider, Form, Input, InputNumber, Result, Row, Select, Space, Spin, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ImpactLevel, RecordDetailView } from '@cadre/contracts';
import { api, ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { showFieldErrors } from '../../components/forms';
import { FileUpload } from '../../components/files/FileUpload';
import { PersonPicker } from '../../components/people/PersonPicker';
import { fileRefs, type FileRef } from '../../components/files/types';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { IMPACT_LEVELS, useRecordLabels, useTaxonomy } from './shared';
import { latestPeriodEnd, participantsBody, shareProblems, type ParticipantRow, type ShareProblem } from './rules';
import { DateField } from '../../components/DateField';

interface FormValues {
  firstLevel?: string;
  itemCode?: string;
  title?: string;
  description?: string;
  periodStart?: string;
  periodEnd?: string;
  impactLevel?: ImpactLevel;
  results?: { name?: string; value?: number | null; unit?: string }[];
  evidence?: FileRef[];
  participants?: ParticipantRow[];
}

/** 填报纪实 / 编辑草稿: the two-level item picker, content, evidence files (uploaded) and participants with shares. */
export function RecordFormPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const labels = useRecordLabels();
  const { user } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const { taxonomy, error: taxonomyError, loading: taxonomyLoading, basePoints } = useTaxonomy();
  const [record, setRecord] = useState<RecordDetailView | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [loading, setLoading] = useState(!!id);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [uploading, setUploading] = useState(false);

  const firstLevel = Form.useWatch('firstLevel', form);
  const itemCode = Form.useWatch('itemCode', form);
  const participants = Form.useWatch('participants', form) as ParticipantRow[] | undefined;
  const evidence = Form.useWatch('evidence', form) as FileRef[] | undefined;
  const legacyCount = (evidence ?? []).filter((file) => !file.fileId).length;
  const shareSum = (participants ?? []).reduce((sum, row) => sum + (Number(row?.share) || 0), 0);
  // Who the pickers can name from the start: the filer, and a draft's participants (their names come with the record).
  const known = useMemo(
    () => [...(user ? [{ userId: user.id, name: user.name }] : []), ...(record?.participants ?? []).map((p) => ({ userId: p.userId, name: p.name }))],
    [user, record],
  );

  useEffect(() => {
    if (!id) return;
    let live = true;
    setLoading(true);
    api
      .get<RecordDetailView>(`/records/${encodeURIComponent(id)}`)
      .then((value) => live && setRecord(value))
      .catch((caught) => live && setLoadError(caught))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [id]);

  const firstOptions = useMemo(() => (taxonomy?.items ?? []).map((item) => ({ value: item.code, label: item.name })), [taxonomy]);
  const secondOptions = useMemo(() => {
    const first = taxonomy?.items.find((item) => item.code === firstLevel);
    return (first?.children ?? []).map((child) => ({ value: child.code, label: child.name }));
  }, [taxonomy, firstLevel]);
  const itemHint = useMemo(() => {
    if (!itemCode) return undefined;
    const first = taxonomy?.items.find((item) => item.code === firstLevel);
    const second = first?.children.find((child) => child.code === itemCode);
    const points = basePoints(itemCode);
    return [second ? t('records.item.hint', { first: first?.name ?? '', second: second.name, code: itemCode }) : itemCode, points !== undefined ? t('records.item.basePoints', { points }) : undefined]
      .filter(Boolean)
      .join(' · ');
  }, [taxonomy, firstLevel, itemCode, basePoints, t]);

  if (!user) return <Spin />;
  if (loading) return <Spin description={t('common.loading')} />;
  if (loadError) return loadError instanceof ApiError && loadError.status === 404 ? <Result status="404" title="404" subTitle={t('records.detail.notFound')} extra={<Link to="/records">{t('records.action.back')}</Link>} /> : <ProblemAlert error={loadError} />;
  if (record && (record.status !== 'draft' || record.cadreId !== user.id)) {
    return <Result status="warning" title={t('records.detail.readonly')} extra={<Link to={`/records/${record.id}`}>{t('records.action.view')}</Link>} />;
  }

  const required = (field: string) => ({ required: true, whitespace: true, message: t('records.validation.required', { field }) });
  const selectRequired = (field: string) => ({ required: true, message: t('records.validation.select', { field }) });
  const problemText = (problem: ShareProblem) => (problem.key === 'sum' ? t('records.participants.sum', { sum: problem.sum }) : t(`records.participants.${problem.key}`));

  const save = async (submit: boolean) => {
    setError(null);
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(submit ? 'submit' : 'save');
    const sentFiles = (values.evidence ?? []).filter((file) => file?.fileId);
    const body = {
      itemCode: values.itemCode,
      title: values.title?.trim(),
      description: values.description ?? '',
      periodStart: values.periodStart,
      periodEnd: values.periodEnd,
      impactLevel: values.impactLevel,
      results: (values.results ?? []).filter(Boolean).map((r) => ({ name: r.name?.trim() ?? '', value: Number(r.value), unit: r.unit?.trim() ?? '' })),
      // A draft's evidence is sent only when changed: typed-in evidence filed before uploads has no fileId to send.
      ...(!record || form.isFieldTouched('evidence') ? { evidence: sentFiles.map((file) => ({ fileId: file.fileId })) } : {}),
      participants: participantsBody(values.participants, user.id),
    };
    try {
      const saved = record ? await api.patch<RecordDetailView>(`/records/${record.id}`, { version: record.version, ...body }) : await api.post<RecordDetailView>('/records', body);
      setRecord(saved);
      if (submit) {
        await api.post(`/records/${saved.id}/submit`);
        message.success(t('records.submitted'));
      } else message.success(t('records.saved'));
      navigate(`/records/${saved.id}`);
    } catch (caught) {
      showFieldErrors(form, caught);
      // `evidence.<i>.fileId` has no field of its own: say it under the upload, naming the file.
      const evidenceErrors = caught instanceof ApiError && caught.status === 400 ? (caught.problem.errors ?? []).filter((fieldError) => fieldError.path?.startsWith('evidence')) : [];
      if (evidenceErrors.length) {
        form.setFields([
          { name: 'evidence', errors: evidenceErrors.map((fieldError) => [sentFiles[Number(fieldError.path.split('.')[1])]?.name, fieldError.message].filter(Boolean).join('：')) },
        ]);
      }
      setError(caught);
      // A stale version: take the current one so the next save applies the user's edits to it.
      if (caught instanceof ApiError && caught.status === 409 && record) {
        api.get<RecordDetailView>(`/records/${record.id}`).then(setRecord, () => undefined);
        message.warning(t('records.conflict'));
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={<Typography.Title level={4} style={{ margin: 0 }}>{record ? t('records.edit.title') : t('records.new.title')}</Typography.Title>}>
      <div style={{ maxWidth: 760 }}>
        <ProblemAlert error={taxonomyError} />
        <ProblemAlert error={error} onClose={() => setError(null)} />
        <Form<FormValues>
          form={form}
          layout="vertical"
          aria-label={record ? t('records.edit.title') : t('records.new.title')}
          key={record?.id ?? 'new'}
          initialValues={
            record
              ? {
                  firstLevel: record.firstLevelCode,
                  itemCode: record.itemCode,
                  title: record.title,
                  description: record.description,
                  periodStart: record.periodStart,
                  periodEnd: record.periodEnd,
                  impactLevel: record.impactLevel,
                  results: record.results,
                  evidence: fileRefs(record.evidence),
                  participants: record.participants.map((p) => ({ userId: p.userId, role: p.role, share: p.share })),
                }
              : { impactLevel: 'unit', description: '', results: [], evidence: [], participants: [{ userId: user.id, role: 'lead', share: 100 }] }
          }
          onFinish={() => save(false)}
        >
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item label={t('records.field.firstLevel')} name="firstLevel" rules={[selectRequired(t('records.field.firstLevel'))]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={firstOptions}
                  loading={taxonomyLoading}
                  onChange={() => form.setFieldValue('itemCode', undefined)}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label={t('records.field.itemCode')} name="itemCode" rules={[selectRequired(t('records.field.itemCode'))]} extra={itemHint ?? (firstLevel ? undefined : t('records.item.pickFirst'))}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={secondOptions} disabled={!firstLevel} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label={t('records.field.title')} name="title" rules={[required(t('records.field.title')), { max: 200, message: t('records.validation.max', { field: t('records.field.title'), max: 200 }) }]}>
            <Input maxLength={200} showCount />
          </Form.Item>
          <Form.Item label={t('records.field.description')} name="description" rules={[{ max: 20000, message: t('records.validation.max', { field: t('records.field.description'), max: 20000 }) }]}>
            <Input.TextArea rows={4} maxLength={20000} />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={12} md={8}>
              <Form.Item label={t('records.field.periodStart')} name="periodStart" rules={[required(t('records.field.periodStart'))]}>
                <DateField aria-label={t('records.field.periodStart')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} md={8}>
              <Form.Item
                label={t('records.field.periodEnd')}
                name="periodEnd"
                dependencies={['periodStart']}
                rules={[
                  required(t('records.field.periodEnd')),
                  ({ getFieldValue }) => ({
                    validator: async (_, value?: string) => {
                      const start = getFieldValue('periodStart') as string | undefined;
                      if (value && start && value < start) throw new Error(t('records.validation.periodOrder'));
                      const latest = latestPeriodEnd();
                      if (value && value > latest) throw new Error(t('records.validation.periodTooLate', { date: latest }));
                    },
                  }),
                ]}
              >
                <DateField aria-label={t('records.field.periodEnd')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('records.field.impactLevel')} name="impactLevel" rules={[selectRequired(t('records.field.impactLevel'))]}>
                <Select options={IMPACT_LEVELS.map((level) => ({ value: level, label: labels.impact(level) }))} />
              </Form.Item>
            </Col>
          </Row>

          <Divider titlePlacement="start">{t('records.results.title')}</Divider>
          <Form.List name="results">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Row gutter={8} key={field.key} align="bottom">
                    <Col xs={24} sm={10}>
                      <Form.Item label={`${t('records.results.name')} ${index + 1}`} name={[field.name, 'name']} rules={[required(t('records.results.name')), { max: 100 }]}>
                        <Input maxLength={100} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={6}>
                      <Form.Item label={t('records.results.value')} name={[field.name, 'value']} rules={[{ required: true, message: t('records.validation.required', { field: t('records.results.value') }) }]}>
                        <InputNumber style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} sm={5}>
                      <Form.Item label={t('records.results.unit')} name={[field.name, 'unit']} rules={[{ max: 20 }]}>
                        <Input maxLength={20} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} sm={3}>
                      <Form.Item>
                        <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={`${t('records.action.remove')} ${t('records.results.name')} ${index + 1}`}>
                          {t('records.action.remove')}
                        </Button>
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '', value: null, unit: '' })} disabled={fields.length >= 20}>
                  {t('records.results.add')}
                </Button>
              </>
            )}
          </Form.List>

          <Divider titlePlacement="start">{t('records.evidence.title')}</Divider>
          <Typography.Paragraph type="secondary">{t('records.evidence.fileHint')}</Typography.Paragraph>
          {legacyCount > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="legacy-evidence" title={t('records.evidence.legacyInDraft', { count: legacyCount })} />}
          <Form.Item name="evidence" rules={[{ type: 'array', max: 20, message: t('files.tooMany', { max: 20 }) }]}>
            <FileUpload purpose="record" maxCount={20} onBusyChange={setUploading} />
          </Form.Item>

          <Divider titlePlacement="start">{t('records.participants.title')}</Divider>
          <Typography.Paragraph type="secondary">{t('records.participants.hint')}</Typography.Paragraph>
          <Form.List
            name="participants"
            rules={[
              {
                validator: async (_, rows?: ParticipantRow[]) => {
                  const problems = shareProblems(rows, user.id);
                  if (problems.length) throw new Error(problems.map(problemText).join('；'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <div data-testid="participants">
                {fields.map((field, index) => {
                  const isFiler = participants?.[field.name]?.userId === user.id && index === 0;
                  return (
                    <Row gutter={8} key={field.key} align="bottom">
                      <Col xs={24} sm={10}>
                        <Form.Item
                          label={`${t('records.participants.userId')} ${index + 1}${isFiler ? t('records.participants.you') : ''}`}
                          name={[field.name, 'userId']}
                          rules={[{ required: true, message: t('records.validation.userId') }]}
                        >
                          <PersonPicker
                            disabled={isFiler}
                            known={known}
                            exclude={(participants ?? []).map((row) => row?.userId ?? '').filter((userId, i) => userId && i !== field.name)}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={5}>
                        <Form.Item label={`${t('records.participants.role')} ${index + 1}`} name={[field.name, 'role']} rules={[selectRequired(t('records.participants.role'))]}>
                          <Select options={(['lead', 'member'] as const).map((role) => ({ value: role, label: labels.role(role) }))} />
                        </Form.Item>
                      </Col>
                      <Col xs={12} sm={5}>
                        <Form.Item
                          label={`${t('records.participants.share')} ${index + 1}`}
                          name={[field.name, 'share']}
                          rules={[{ required: true, type: 'integer', min: 1, max: 100, message: t('records.validation.share') }]}
                        >
                          <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} sm={4}>
                        {!isFiler && (
                          <Form.Item>
                            <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={`${t('records.action.remove')} ${t('records.participants.title')} ${index + 1}`}>
                              {t('records.action.remove')}
                            </Button>
                          </Form.Item>
                        )}
                      </Col>
                    </Row>
                  );
                })}
                <Space wrap style={{ marginBottom: 8 }}>
                  <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ userId: undefined, role: 'member', share: null })} disabled={fields.length >= 30}>
                    {t('records.participants.add')}
                  </Button>
                  <Typography.Text type={shareSum === 100 ? 'secondary' : 'warning'} data-testid="share-sum">
                    {shareSum === 100 ? `∑ 100%` : t('records.participants.sum', { sum: shareSum })}
                  </Typography.Text>
                </Space>
                <Form.ErrorList errors={errors} />
              </div>
            )}
          </Form.List>

          <Divider />
          {record && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={`${t('records.field.version')} ${record.version}`} />}
          <Space wrap>
            <Button type="primary" htmlType="submit" loading={busy === 'save'} disabled={!!busy || uploading}>
              {t('records.action.saveDraft')}
            </Button>
            <Button onClick={() => save(true)} loading={busy === 'submit'} disabled={!!busy || uploading}>
              {t('records.action.saveAndSubmit')}
            </Button>
            <Button onClick={() => navigate(record ? `/records/${record.id}` : '/records')}>{t('action.cancel')}</Button>
          </Space>
        </Form>
      </div>
    </Card>
  );
}
