import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Modal, Progress, Select, Space, Tag, Typography } from 'antd';
import CheckOutlined from '@ant-design/icons/es/icons/CheckOutlined';
import DeleteOutlined from '@ant-design/icons/es/icons/DeleteOutlined';
import type { RaterGroup, SurveyCadreView, SurveyResultView } from '@cadre/contracts';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { PersonPicker } from '../../components/people/PersonPicker';
import { useSession } from '../../app/session';
import { appraisalApi, appraisalPaths } from './api';
import { RATER_GROUP_LIST } from './rules';
import { CycleDepartmentPicker, useLabels } from './shared';
import { useCycleSelection } from './selection';
import { ResponsiveTable } from '../../components/ResponsiveTable';

/** A result of a closed survey: overall, 满意度, the criteria as bars and which groups counted. */
export function SurveyResult({ result }: { result: SurveyResultView }) {
  const { t, group } = useLabels();
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%', minWidth: 'min(220px, 100%)' }} data-testid={`result-${result.cadreId}`}>
      {!result.shown ? (
        <Typography.Text type="secondary">{t('appraisal.survey.notShown')}</Typography.Text>
      ) : (
        <>
          <Space wrap>
            <Typography.Text strong>
              {t('appraisal.field.overall')} {result.overall ?? '—'}
            </Typography.Text>
            <Typography.Text>
              {t('appraisal.field.satisfactionRate')} {result.satisfaction === null ? '—' : `${result.satisfaction}%`}
            </Typography.Text>
          </Space>
          {result.criteria.map((c) => (
            <div key={c.code} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <span style={{ width: 40, flex: 'none' }}>{c.name}</span>
              <Progress percent={c.score ?? 0} format={() => (c.score === null ? '—' : String(c.score))} size="small" style={{ flex: 1, margin: 0 }} />
            </div>
          ))}
        </>
      )}
      <Space wrap size={4}>
        {result.groups.map((g) => (
          <Tag key={g.group} color={g.counted ? 'green' : 'default'}>
            {t(g.counted ? 'appraisal.survey.groupCounted' : 'appraisal.survey.groupNotCounted', { group: g.label || group(g.group), voted: g.voted, invited: g.invited })}
          </Tag>
        ))}
      </Space>
    </Space>
  );
}

interface RaterRow {
  userId: string | null;
  group: RaterGroup;
  voted: boolean;
  name?: string;
}

function RatersModal({ cycleId, cadre, onClose, onSaved }: { cycleId: string; cadre: SurveyCadreView | null; onClose(): void; onSaved(next: SurveyCadreView): void }) {
  const { t, group } = useLabels();
  const { message } = App.useApp();
  const [rows, setRows] = useState<RaterRow[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [openedFor, setOpenedFor] = useState<string | null>(null);
  if (cadre && openedFor !== cadre.cadreId) {
    setOpenedFor(cadre.cadreId);
    setRows(cadre.raters.map((r) => ({ userId: r.userId, group: r.group, voted: r.voted, name: r.name })));
    setError(null);
  }
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const raters = rows.filter((r) => r.userId).map((r) => ({ userId: r.userId!, group: r.group }));
      const next = await appraisalApi.setRaters(cycleId, cadre!.cadreId, { raters });
      message.success(t('appraisal.survey.ratersSaved', { name: cadre!.name }));
      setOpenedFor(null);
      onSaved(next);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const picked = rows.map((r) => r.userId).filter((id): id is string => !!id);
  return (
    <Modal
      open={!!cadre}
      title={cadre ? t('appraisal.survey.ratersTitle', { name: cadre.name }) : ''}
      onCancel={() => {
        setOpenedFor(null);
        onClose();
      }}
      onOk={() => void save()}
      okText={t('action.save')}
      okButtonProps={{ loading: busy }}
      width={640}
    >
      <ProblemAlert error={error} />
      <Space orientation="vertical" style={{ width: '100%' }}>
        {rows.map((row, i) => (
          <Space key={`${row.userId ?? 'new'}-${i}`} wrap style={{ display: 'flex' }} data-testid="rater-row">
            {row.voted ? (
              <Typography.Text style={{ minWidth: 200, display: 'inline-block' }}>
                {row.name} <Tag color="green">{t('appraisal.field.voted')}</Tag>
              </Typography.Text>
            ) : (
              <PersonPicker
                aria-label={`${t('appraisal.field.raters')} ${i + 1}`}
                value={row.userId}
                known={row.userId && row.name ? [{ userId: row.userId, name: row.name }] : undefined}
                exclude={[...picked, ...(cadre ? [cadre.cadreId] : [])]}
                onChange={(userId: string | null) => setRows((all) => all.map((r, j) => (j === i ? { ...r, userId: userId ?? null, name: undefined } : r)))}
                style={{ width: 220 }}
              />
            )}
            <Select<RaterGroup>
              aria-label={`${t('appraisal.field.group')} ${i + 1}`}
              value={row.group}
              disabled={row.voted}
              style={{ width: 120 }}
              options={RATER_GROUP_LIST.map((g) => ({ value: g, label: group(g) }))}
              onChange={(next) => setRows((all) => all.map((r, j) => (j === i ? { ...r, group: next } : r)))}
            />
            <Button
              icon={<DeleteOutlined />}
              aria-label={t('appraisal.form.remove')}
              title={row.voted ? t('appraisal.survey.votedLocked') : undefined}
              disabled={row.voted}
              onClick={() => setRows((all) => all.filter((_, j) => j !== i))}
            />
          </Space>
        ))}
        <Button type="dashed" onClick={() => setRows((all) => [...all, { userId: null, group: 'recipient', voted: false }])}>
          {t('appraisal.survey.addRater')}
        </Button>
      </Space>
    </Modal>
  );
}

/**
 * 测评情况 (appraisers of the department, assessors, admins): per cadre who is asked to rate and whether each voted
 * (never how), the results once the survey is closed, the rater lists edited while it is open, and the CSV or Excel file.
 */
export function SurveyPage() {
  const { t, group } = useLabels();
  const { hasRole } = useSession();
  const selection = useCycleSelection({ withSurvey: true });
  const { cycle, departmentId } = selection;
  const survey = useApiQuery(cycle?.survey && departmentId ? () => appraisalApi.survey(cycle.id, departmentId) : null, [cycle?.id, departmentId]);
  const [editing, setEditing] = useState<SurveyCadreView | null>(null);
  const view = survey.data;
  const departmentName = cycle?.departments.find((d) => d.departmentId === departmentId)?.departmentName ?? view?.departmentName;
  const surveyOpen = view?.cycle.surveyStatus === 'open';
  const canEdit = surveyOpen && hasRole('appraiser', 'admin');

  return (
    <Card
      title={t('appraisal.survey.title')}
      extra={
        <ExportButton
          path={appraisalPaths.survey(cycle?.id ?? '')}
          query={{ departmentId }}
          name={departmentName ? `测评情况-${departmentName}` : '测评情况'}
          disabled={!view || !cycle || !departmentId}
        />
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <CycleDepartmentPicker cycles={selection.cycles} cycle={cycle} departmentId={departmentId} onChange={selection.select} />
        {selection.empty && <Empty description={t('appraisal.sheet.noCycle')} />}
        {cycle && !cycle.survey && <Alert type="info" title={t('appraisal.survey.noSurvey')} />}
        <ProblemAlert error={selection.error ?? survey.error} />
        {view && surveyOpen && <Alert type="info" showIcon title={t('appraisal.survey.resultHidden')} />}
        <ResponsiveTable<SurveyCadreView>
          rowKey="cadreId"
          loading={survey.loading}
          dataSource={view?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            { title: t('appraisal.field.cadre'), key: 'name', dataIndex: 'name' },
            {
              title: t('appraisal.field.voted'),
              key: 'participation',
              render: (_, c) => (
                <Space orientation="vertical" size={0} style={{ minWidth: 120 }}>
                  <Typography.Text data-testid={`participation-${c.cadreId}`}>{t('appraisal.survey.participation', { voted: c.voted, invited: c.invited })}</Typography.Text>
                  <Progress percent={c.invited ? Math.round((c.voted / c.invited) * 100) : 0} size="small" showInfo={false} />
                </Space>
              ),
            },
            {
              title: t('appraisal.field.raters'),
              key: 'raters',
              render: (_, c) => (
                <Space wrap size={4} style={{ maxWidth: 420 }}>
                  {c.raters.map((r) => (
                    <Tag key={r.userId} color={r.voted ? 'green' : 'default'} data-testid={`rater-${c.cadreId}-${r.userId}`}>
                      {r.name}（{r.groupLabel || group(r.group)}）{r.voted ? <CheckOutlined aria-label={t('appraisal.field.voted')} /> : null}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            ...(view && !surveyOpen ? [{ title: t('appraisal.cadre.surveys'), key: 'result', render: (_: unknown, c: SurveyCadreView) => (c.result ? <SurveyResult result={c.result} /> : '—') }] : []),
            ...(canEdit
              ? [
                  {
                    title: t('appraisal.field.actions'),
                    key: 'actions',
                    render: (_: unknown, c: SurveyCadreView) => (
                      <Button size="small" onClick={() => setEditing(c)} data-testid={`edit-raters-${c.cadreId}`}>
                        {t('appraisal.survey.editRaters')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Space>
      {cycle && (
        <RatersModal
          cycleId={cycle.id}
          cadre={editing}
          onClose={() => setEditing(null)}
          onSaved={(next) => {
            setEditing(null);
            if (view) survey.setData({ ...view, items: view.items.map((c) => (c.cadreId === next.cadreId ? next : c)) });
          }}
        />
      )}
    </Card>
  );
}
