import { useState } from 'react';
import { Button, Card, Descriptions, Empty, Grid, Select, Space, Spin, Typography } from 'antd';
import { useParams, useSearchParams } from 'react-router-dom';
import type { DossierView } from '@cadre/contracts';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/useApiQuery';
import { useSession } from '../../app/session';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { beijingTime } from '../../components/beijing';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import './dossier.css';

type RecordRow = DossierView['records'][number];
type TaskRow = DossierView['tasks'][number];
type GradeRow = DossierView['appraisal']['grades'][number];
type SurveyRow = DossierView['appraisal']['surveys'][number];
type ItemRow = DossierView['points']['byItem'][number];

/** How many years the period picker offers, the current one first. */
const YEARS = 5;

/** The current year in Beijing (the API's default period). */
function beijingYear(now: number = Date.now()): number {
  return new Date(now + 8 * 3_600_000).getUTCFullYear();
}

/** Points as the PDF prints them: two decimals; a dash for none. */
export const pointsText = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value.toFixed(2));
const percentText = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${Math.round(value * 100) / 100}%`);
const day = (iso: string) => beijingTime(iso, true);

/** The file the PDF is saved as, as the server names it. */
export const pdfFilename = (view: Pick<DossierView, 'cadre' | 'period'>) => `${view.cadre.name}-实绩档案-${view.period}.pdf`;

export const dossierApi = {
  get: (cadreId: string, period: string) => api.get<DossierView>(`/cadres/${encodeURIComponent(cadreId)}/dossier`, { period }),
  pdf: (cadreId: string, period: string) => api.blob(`/cadres/${encodeURIComponent(cadreId)}/dossier.pdf?period=${encodeURIComponent(period)}`),
};

async function savePdf(cadreId: string, view: DossierView): Promise<void> {
  const blob = await dossierApi.pdf(cadreId, view.period);
  const url = URL.createObjectURL(blob.type === 'application/pdf' ? blob : new Blob([blob], { type: 'application/pdf' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = pdfFilename(view);
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="dossier-section">
      <Typography.Title level={5}>{title}</Typography.Title>
      {children}
    </section>
  );
}

function EmptyText({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;
}

/** The document itself: header block and tables, laid out as the PDF is (and printed as shown). */
function DossierDocument({ view }: { view: DossierView }) {
  const { t } = useI18n();
  const phone = Grid.useBreakpoint().xs === true;
  const { points } = view;
  const column = (key: MessageKey) => t(key);
  return (
    <div className="dossier-document" data-testid="dossier">
      <header className="dossier-heading">
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 0 }}>
          {t('dossier.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ textAlign: 'center' }}>{t('dossier.yearTitle', { year: view.period })}</Typography.Paragraph>
      </header>
      <Descriptions size="small" bordered column={phone ? 1 : 2} data-testid="dossier-header">
        <Descriptions.Item label={t('dossier.name')}>{view.cadre.name}</Descriptions.Item>
        <Descriptions.Item label={t('dossier.department')}>{view.cadre.departmentName || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('dossier.jobTitle')}>{view.cadre.title || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('dossier.rank')}>{view.cadre.rankLabel || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('dossier.generatedAt')}>{t('dossier.beijing', { time: beijingTime(view.generatedAt) })}</Descriptions.Item>
        <Descriptions.Item label={t('dossier.generatedBy')}>{view.generatedBy.name}</Descriptions.Item>
      </Descriptions>

      <Section title={t('dossier.section.points')}>
        <Descriptions size="small" bordered column={phone ? 1 : 3} data-testid="dossier-points">
          <Descriptions.Item label={t('dossier.points.total')}>{pointsText(points.total)}</Descriptions.Item>
          <Descriptions.Item label={t('dossier.points.participation')}>{pointsText(points.participation)}</Descriptions.Item>
          <Descriptions.Item label={t('dossier.points.contribution')}>{pointsText(points.contribution)}</Descriptions.Item>
          <Descriptions.Item label={t('dossier.points.appraisal')}>{pointsText(points.appraisal)}</Descriptions.Item>
          {points.cityRank !== null && points.cityCadres !== null && (
            <Descriptions.Item label={t('dossier.points.cityRank')}>{t('dossier.points.cityRankValue', { rank: points.cityRank, total: points.cityCadres })}</Descriptions.Item>
          )}
        </Descriptions>
      </Section>

      <Section title={t('dossier.section.byItem')}>
        <ResponsiveTable<ItemRow>
          rowKey="item"
          size="small"
          pagination={false}
          dataSource={points.byItem}
          locale={{ emptyText: <EmptyText text={t('dossier.empty.byItem')} /> }}
          columns={[
            { title: column('dossier.column.item'), key: 'name', dataIndex: 'name' },
            { title: column('dossier.column.points'), key: 'points', render: (_, row) => pointsText(row.points) },
          ]}
        />
      </Section>

      <Section title={t('dossier.section.records')}>
        <ResponsiveTable<RecordRow>
          rowKey="recordId"
          size="small"
          pagination={false}
          dataSource={view.records}
          locale={{ emptyText: <EmptyText text={t('dossier.empty.records')} /> }}
          columns={[
            { title: column('dossier.column.title'), key: 'title', dataIndex: 'title' },
            { title: column('dossier.column.item'), key: 'itemName', render: (_, row) => row.itemName || '—' },
            {
              title: column('dossier.column.period'),
              key: 'period',
              render: (_, row) => (row.periodStart && row.periodEnd ? t('dossier.column.periodRange', { start: row.periodStart, end: row.periodEnd }) : '—'),
            },
            { title: column('dossier.column.impact'), key: 'impact', render: (_, row) => row.impactLevelLabel || '—' },
            { title: column('dossier.column.rating'), key: 'rating', render: (_, row) => row.ratingLabel || '—' },
            { title: column('dossier.column.share'), key: 'share', render: (_, row) => `${row.share}%` },
            { title: column('dossier.column.verifiedAt'), key: 'verifiedAt', render: (_, row) => day(row.verifiedAt) },
            { title: column('dossier.column.points'), key: 'points', render: (_, row) => pointsText(row.points) },
          ]}
        />
      </Section>

      <Section title={t('dossier.section.tasks')}>
        <ResponsiveTable<TaskRow>
          rowKey="taskId"
          size="small"
          pagination={false}
          dataSource={view.tasks}
          locale={{ emptyText: <EmptyText text={t('dossier.empty.tasks')} /> }}
          columns={[
            { title: column('dossier.column.task'), key: 'title', dataIndex: 'title' },
            { title: column('dossier.column.role'), key: 'role', render: (_, row) => row.roleLabel },
            { title: column('dossier.column.verdict'), key: 'verdict', render: (_, row) => row.verdictLabel || '—' },
            { title: column('dossier.column.share'), key: 'share', render: (_, row) => `${row.share}%` },
            { title: column('dossier.column.concludedAt'), key: 'concludedAt', render: (_, row) => day(row.concludedAt) },
            { title: column('dossier.column.points'), key: 'points', render: (_, row) => pointsText(row.points) },
          ]}
        />
      </Section>

      <Section title={t('dossier.section.grades')}>
        <ResponsiveTable<GradeRow>
          rowKey="cycleId"
          size="small"
          pagination={false}
          dataSource={view.appraisal.grades}
          locale={{ emptyText: <EmptyText text={t('dossier.empty.grades')} /> }}
          columns={[
            { title: column('dossier.column.cycle'), key: 'cycleName', dataIndex: 'cycleName' },
            { title: column('dossier.column.kind'), key: 'kind', dataIndex: 'kindLabel' },
            { title: column('dossier.column.cyclePeriod'), key: 'period', dataIndex: 'period' },
            { title: column('dossier.column.grade'), key: 'grade', dataIndex: 'gradeLabel' },
          ]}
        />
      </Section>

      <Section title={t('dossier.section.surveys')}>
        <ResponsiveTable<SurveyRow>
          rowKey="cycleId"
          size="small"
          pagination={false}
          dataSource={view.appraisal.surveys}
          locale={{ emptyText: <EmptyText text={t('dossier.empty.surveys')} /> }}
          columns={[
            { title: column('dossier.column.survey'), key: 'cycleName', dataIndex: 'cycleName' },
            { title: column('dossier.column.cyclePeriod'), key: 'period', dataIndex: 'period' },
            { title: column('dossier.column.overall'), key: 'overall', render: (_, row) => pointsText(row.overall) },
            { title: column('dossier.column.satisfaction'), key: 'satisfaction', render: (_, row) => percentText(row.satisfaction) },
          ]}
        />
      </Section>
      <footer className="dossier-footer">{`${t('dossier.generatedAt')}：${t('dossier.beijing', { time: beijingTime(view.generatedAt) })}`}</footer>
    </div>
  );
}

/** 实绩档案 of one cadre and year: a period picker, 打印 (the print stylesheet leaves the document alone) and 下载 PDF. */
function Dossier({ cadreId }: { cadreId: string }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const thisYear = beijingYear();
  const period = params.get('period') || String(thisYear);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const view = useApiQuery(() => dossierApi.get(cadreId, period), [cadreId, period]);
  const years = Array.from({ length: YEARS }, (_, i) => String(thisYear - i));

  const download = async () => {
    if (!view.data) return;
    setDownloading(true);
    setDownloadError(null);
    try {
      await savePdf(cadreId, view.data);
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Card
      className="dossier-card"
      title={t('dossier.title')}
    >
      <Space wrap className="dossier-actions" style={{ marginBottom: 16 }}>
        <Select
          aria-label={t('dossier.year')}
          value={period}
          style={{ width: 110 }}
          options={years.map((year) => ({ value: year, label: t('dossier.yearOption', { year }) }))}
          onChange={(next: string) => setParams({ period: next }, { replace: true })}
        />
        <Button autoInsertSpace={false} onClick={() => window.print()} disabled={!view.data}>
          {t('dossier.print')}
        </Button>
        <Button autoInsertSpace={false} type="primary" onClick={() => void download()} loading={downloading} disabled={!view.data}>
          {downloading ? t('dossier.downloading') : t('dossier.downloadPdf')}
        </Button>
      </Space>
      <div className="dossier-actions">
        <ProblemAlert error={view.error ?? downloadError} onClose={downloadError ? () => setDownloadError(null) : undefined} />
      </div>
      {view.loading && !view.data && (
        <Space>
          <Spin />
          <Typography.Text type="secondary">{t('dossier.loading')}</Typography.Text>
        </Space>
      )}
      {view.data && <DossierDocument view={view.data} />}
    </Card>
  );
}

/** `/me/dossier`: the signed-in cadre's own. */
export function MyDossierPage() {
  const { user } = useSession();
  return user ? <Dossier cadreId={user.id} /> : null;
}

/** `/cadres/:id/dossier`: the API decides who may see whose (the cadre, reviewers and appraisers of the subtree, assessors, admins). */
export function DossierPage() {
  const { id = '' } = useParams();
  return <Dossier cadreId={id} />;
}
