import { Card, Col, Empty, Progress, Row, Statistic, Tag } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import type { AnalyticsAppraisalView } from '@cadre/contracts';
import { useI18n, type MessageKey } from '../../i18n/i18n';

const KINDS = ['annual', 'quarterly', 'special'] as const;
const GRADES_OF: Record<(typeof KINDS)[number], readonly string[]> = {
  annual: ['excellent', 'competent', 'basic', 'incompetent'],
  quarterly: ['good', 'fairly_good', 'average', 'poor'],
  special: ['excellent', 'competent', 'basic', 'incompetent'],
};

/** 考评情况 of the analytics page (`GET /analytics/appraisal`): confirmed grades by kind and department, 测评 by criterion. */
export function AppraisalAnalytics({ data }: { data: AnalyticsAppraisalView }) {
  const { t } = useI18n();
  const kindLabel = (kind: string) => t(`appraisal.kind.${kind}` as MessageKey);
  const gradeLabel = (grade: string) => t(`appraisal.grade.${grade}` as MessageKey);
  const kinds = KINDS.filter((kind) => Object.values(data.grades.byKind[kind] ?? {}).some((n) => n > 0));
  const gradeTags = (byKind: AnalyticsAppraisalView['grades']['byKind']) =>
    KINDS.flatMap((kind) =>
      GRADES_OF[kind]
        .filter((grade) => (byKind[kind]?.[grade] ?? 0) > 0)
        .map((grade) => (
          <Tag key={`${kind}:${grade}`}>
            {kindLabel(kind)} {gradeLabel(grade)} {byKind[kind]![grade]}
          </Tag>
        )),
    );

  return (
    <Row gutter={[16, 16]} data-testid="appraisal-analytics">
      <Col xs={24}>
        <Card size="small">
          <Row gutter={16}>
            <Col xs={12} md={8}>
              <Statistic title={t('insights.appraisal.grades')} value={data.grades.total} />
            </Col>
            <Col xs={12} md={8}>
              <Statistic title={t('insights.appraisal.surveyCadres')} value={data.surveys.cadres} />
            </Col>
            <Col xs={24} md={8}>
              <Statistic title={t('insights.appraisal.satisfaction')} value={data.surveys.satisfaction ?? '—'} suffix={data.surveys.satisfaction === null ? undefined : '%'} />
            </Col>
          </Row>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('insights.appraisal.byKind')}>
          {kinds.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appraisal.analytics.noGrades')} />
          ) : (
            kinds.map((kind) => {
              const counts = data.grades.byKind[kind] ?? {};
              const total = Object.values(counts).reduce((a, b) => a + b, 0);
              return (
                <div key={kind} style={{ marginBottom: 12 }} data-testid={`grades-${kind}`}>
                  <strong>{kindLabel(kind)}</strong>（{total}）
                  {GRADES_OF[kind].map((grade) => (
                    <div key={grade} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                      <span style={{ width: 72, flex: 'none' }}>{gradeLabel(grade)}</span>
                      <Progress percent={total ? Math.round(((counts[grade] ?? 0) / total) * 100) : 0} format={() => String(counts[grade] ?? 0)} size="small" style={{ flex: 1, margin: 0 }} />
                    </div>
                  ))}
                </div>
              );
            })
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('insights.appraisal.criteria')}>
          {data.surveys.criteria.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appraisal.analytics.noSurveys')} />
          ) : (
            data.surveys.criteria.map((c) => (
              <div key={c.code} style={{ display: 'flex', alignItems: 'center', gap: 8 }} data-testid={`criterion-${c.code}`}>
                <span style={{ width: 48, flex: 'none' }}>{c.name}</span>
                <Progress percent={c.average} format={() => String(c.average)} size="small" style={{ flex: 1, margin: 0 }} />
              </div>
            ))
          )}
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" title={t('insights.appraisal.byDepartment')}>
          <ResponsiveTable
            rowKey="departmentId"
            size="small"
            scroll={{ x: true }}
            pagination={false}
            locale={{ emptyText: t('insights.empty') }}
            dataSource={mergeDepartments(data)}
            columns={[
              { title: t('insights.department'), dataIndex: 'departmentName' },
              { title: t('insights.appraisal.grades'), key: 'total', align: 'right', render: (_, row) => row.total },
              { title: t('insights.appraisal.distribution'), key: 'byKind', render: (_, row) => gradeTags(row.byKind) },
              { title: t('insights.appraisal.surveyCadres'), key: 'cadres', align: 'right', render: (_, row) => row.cadres },
              { title: t('insights.appraisal.satisfaction'), key: 'satisfaction', align: 'right', render: (_, row) => (row.satisfaction === null ? '—' : `${row.satisfaction}%`) },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** One row per department with grades or 测评 results (the scope's order: grades' first, then those with results only). */
function mergeDepartments(data: AnalyticsAppraisalView) {
  const rows = new Map<string, { departmentId: string; departmentName: string; total: number; byKind: AnalyticsAppraisalView['grades']['byKind']; cadres: number; satisfaction: number | null }>();
  for (const d of data.grades.byDepartment) rows.set(d.departmentId, { departmentId: d.departmentId, departmentName: d.departmentName, total: d.total, byKind: d.byKind, cadres: 0, satisfaction: null });
  for (const d of data.surveys.byDepartment) {
    const row = rows.get(d.departmentId) ?? { departmentId: d.departmentId, departmentName: d.departmentName, total: 0, byKind: {}, cadres: 0, satisfaction: null };
    rows.set(d.departmentId, { ...row, cadres: d.cadres, satisfaction: d.satisfaction });
  }
  return [...rows.values()];
}
