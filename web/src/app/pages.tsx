import { useState } from 'react';
import { Button, Card, Form, Input, Result, Space, Tag, Typography } from 'antd';
import { Link, Navigate, useLocation } from 'react-router-dom';
import type { Role } from '@cadre/contracts';
import { ApiError } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { useSession } from './session';

export function LoginPage() {
  const { t } = useI18n();
  const { user, signIn } = useSession();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (user) return <Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        {error ? error instanceof ApiError && error.status === 401 ? <ProblemAlert error={null} /> : <ProblemAlert error={error} /> : null}
        {error instanceof ApiError && error.status === 401 && <Typography.Paragraph type="danger" role="alert">{t('login.failed')}</Typography.Paragraph>}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={async (values: { username: string; password: string }) => {
            setBusy(true);
            setError(null);
            try {
              await signIn(values.username, values.password);
            } catch (caught) {
              setError(caught);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

export function HomePage() {
  const { t } = useI18n();
  const { user } = useSession();
  if (!user) return null;
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.welcome', { name: user.name })}
      </Typography.Title>
      <Space wrap>
        {user.roles.map((role) => (
          <Tag key={role} color="blue">
            {t(`role.${role}` as MessageKey)}
          </Tag>
        ))}
      </Space>
    </Card>
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('page.forbidden')} extra={<Link to="/">{t('page.back')}</Link>} />;
}

export function NotFoundPage() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('page.notFound')} extra={<Link to="/">{t('page.back')}</Link>} />;
}

/** Opens a page only for the roles it names (the API refuses the rest anyway); otherwise a plain 403 page. */
export function RequireRoles({ roles, children }: { roles?: Role[]; children: React.ReactNode }) {
  const { hasRole } = useSession();
  if (roles?.length && !hasRole(...roles)) return <ForbiddenPage />;
  return <>{children}</>;
}
