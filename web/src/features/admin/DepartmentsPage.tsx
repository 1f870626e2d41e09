import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Row, Space, Spin, Tree, TreeSelect, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { DepartmentView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import { buildDepartmentTree, changedFields, DEPARTMENT_CODE_PATTERN, subtreeIds, type DepartmentNode } from './rules';
import { useDepartments } from './shared';

interface DepartmentFormValues {
  name: string;
  code: string;
  parentId?: string | null;
}

type Editing = { mode: 'create'; parentId?: string } | { mode: 'edit'; department: DepartmentView };

function disableSubtree(nodes: DepartmentNode[], blocked: Set<string>): (DepartmentNode & { disabled?: boolean })[] {
  return nodes.map((node) => ({ ...node, disabled: blocked.has(node.key), ...(node.children ? { children: disableSubtree(node.children, blocked) } : {}) }));
}

function DepartmentForm({ editing, departments, onDone, onCancel }: { editing: Editing; departments: DepartmentView[]; onDone: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DepartmentFormValues>();
  const { busy, error, run } = useSubmission(form, { fieldErrorsSuffice: true });
  const current = editing.mode === 'edit' ? editing.department : null;
  const treeData = useMemo(() => {
    const tree = buildDepartmentTree(departments);
    return current ? disableSubtree(tree, subtreeIds(departments, current.id)) : tree;
  }, [departments, current]);

  const submit = (values: DepartmentFormValues) =>
    run(async () => {
      if (current) {
        const body = changedFields({ name: current.name, code: current.code, parentId: current.parentId }, { name: values.name.trim(), code: values.code, parentId: values.parentId ?? null });
        if (Object.keys(body).length === 0) {
          message.info(t('admin.user.nothingChanged'));
          onCancel();
          return;
        }
        await api.patch<DepartmentView>(`/departments/${encodeURIComponent(current.id)}`, body);
        message.success(t('admin.common.saved'));
      } else {
        await api.post<DepartmentView>('/departments', { name: values.name.trim(), code: values.code, ...(values.parentId ? { parentId: values.parentId } : {}) });
        message.success(t('admin.common.created'));
      }
      onDone();
    });

  return (
    <Modal
      open
      title={current ? t('admin.dept.edit') : t('admin.dept.create')}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <ProblemAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={current ? { name: current.name, code: current.code, parentId: current.parentId ?? undefined } : { parentId: editing.mode === 'create' ? editing.parentId : undefined }}
      >
        <Form.Item label={t('admin.dept.name')} name="name" rules={[{ required: true, whitespace: true, message: t('admin.dept.nameRequired') }, { max: 100, message: t('admin.dept.nameTooLong') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('admin.dept.code')} name="code" extra={t('admin.dept.codeHint')} rules={[{ required: true, pattern: DEPARTMENT_CODE_PATTERN, message: t('admin.dept.codeInvalid') }]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item label={t('admin.dept.parent')} name="parentId">
          <TreeSelect treeData={treeData} allowClear showSearch treeNodeFilterProp="title" treeDefaultExpandAll placeholder={t('admin.dept.parentNone')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 部门管理: the department tree, create and edit (admin). */
export function DepartmentsPage() {
  const { t } = useI18n();
  const { departments, loading, error, reload } = useDepartments();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const tree = useMemo(() => buildDepartmentTree(departments), [departments]);
  const chosen = departments.find((d) => d.id === selected) ?? null;
  const names = useMemo(() => new Map(departments.map((d) => [d.id, d.name])), [departments]);

  return (
    <Card
      title={<Typography.Title level={4} style={{ margin: 0 }}>{t('admin.dept.title')}</Typography.Title>}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create' })}>
          {t('admin.dept.create')}
        </Button>
      }
    >
      <ProblemAlert error={error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={14}>
          <Typography.Text type="secondary">{t('admin.dept.count', { total: departments.length })}</Typography.Text>
          <Spin spinning={loading}>
            {tree.length ? (
              <div data-testid="departments-tree">
              <Tree
                aria-label={t('admin.dept.tree')}
                treeData={tree}
                defaultExpandAll
                showLine
                blockNode
                selectedKeys={selected ? [selected] : []}
                onSelect={(keys) => setSelected((keys[0] as string | undefined) ?? null)}
                key={departments.length}
              />
              </div>
            ) : (
              !loading && <Empty description={t('admin.dept.empty')} />
            )}
          </Spin>
        </Col>
        <Col xs={24} md={10}>
          {chosen && (
            <Card size="small" title={chosen.name} data-testid="department-detail">
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('admin.dept.code')}>{chosen.code}</Descriptions.Item>
                <Descriptions.Item label={t('admin.dept.parent')}>{chosen.parentId ? (names.get(chosen.parentId) ?? '—') : '—'}</Descriptions.Item>
              </Descriptions>
              <Space wrap>
                <Button icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', department: chosen })}>
                  {t('admin.dept.edit')}
                </Button>
                <Button icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'create', parentId: chosen.id })}>
                  {t('admin.dept.createChild')}
                </Button>
              </Space>
            </Card>
          )}
        </Col>
      </Row>
      {editing && (
        <DepartmentForm
          editing={editing}
          departments={departments}
          onCancel={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            void reload();
          }}
        />
      )}
    </Card>
  );
}
