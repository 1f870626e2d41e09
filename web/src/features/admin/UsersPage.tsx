import { useMemo, useState } from 'react';
import { App, Button, Card, Drawer, Form, Input, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { ResponsiveTable } from '../../components/ResponsiveTable';
import { EditOutlined, UserAddOutlined } from '@ant-design/icons';
import type { UserView } from '@cadre/contracts';
import { api, type Page } from '../../api/client';
import { useApiQuery } from '../../api/useApiQuery';
import { ExportButton } from '../../components/ExportButton';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { buildDepartmentTree, ROLES } from './rules';
import { useDepartments } from './shared';
import { UserForm } from './UserForm';

interface Filters {
  departmentId?: string;
  role?: string;
  q?: string;
}

/** 用户管理: the directory, paginated and filtered on the server; create and edit users (admin). */
export function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { departments, error: departmentsError } = useDepartments();
  const tree = useMemo(() => buildDepartmentTree(departments), [departments]);
  const departmentNames = useMemo(() => new Map(departments.map((d) => [d.id, d.name])), [departments]);
  const [filters, setFilters] = useState<Filters>({});
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const users = useApiQuery(() => api.get<Page<UserView>>('/users', { ...paging, ...filters }), [paging, filters]);
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [filterForm] = Form.useForm<Filters>();

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('admin.user.title')}</Typography.Title>}
      extra={
        <Space wrap>
          <ExportButton path="/users" query={{ ...filters }} name="用户" />
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setEditing('new')}>
            {t('admin.user.create')}
          </Button>
        </Space>
      }
    >
      <ProblemAlert error={users.error ?? departmentsError} />
      <Form
        form={filterForm}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values: Filters) => {
          setFilters({ departmentId: values.departmentId || undefined, role: values.role || undefined, q: values.q?.trim() || undefined });
          setPaging((p) => ({ ...p, page: 1 }));
        }}
      >
        <Form.Item label={t('admin.user.filterDepartment')} name="departmentId">
          <TreeSelect treeData={tree} allowClear showSearch treeNodeFilterProp="title" treeDefaultExpandAll style={{ minWidth: 200 }} />
        </Form.Item>
        <Form.Item label={t('admin.user.filterRole')} name="role">
          <Select allowClear style={{ minWidth: 140 }} options={ROLES.map((role) => ({ value: role, label: t(`role.${role}` as MessageKey) }))} />
        </Form.Item>
        <Form.Item label={t('admin.user.filterQ')} name="q" rules={[{ max: 64 }]}>
          <Input allowClear maxLength={64} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('admin.common.search')}
          </Button>
          <Button
            onClick={() => {
              filterForm.resetFields();
              setFilters({});
              setPaging((p) => ({ ...p, page: 1 }));
            }}
          >
            {t('admin.common.reset')}
          </Button>
        </Space>
      </Form>
      <ResponsiveTable<UserView>
        data-testid="users-table"
        rowKey="id"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        scroll={{ x: true }}
        cardTitleKeys={['name']}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: users.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('admin.common.total', { total }),
          onChange: (page, pageSize) => setPaging({ page: pageSize !== paging.pageSize ? 1 : page, pageSize }),
        }}
        columns={[
          { title: t('admin.user.username'), dataIndex: 'username' },
          { title: t('admin.user.name'), dataIndex: 'name' },
          { title: t('admin.user.staffNo'), dataIndex: 'staffNo' },
          { title: t('admin.user.department'), dataIndex: 'departmentId', render: (id: string) => departmentNames.get(id) ?? '—' },
          {
            title: t('admin.user.roles'),
            dataIndex: 'roles',
            render: (roles: string[]) => (
              <Space size={[0, 4]} wrap>
                {roles.map((role) => (
                  <Tag key={role}>{t(`role.${role}` as MessageKey)}</Tag>
                ))}
              </Space>
            ),
          },
          { title: t('admin.user.rankLevel'), dataIndex: 'rankLevel', render: (level: string) => t(`admin.rank.${level}` as MessageKey) },
          { title: t('admin.user.position'), dataIndex: 'title' },
          {
            title: t('admin.user.active'),
            dataIndex: 'active',
            render: (active: boolean) => <Tag color={active ? 'green' : 'default'}>{active ? t('admin.user.activeOn') : t('admin.user.activeOff')}</Tag>,
          },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            render: (_, user) => (
              <Button size="small" icon={<EditOutlined />} aria-label={`${t('admin.common.edit')} ${user.username}`} onClick={() => setEditing(user)}>
                {t('admin.common.edit')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('admin.user.create') : t('admin.user.edit')}
        size="min(400px, 100vw)"
        destroyOnHidden
      >
        {editing !== null && (
          <UserForm
            key={editing === 'new' ? 'new' : editing.id}
            user={editing === 'new' ? undefined : editing}
            departments={departments}
            defaults={filters.departmentId ? { departmentId: filters.departmentId } : undefined}
            onCancel={() => setEditing(null)}
            onSaved={() => {
              message.success(editing === 'new' ? t('admin.common.created') : t('admin.common.saved'));
              setEditing(null);
              users.reload();
            }}
          />
        )}
      </Drawer>
    </Card>
  );
}
