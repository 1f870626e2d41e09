import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Space, Tag, Typography } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import type { ScoringStandardView, TaxonomyView } from '@cadre/contracts';
import { api } from '../../api/client';
import { useApiQuery } from '../../api/useApiQuery';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { useI18n } from '../../i18n/i18n';
import { basePointsOf } from './rules';
import { formatTime } from './shared';
import { TaxonomyEditor } from './TaxonomyEditor';

type FirstLevel = TaxonomyView['items'][number];

/** 分类体系: the current taxonomy with base points from the active standard; publish a new version (admin). */
export function TaxonomyPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  // The active standard only adds base points to the table: without it (none yet, or not allowed) the taxonomy still shows.
  const { data, loading, error, reload } = useApiQuery(async () => {
    const [taxonomy, standards] = await Promise.all([api.get<TaxonomyView>('/taxonomy'), api.get<ScoringStandardView[]>('/scoring/standards').catch(() => [] as ScoringStandardView[])]);
    return { taxonomy, standard: standards.find((s) => s.status === 'active') ?? null };
  }, []);
  const taxonomy = data?.taxonomy ?? null;
  const standard = data?.standard ?? null;

  const rows = useMemo(() => taxonomy?.items ?? [], [taxonomy]);

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('admin.tax.title')}</Typography.Title>}
      extra={
        <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setEditing(true)} disabled={loading}>
          {t('admin.tax.edit')}
        </Button>
      }
    >
      <ProblemAlert error={error} />
      {taxonomy && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag color="blue">{t('admin.tax.version', { version: taxonomy.version })}</Tag>
          <Typography.Text type="secondary">{t('admin.tax.createdAt', { at: formatTime(taxonomy.createdAt) })}</Typography.Text>
        </Space>
      )}
      {standard && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('admin.tax.basePointsNote', { version: standard.version })} />}
      <ResponsiveTable<FirstLevel>
        data-testid="taxonomy-table"
        rowKey="code"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        expandable={{
          childrenColumnName: 'noTreeChildren',
          expandedRowRender: (item) => (
            <table className="admin-taxonomy-children" style={{ borderCollapse: 'collapse', minWidth: 280 }}>
              <thead>
                <tr>
                  {[t('admin.tax.code'), t('admin.tax.name'), t('admin.tax.basePoints')].map((head) => (
                    <th key={head} style={{ textAlign: 'left', padding: '4px 16px 4px 0', fontWeight: 500 }}>
                      {head}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {item.children.map((child) => (
                  <tr key={child.code}>
                    <td style={{ padding: '4px 16px 4px 0' }}>{child.code}</td>
                    <td style={{ padding: '4px 16px 4px 0' }}>{child.name}</td>
                    <td style={{ padding: '4px 16px 4px 0' }}>{standard ? basePointsOf(standard, item.code) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ),
        }}
        columns={[
          { title: t('admin.tax.name'), dataIndex: 'name' },
          { title: t('admin.tax.code'), dataIndex: 'code' },
          { title: t('admin.tax.basePoints'), key: 'base', render: (_, item) => (standard ? basePointsOf(standard, item.code) : '—') },
          {
            title: t('admin.tax.children'),
            key: 'children',
            render: (_, item) => (
              <Space size={[0, 4]} wrap>
                {item.children.map((child) => (
                  <Tag key={child.code}>{`${child.code} ${child.name}`}</Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <TaxonomyEditor
          current={taxonomy}
          standard={standard}
          onCancel={() => setEditing(false)}
          onPublished={(view) => {
            setEditing(false);
            message.success(t('admin.tax.published', { version: view.version }));
            reload();
          }}
        />
      )}
    </Card>
  );
}
