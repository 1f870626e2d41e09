import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import type { CandidateView, CandidatesView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ResponsiveTable, useIsPhone } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';
import { useDepartments, useItemNames } from './data';
import { cadrePath, currentYear, exportName, formatDateTime, formatPoints, itemName, labelOf, sortedEntries, sourcePath, type Translate } from './format';
import { DepartmentSelect, PeriodSelect, RankLevelSelect, SimpleList } from './parts';
import { useApiQuery } from '../../api/useApiQuery';
import { byNumber, byText, useTableSort } from './sorting';

const CANDIDATE_ORDER = {
  rank: byNumber((c: CandidateView) => c.rank),
  name: byText((c: CandidateView) => c.name),
  points: byNumber((c: CandidateView) => c.points),
  cityRank: byNumber((c: CandidateView) => c.cityRank),
  verified: byNumber((c: CandidateView) => c.evidence.verifiedRecords),
  tasks: byNumber((c: CandidateView) => c.evidence.concludedTasks),
  satisfaction: byNumber((c: CandidateView) => c.satisfaction),
};

/** The candidates `text` finds: in the name, the department's name or the title (case-insensitive). */
export function candidatesMatching(items: readonly CandidateView[], text: string): CandidateView[] {
  const q = text.trim().toLowerCase();
  if (!q) return [...items];
  return items.filter((c) => [c.name, c.departmentName, c.title].some((field) => (field ?? '').toLowerCase().includes(q)));
}

interface CandidateFilters {
  period: string;
  rankLevel?: string;
  departmentId?: string;
  limit: number;
  /** Leave out anyone with one of these confirmed grades in the `gradeYears` years up to the period. */
  withoutGrades: string[];
  gradeYears: number;
  minSatisfaction?: number | null;
}

/** The grades the shortlist can leave out (年度/专项, then 平时), worst first: what a selection usually excludes. */
const EXCLUDABLE_GRADES = ['incompetent', 'basic', 'poor', 'average'] as const;

/** The ratings of a candidate's verified records in words: `优秀 2 · 良好 1`. */
function ratingsText(t: Translate, ratings: Record<string, number>): string {
  const parts = sortedEntries(ratings).filter(([, n]) => n > 0).map(([rating, n]) => `${labelOf(t, 'insights.rating', rating)} ${n}`);
  return parts.length ? parts.join(' · ') : '—';
}

function Evidence({ candidate }: { candidate: CandidateView }) {
  const { t } = useI18n();
  const names = useItemNames();
  const { records, tasks } = candidate.evidence;
  return (
    <Row gutter={[16, 8]} data-testid={`evidence-${candidate.cadreId}`}>
      <Col xs={24} lg={12}>
        <Typography.Text strong>{t('insights.candidates.topRecords')}</Typography.Text>
        <SimpleList
          items={records}
          keyOf={(r) => r.recordId}
          empty={t('insights.candidates.noRecords')}
          extra={(r) => (r.points === null ? t('insights.portrait.pointsPending') : t('insights.pointsValue', { points: formatPoints(r.points) }))}
          render={(r) => (
              <Space orientation="vertical" size={0}>
                <Link to={sourcePath({ type: 'record', id: r.recordId })}>{r.title}</Link>
                <Typography.Text type="secondary">
                  {[itemName(names, t, r.itemCode), labelOf(t, 'insights.rating', r.rating), r.impactLevel ? labelOf(t, 'insights.impact', r.impactLevel) : null, t('insights.candidates.verifiedAt', { date: formatDateTime(r.verifiedAt, true) })]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography.Text>
              </Space>
          )}
        />
      </Col>
      <Col xs={24} lg={12}>
        <Typography.Text strong>{t('insights.candidates.topTasks')}</Typography.Text>
        <SimpleList
          items={tasks}
          keyOf={(k) => k.taskId}
          empty={t('insights.candidates.noTasks')}
          extra={(k) => (k.points === null ? t('insights.portrait.pointsPending') : t('insights.pointsValue', { points: formatPoints(k.points) }))}
          render={(k) => (
              <Space orientation="vertical" size={0}>
                <Link to={sourcePath({ type: 'task', id: k.taskId })}>{k.title}</Link>
                <Typography.Text type="secondary">
                  {[labelOf(t, 'insights.verdict', k.verdict), t('insights.portrait.timelineShare', { role: labelOf(t, 'insights.role', k.role), share: k.share }), t('insights.candidates.concludedAt', { date: formatDateTime(k.concludedAt, true) })].join(' · ')}
                </Typography.Text>
              </Space>
          )}
        />
      </Col>
    </Row>
  );
}

/** 干部遴选: the shortlist for a rank level and department subtree, with the evidence behind each name. */
export function CandidatesPage() {
  const { t } = useI18n();
  const departments = useDepartments();
  const [form] = Form.useForm<{ limit: number; withoutGrades: string[]; gradeYears: number; minSatisfaction?: number | null }>();
  const [filters, setFilters] = useState<CandidateFilters>({ period: currentYear(), limit: 20, withoutGrades: [], gradeYears: 3 });
  const query = {
    period: filters.period,
    rankLevel: filters.rankLevel,
    departmentId: filters.departmentId,
    limit: filters.limit,
    withoutGrades: filters.withoutGrades.length ? filters.withoutGrades.join(',') : undefined,
    gradeYears: filters.withoutGrades.length ? filters.gradeYears : undefined,
    minSatisfaction: filters.minSatisfaction ?? undefined,
  };
  const shortlist = useApiQuery(() => api.get<CandidatesView>('/analytics/candidates', query), [JSON.stringify(query)]);
  const data = shortlist.data;
  const names = useItemNames();
  const [within, setWithin] = useState('');
  const sort = useTableSort(CANDIDATE_ORDER);
  const shown = useMemo(() => candidatesMatching(data?.items ?? [], within), [data, within]);
  // A phone shows cards, which have no expandable rows: each card's foot opens the evidence in a drawer instead.
  const phone = useIsPhone();
  const [evidenceOf, setEvidenceOf] = useState<CandidateView | null>(null);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('insights.candidates.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('insights.candidates.hint')}</Typography.Text>
      <Form
        form={form}
        layout="inline"
        style={{ rowGap: 8 }}
        initialValues={{ limit: 20, withoutGrades: [], gradeYears: 3 }}
        onFinish={(values) => setFilters((f) => ({ ...f, limit: values.limit, withoutGrades: values.withoutGrades ?? [], gradeYears: values.gradeYears ?? 3, minSatisfaction: values.minSatisfaction }))}
      >
        <PeriodSelect id="candidates-period" value={filters.period} onChange={(period) => setFilters((f) => ({ ...f, period }))} />
        <RankLevelSelect id="candidates-rank" value={filters.rankLevel} onChange={(rankLevel) => setFilters((f) => ({ ...f, rankLevel }))} />
        <DepartmentSelect id="candidates-department" value={filters.departmentId} onChange={(departmentId) => setFilters((f) => ({ ...f, departmentId }))} tree={departments.tree} />
        <Form.Item label={t('insights.candidates.limit')} name="limit" rules={[{ required: true, type: 'integer', min: 1, max: 100, message: '1–100' }]}>
          <InputNumber min={1} max={100} precision={0} style={{ width: 96 }} />
        </Form.Item>
        <Form.Item label={t('insights.candidates.withoutGrades')} name="withoutGrades">
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 180 }}
            options={EXCLUDABLE_GRADES.map((grade) => ({ value: grade, label: t(`appraisal.grade.${grade}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('insights.candidates.gradeYears')} name="gradeYears">
          <Select style={{ width: 110 }} options={[1, 2, 3, 4, 5].map((n) => ({ value: n, label: t('insights.candidates.gradeYearsValue', { n }) }))} />
        </Form.Item>
        <Form.Item label={t('insights.candidates.minSatisfaction')} name="minSatisfaction" rules={[{ type: 'number', min: 0, max: 100, message: '0–100' }]}>
          <InputNumber min={0} max={100} style={{ width: 96 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('insights.candidates.search')}
          </Button>
        </Form.Item>
        <Form.Item>
          <ExportButton
            path="/analytics/candidates"
            query={query}
            name={exportName('干部遴选', { period: filters.period, departmentName: departments.items.find((d) => d.id === filters.departmentId)?.name, rankLevel: filters.rankLevel })}
            disabled={!data?.items.length}
          />
        </Form.Item>
      </Form>
      <ProblemAlert error={shortlist.error} />
      {data && <Alert type="info" showIcon title={t('insights.candidates.total', { total: data.total })} description={t('insights.analytics.scope', { name: data.scope.departmentName })} />}
      <Card>
        <Input.Search
          allowClear
          aria-label={t('insights.candidates.within')}
          placeholder={t('insights.candidates.withinPlaceholder')}
          value={within}
          maxLength={50}
          onChange={(event) => setWithin(event.target.value)}
          style={{ width: 280, maxWidth: '100%', marginBottom: 12 }}
        />
        <ResponsiveTable<CandidateView>
          data-testid="candidates-table"
          rowKey="cadreId"
          loading={shortlist.loading}
          dataSource={shortlist.error ? [] : sort.rows(shown)}
          scroll={{ x: true }}
          pagination={false}
          onChange={sort.onChange}
          cardTitleKeys={['rank', 'name']}
          locale={{ emptyText: within.trim() && data?.items.length ? t('insights.candidates.noMatch', { q: within.trim() }) : t('insights.candidates.empty') }}
          expandable={{ expandedRowRender: (candidate) => <Evidence candidate={candidate} />, rowExpandable: () => true }}
          columns={[
            { title: t('insights.rankings.rank'), dataIndex: 'rank', width: 88, ...sort.column('rank') },
            { title: t('insights.rankings.name'), dataIndex: 'name', ...sort.column('name'), render: (name: string, row) => <Link to={cadrePath(row.cadreId, 'portrait')}>{name}</Link> },
            { title: t('insights.department'), dataIndex: 'departmentName', render: (name: string) => name || '—' },
            { title: t('insights.rankLevel'), dataIndex: 'rankLevel', render: (level: string | null) => labelOf(t, 'insights.rankLevel', level) },
            { title: t('insights.candidates.titleCol'), dataIndex: 'title', render: (title: string) => title || '—' },
            { title: t('insights.points'), dataIndex: 'points', align: 'right', ...sort.column('points'), render: (points: number) => <Typography.Text strong>{formatPoints(points)}</Typography.Text> },
            {
              title: t('insights.candidates.cityRank'),
              ...sort.column('cityRank'),
              render: (_, row) => (
                <Space size={4} wrap={false} data-testid={`city-rank-${row.cadreId}`}>
                  {row.cityRank}/{row.cityCadres}
                  {row.topDecile && <Tag color="gold">{t('insights.candidates.topDecile')}</Tag>}
                </Space>
              ),
            },
            { title: t('insights.candidates.verifiedRecords'), ...sort.column('verified'), align: 'right', render: (_, row) => row.evidence.verifiedRecords },
            { title: t('insights.candidates.concludedTasks'), ...sort.column('tasks'), align: 'right', render: (_, row) => row.evidence.concludedTasks },
            { title: t('insights.candidates.ratings'), key: 'ratings', render: (_, row) => ratingsText(t, row.evidence.ratings) },
            {
              title: t('insights.candidates.grades'),
              key: 'grades',
              render: (_, row) =>
                row.grades.length ? (
                  <Space wrap size={4} data-testid={`grades-${row.cadreId}`}>
                    {row.grades.map((g) => (
                      <Tag key={g.cycleId} title={g.cycleName}>
                        {g.period} {g.gradeLabel}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  '—'
                ),
            },
            { title: t('insights.candidates.satisfaction'), ...sort.column('satisfaction'), align: 'right', render: (_, row) => (row.satisfaction === null ? '—' : `${row.satisfaction}%`) },
            ...(phone
              ? [
                  {
                    title: t('insights.candidates.evidence'),
                    key: 'actions',
                    render: (_: unknown, row: CandidateView) => (
                      <Button size="small" onClick={() => setEvidenceOf(row)}>
                        {t('insights.candidates.showEvidence')}
                      </Button>
                    ),
                  },
                ]
              : []),
            {
              title: t('insights.portrait.strengths'),
              key: 'items',
              render: (_, row) => (
                <Space wrap size={4}>
                  {sortedEntries(row.byItem).slice(0, 3).map(([code, points]) => (
                    <Tag key={code}>
                      {itemName(names, t, code)} {formatPoints(points)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Drawer open={evidenceOf !== null} onClose={() => setEvidenceOf(null)} title={evidenceOf ? t('insights.candidates.evidenceOf', { name: evidenceOf.name }) : ''} size="min(480px, 100vw)">
        {evidenceOf && <Evidence candidate={evidenceOf} />}
      </Drawer>
    </Space>
  );
}
