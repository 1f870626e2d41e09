import { useState } from 'react';
import { Alert, App, Button, Card, Drawer, Empty, Form, Input, Modal, Progress, Select, Space, Timeline, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { AppraisalView, Grade, SheetView } from '@cadre/contracts';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSession } from '../../app/session';
import { appraisalApi, appraisalPaths } from './api';
import { gradable, withinQuota } from './rules';
import { CycleDepartmentPicker, formatTime, StatusTag, useLabels } from './shared';
import { useCycleSelection } from './selection';
import { ResponsiveTable, useIsPhone } from '../../components/ResponsiveTable';

type Mode = 'grade' | 'review';
interface Draft {
  grade?: Grade;
  comment?: string;
}

/** The reason of the latest return, while the appraisal is returned. */
function returnReason(item: AppraisalView): string | null {
  if (item.status !== 'returned') return null;
  return [...item.history].reverse().find((h) => h.action === 'return')?.comment ?? null;
}

/** 已用 n / 上限 m of the best grade, as a meter. */
export function QuotaMeter({ sheet }: { sheet: SheetView }) {
  const { t, grade } = useLabels();
  const { used, max } = sheet.department.topGrade;
  return (
    <Space wrap data-testid="quota-meter">
      <Typography.Text strong>{t('appraisal.sheet.quota', { grade: grade(sheet.department.topGrade.grade), used, max })}</Typography.Text>
      <Progress percent={max ? Math.round((used / max) * 100) : 100} steps={Math.min(Math.max(max, 1), 20)} showInfo={false} status={used >= max ? 'exception' : 'normal'} size="small" />
    </Space>
  );
}

function HistoryDrawer({ item, onClose }: { item: AppraisalView | null; onClose(): void }) {
  const { t, grade } = useLabels();
  const phone = useIsPhone();
  return (
    <Drawer open={!!item} onClose={onClose} title={item ? t('appraisal.sheet.historyTitle', { name: item.name }) : ''} size={phone ? '100%' : 420}>
      {item && item.history.length === 0 && <Empty description={t('appraisal.sheet.noHistory')} />}
      {item && (
        <Timeline
          items={item.history.map((h, i) => ({
            key: i,
            color: h.action === 'return' ? 'red' : h.action === 'confirm' ? 'green' : 'blue',
            children: (
              <div data-testid="history-entry">
                <Typography.Text strong>{h.actionLabel}</Typography.Text> {h.grade ? grade(h.grade) : ''}
                <div>
                  <Typography.Text type="secondary">
                    {h.by.name} · {formatTime(h.at)}
                  </Typography.Text>
                </div>
                {h.comment && <div>{h.comment}</div>}
              </div>
            ),
          }))}
        />
      )}
    </Drawer>
  );
}

/**
 * 评定表 (mode `grade`: the department's appraiser enters each cadre's grade and comment; reviewers and others read)
 * and 审核 (mode `review`: the assessor confirms or returns each submitted grade, or confirms all of them).
 */
export function SheetPage({ mode = 'grade' }: { mode?: Mode }) {
  const { t, grade: gradeLabel } = useLabels();
  const { message } = App.useApp();
  const { user, hasRole } = useSession();
  const selection = useCycleSelection();
  const { cycle, departmentId } = selection;
  const sheet = useApiQuery(cycle && departmentId ? () => appraisalApi.sheet(cycle.id, departmentId) : null, [cycle?.id, departmentId]);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [historyOf, setHistoryOf] = useState<AppraisalView | null>(null);
  const [returning, setReturning] = useState<AppraisalView | null>(null);
  const [returnForm] = Form.useForm<{ reason: string }>();
  const view = sheet.data;
  const open = view?.cycle.status === 'open';
  const canGrade = mode === 'grade' && hasRole('appraiser') && open;
  const canReview = mode === 'review' && hasRole('assessor') && open;
  const topGrade = view?.department.topGrade;
  const departmentName = cycle?.departments.find((d) => d.departmentId === departmentId)?.departmentName ?? view?.department.departmentName;

  const act = async (key: string, work: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(key);
    setActionError(null);
    try {
      await work();
      message.success(done);
      sheet.reload();
      selection.reloadCycle();
      return true;
    } catch (caught) {
      setActionError(caught);
      sheet.reload();
      return false;
    } finally {
      setBusy(null);
    }
  };

  const submitGrade = (item: AppraisalView) => {
    const draft = drafts[item.cadreId] ?? {};
    const grade = draft.grade ?? item.grade ?? undefined;
    const comment = (draft.comment ?? item.comment).trim();
    if (!grade) return void message.warning(t('appraisal.sheet.gradeRequired'));
    if (!comment) return void message.warning(t('appraisal.sheet.commentRequired'));
    if (topGrade && !withinQuota(grade, topGrade, item)) return void message.error(t('appraisal.sheet.quotaFull', { grade: gradeLabel(topGrade.grade), max: topGrade.max }));
    void act(item.cadreId, () => appraisalApi.grade(cycle!.id, item.cadreId, { grade, comment, version: item.version }), t('appraisal.sheet.submitted', { name: item.name })).then((ok) => {
      if (ok) setDrafts(({ [item.cadreId]: _, ...rest }) => rest);
    });
  };

  const confirmAll = async () => {
    const submitted = (view?.items ?? []).filter((i) => i.status === 'submitted' && i.cadreId !== user?.id);
    setBusy('all');
    setActionError(null);
    const failed: string[] = [];
    let lastError: unknown = null;
    for (const item of submitted) {
      try {
        await appraisalApi.review(cycle!.id, item.cadreId, { decision: 'confirm', comment: '', version: item.version });
      } catch (caught) {
        failed.push(item.name);
        lastError = caught;
      }
    }
    const n = submitted.length - failed.length;
    if (failed.length) {
      message.warning(t('appraisal.sheet.confirmAllPartial', { n, failed: failed.length, names: failed.join('、') }));
      setActionError(lastError);
    } else message.success(t('appraisal.sheet.confirmAllDone', { n }));
    setBusy(null);
    sheet.reload();
    selection.reloadCycle();
  };

  const gradeOptions = (item: AppraisalView) =>
    (view?.grades ?? []).map((g) => ({
      value: g.grade,
      label: g.label,
      disabled: !!topGrade && !withinQuota(g.grade, topGrade, item),
    }));

  const columns = [
    {
      title: t('appraisal.field.cadre'),
      key: 'name',
      render: (_: unknown, item: AppraisalView) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/appraisal/cadres/${encodeURIComponent(item.cadreId)}?period=${view?.cycle.period.slice(0, 4) ?? ''}`}>{item.name}</Link>
          <Typography.Text type="secondary">{item.title}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('appraisal.field.grade'),
      key: 'grade',
      render: (_: unknown, item: AppraisalView) => {
        const editable = canGrade && gradable(item.status, open) && item.cadreId !== user?.id;
        if (!editable) return item.grade ? gradeLabel(item.grade) : '—';
        return (
          <Select
            aria-label={`${item.name} ${t('appraisal.field.grade')}`}
            data-testid={`grade-${item.cadreId}`}
            style={{ minWidth: 110 }}
            value={drafts[item.cadreId]?.grade ?? item.grade ?? undefined}
            placeholder={t('appraisal.field.grade')}
            options={gradeOptions(item)}
            onChange={(grade: Grade) => setDrafts((all) => ({ ...all, [item.cadreId]: { ...all[item.cadreId], grade } }))}
          />
        );
      },
    },
    {
      title: t('appraisal.field.comment'),
      key: 'comment',
      render: (_: unknown, item: AppraisalView) => {
        const editable = canGrade && gradable(item.status, open) && item.cadreId !== user?.id;
        const reason = returnReason(item);
        return (
          <Space orientation="vertical" size={4} style={{ width: '100%' }}>
            {editable ? (
              <Input.TextArea
                aria-label={`${item.name} ${t('appraisal.field.comment')}`}
                data-testid={`comment-${item.cadreId}`}
                autoSize={{ minRows: 1, maxRows: 4 }}
                maxLength={2000}
                style={{ minWidth: 180 }}
                value={drafts[item.cadreId]?.comment ?? item.comment}
                onChange={(e) => setDrafts((all) => ({ ...all, [item.cadreId]: { ...all[item.cadreId], comment: e.target.value } }))}
              />
            ) : (
              <span>{item.comment || '—'}</span>
            )}
            {reason && (
              <Typography.Text type="danger" data-testid={`return-reason-${item.cadreId}`}>
                {t('appraisal.sheet.returnedReason', { reason })}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
    { title: t('appraisal.field.status'), key: 'status', render: (_: unknown, item: AppraisalView) => <StatusTag status={item.status} /> },
    // On a phone the row keeps what is entered; the time is in the history.
    { title: t('appraisal.field.updatedAt'), key: 'updatedAt', responsive: ['md' as const], render: (_: unknown, item: AppraisalView) => formatTime(item.updatedAt) },
    {
      title: t('appraisal.field.actions'),
      key: 'actions',
      render: (_: unknown, item: AppraisalView) => {
        const self = item.cadreId === user?.id;
        return (
          <Space wrap size={4}>
            {canGrade && gradable(item.status, open) && !self && (
              <Button type="primary" size="small" loading={busy === item.cadreId} disabled={!!busy && busy !== item.cadreId} onClick={() => submitGrade(item)} data-testid={`submit-${item.cadreId}`}>
                {item.status === 'pending' ? t('appraisal.sheet.submit') : t('appraisal.sheet.resubmit')}
              </Button>
            )}
            {canReview && !self && item.status === 'submitted' && (
              <Button
                type="primary"
                size="small"
                loading={busy === item.cadreId}
                disabled={!!busy && busy !== item.cadreId}
                data-testid={`confirm-${item.cadreId}`}
                onClick={() =>
                  void act(item.cadreId, () => appraisalApi.review(cycle!.id, item.cadreId, { decision: 'confirm', comment: '', version: item.version }), t('appraisal.sheet.confirmed', { name: item.name }))
                }
              >
                {t('appraisal.sheet.confirm')}
              </Button>
            )}
            {canReview && !self && (item.status === 'submitted' || item.status === 'confirmed') && (
              <Button danger size="small" disabled={!!busy} data-testid={`return-${item.cadreId}`} onClick={() => setReturning(item)}>
                {t('appraisal.sheet.return')}
              </Button>
            )}
            <Button size="small" type="link" onClick={() => setHistoryOf(item)} data-testid={`history-${item.cadreId}`}>
              {t('appraisal.sheet.history')}
            </Button>
          </Space>
        );
      },
    },
  ];

  const submittedCount = (view?.items ?? []).filter((i) => i.status === 'submitted' && i.cadreId !== user?.id).length;

  return (
    <Card
      title={t(mode === 'review' ? 'appraisal.sheet.reviewTitle' : 'appraisal.sheet.title')}
      extra={
        <Space wrap>
          {canReview && (
            <Button type="primary" disabled={!submittedCount || !!busy} loading={busy === 'all'} onClick={() => void confirmAll()} data-testid="confirm-all">
              {t('appraisal.sheet.confirmAll', { n: submittedCount })}
            </Button>
          )}
          <ExportButton
            path={appraisalPaths.sheet(cycle?.id ?? '')}
            query={{ departmentId }}
            name={departmentName ? `评定表-${departmentName}` : '评定表'}
            disabled={!view || !cycle || !departmentId}
          />
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <CycleDepartmentPicker cycles={selection.cycles} cycle={cycle} departmentId={departmentId} onChange={selection.select} />
        {selection.empty && <Empty description={t('appraisal.sheet.noCycle')} />}
        <ProblemAlert error={selection.error ?? sheet.error ?? actionError} onClose={actionError ? () => setActionError(null) : undefined} />
        {view && (
          <>
            <QuotaMeter sheet={view} />
            {!open && <Alert type="info" showIcon title={t('appraisal.sheet.closed')} />}
            {open && mode === 'grade' && !hasRole('appraiser') && <Alert type="info" showIcon title={t('appraisal.sheet.readOnly')} />}
          </>
        )}
        <ResponsiveTable<AppraisalView>
          rowKey="cadreId"
          size="middle"
          loading={sheet.loading}
          dataSource={view?.items ?? []}
          columns={columns}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: view ? t('appraisal.sheet.empty') : t('common.empty') }}
          onRow={(item) => (item.status === 'returned' ? { style: { background: '#fff2f0' }, 'data-returned': 'true' } as never : {})}
        />
      </Space>
      <HistoryDrawer item={historyOf} onClose={() => setHistoryOf(null)} />
      <Modal
        open={!!returning}
        title={returning ? t('appraisal.sheet.returnTitle', { name: returning.name }) : ''}
        okText={t('appraisal.sheet.return')}
        okButtonProps={{ danger: true, loading: !!returning && busy === returning.cadreId }}
        onCancel={() => setReturning(null)}
        destroyOnHidden
        onOk={() =>
          returnForm.validateFields().then(
            ({ reason }) => {
              const item = returning!;
              setReturning(null);
              returnForm.resetFields();
              void act(item.cadreId, () => appraisalApi.review(cycle!.id, item.cadreId, { decision: 'return', comment: reason.trim(), version: item.version }), t('appraisal.sheet.returned', { name: item.name }));
            },
            // The form shows what is missing (the reason).
            () => undefined,
          )
        }
      >
        <Form form={returnForm} layout="vertical" preserve={false}>
          <Form.Item name="reason" label={t('appraisal.sheet.returnReason')} rules={[{ required: true, whitespace: true, message: t('appraisal.sheet.returnReasonRequired') }]}>
            <Input.TextArea autoSize={{ minRows: 3 }} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

export function ReviewPage() {
  return <SheetPage mode="review" />;
}
