import { useMemo, useState } from 'react';
import { Button, Checkbox, Form, Input, Select, Space, Switch, TreeSelect } from 'antd';
import type { DepartmentView, UserView } from '@cadre/contracts';
import { api } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSubmission } from '../../components/forms';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { buildDepartmentTree, changedFields, passwordProblem, RANK_LEVELS, ROLES, STAFF_NO_PATTERN, USERNAME_PATTERN } from './rules';

interface UserFormValues {
  username?: string;
  password?: string;
  name: string;
  staffNo: string;
  departmentId: string;
  roles: string[];
  rankLevel: string;
  title?: string;
  postDate?: string;
  active?: boolean;
}

/**
 * Creates a user (`POST /users`) or changes one (`PATCH /users/:id`, only the fields that changed).
 * Validates like the API (contracts' createUserInput / updateUserInput and the password policy) and puts the API's
 * field errors next to the fields.
 */
export function UserForm({
  user,
  departments,
  defaults,
  onSaved,
  onCancel,
}: {
  user?: UserView;
  departments: DepartmentView[];
  /** Initial values of a new user (e.g. the department the list is filtered by). */
  defaults?: Partial<UserFormValues>;
  onSaved: (user: UserView) => void;
  onCancel?: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<UserFormValues>();
  const { busy, error, run } = useSubmission(form, { fieldErrorsSuffice: true });
  const [nothing, setNothing] = useState(false);
  const tree = useMemo(() => buildDepartmentTree(departments), [departments]);
  const editing = !!user;

  const submit = (values: UserFormValues) =>
    run(async () => {
      setNothing(false);
      const common = {
        name: values.name.trim(),
        staffNo: values.staffNo,
        departmentId: values.departmentId,
        roles: values.roles,
        rankLevel: values.rankLevel,
        title: (values.title ?? '').trim(),
        ...(values.postDate ? { postDate: values.postDate } : {}),
      };
      if (user) {
        const body = changedFields(
          { name: user.name, staffNo: user.staffNo, departmentId: user.departmentId, roles: user.roles, rankLevel: user.rankLevel, title: user.title, postDate: user.postDate ?? undefined, active: user.active },
          { ...common, active: values.active },
        ) as Record<string, unknown>;
        if (values.password) body.password = values.password;
        if (Object.keys(body).length === 0) {
          setNothing(true);
          return;
        }
        onSaved(await api.patch<UserView>(`/users/${encodeURIComponent(user.id)}`, body));
      } else {
        onSaved(await api.post<UserView>('/users', { username: values.username, password: values.password, ...common }));
      }
    });

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      style={{ maxWidth: 360 }}
      aria-label={editing ? t('admin.user.edit') : t('admin.user.create')}
      initialValues={
        user
          ? { name: user.name, staffNo: user.staffNo, departmentId: user.departmentId, roles: user.roles, rankLevel: user.rankLevel, title: user.title, postDate: user.postDate ?? undefined, active: user.active }
          : { roles: ['cadre'], rankLevel: 'staff', ...defaults }
      }
    >
      <ProblemAlert error={error} />
      {!editing && (
        <Form.Item label={t('admin.user.username')} name="username" rules={[{ required: true, pattern: USERNAME_PATTERN, message: t('admin.user.usernameInvalid') }]}>
          <Input autoComplete="off" maxLength={32} />
        </Form.Item>
      )}
      <Form.Item
        label={editing ? t('admin.user.newPassword') : t('admin.user.password')}
        name="password"
        dependencies={editing ? [] : ['username']}
        rules={[
          { required: !editing, message: t('admin.user.passwordRequired') },
          ({ getFieldValue }) => ({
            validator(_, value: string | undefined) {
              if (!value) return Promise.resolve();
              const problem = passwordProblem(value, editing ? user.username : (getFieldValue('username') ?? ''));
              if (problem === 'tooLong') return Promise.reject(new Error(t('admin.user.passwordTooLong')));
              if (problem) return Promise.reject(new Error(t('admin.user.passwordPolicy')));
              return Promise.resolve();
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item label={t('admin.user.name')} name="name" rules={[{ required: true, whitespace: true, message: t('admin.user.nameRequired') }, { max: 100, message: t('admin.user.nameTooLong') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('admin.user.staffNo')} name="staffNo" rules={[{ required: true, pattern: STAFF_NO_PATTERN, message: t('admin.user.staffNoInvalid') }]}>
        <Input maxLength={32} />
      </Form.Item>
      <Form.Item label={t('admin.user.department')} name="departmentId" rules={[{ required: true, message: t('admin.user.departmentRequired') }]}>
        <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" treeDefaultExpandAll />
      </Form.Item>
      <Form.Item label={t('admin.user.roles')} name="roles" rules={[{ required: true, type: 'array', min: 1, message: t('admin.user.rolesRequired') }]}>
        <Checkbox.Group options={ROLES.map((role) => ({ value: role, label: t(`role.${role}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item label={t('admin.user.rankLevel')} name="rankLevel" rules={[{ required: true, message: t('admin.user.rankRequired') }]}>
        <Select options={RANK_LEVELS.map((level) => ({ value: level, label: t(`admin.rank.${level}` as MessageKey) }))} />
      </Form.Item>
      <Form.Item label={t('admin.user.position')} name="title" rules={[{ max: 100, message: t('admin.user.titleTooLong') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item label={t('admin.user.postDate')} name="postDate">
        <Input type="date" />
      </Form.Item>
      {editing && (
        <Form.Item label={t('admin.user.active')} name="active" valuePropName="checked">
          <Switch checkedChildren={t('admin.user.activeOn')} unCheckedChildren={t('admin.user.activeOff')} />
        </Form.Item>
      )}
      {nothing && <div role="status" style={{ marginBottom: 12 }}>{t('admin.user.nothingChanged')}</div>}
      <Space>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('action.save')}
        </Button>
        {onCancel && <Button onClick={onCancel}>{t('action.cancel')}</Button>}
      </Space>
    </Form>
  );
}
