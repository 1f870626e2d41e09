import { useEffect, type CSSProperties } from 'react';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import theme from 'antd/es/theme';
import { Navigate, useLocation } from 'react-router-dom';
import type { Role } from '@cadre/contracts';
import { ApiError } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { useSubmission } from '../components/forms';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';
import { ForbiddenPage, loadFrame } from './frame';

// The sign-in page is the first thing anyone loads: it keeps to the few components it needs (per-component imports,
// no Card or Typography, which bring tabs and tooltips along; the theme's tokens style its own elements alike) so it
// appears quickly; the rest comes with the frame.
function useLoginStyles() {
  const { token } = theme.useToken();
  const text = (color: string): CSSProperties => ({ margin: '0 0 16px', color, fontSize: token.fontSize, lineHeight: token.lineHeight });
  return {
    page: { minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: token.colorBgLayout, padding: 16, fontFamily: token.fontFamily } satisfies CSSProperties,
    card: { width: '100%', maxWidth: 380, background: token.colorBgContainer, border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadiusLG, padding: token.paddingLG } satisfies CSSProperties,
    title: { margin: '0 0 12px', fontSize: token.fontSizeHeading3, fontWeight: token.fontWeightStrong, lineHeight: token.lineHeightHeading3, color: token.colorTextHeading } satisfies CSSProperties,
    secondary: text(token.colorTextDescription),
    danger: text(token.colorError),
  };
}

// The module loader keeps each import's promise: asking again costs nothing.
const prefetchFrame = () => void loadFrame().catch(() => undefined);

export function LoginPage() {
  const { t } = useI18n();
  const { user, signIn } = useSession();
  const location = useLocation();
  const { busy, error, run } = useSubmission();
  const styles = useLoginStyles();
  // Fetch the signed-in frame while the user types, so signing in does not wait for it: at the first key, or once the
  // page has stood painted for a moment (never while the sign-in page itself is loading).
  useEffect(() => {
    const timer = setTimeout(prefetchFrame, 1_500);
    return () => clearTimeout(timer);
  }, []);
  if (user) return <Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />;
  return (
    <div style={styles.page}>
      <main style={styles.card}>
        <h1 style={styles.title}>{t('app.title')}</h1>
        <p style={styles.secondary}>{t('app.subtitle')}</p>
        {error instanceof ApiError && error.status === 401 ? (
          <p role="alert" style={styles.danger}>
            {t('login.failed')}
          </p>
        ) : (
          error != null && <ProblemAlert error={error} />
        )}
        <Form
          onKeyDown={prefetchFrame}
          layout="vertical"
          requiredMark={false}
          onFinish={(values: { username: string; password: string }) => run(() => signIn(values.username, values.password))}
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
      </main>
    </div>
  );
}

/** Opens a page only for the roles it names (the API refuses the rest anyway); otherwise a plain 403 page. */
export function RequireRoles({ roles, children }: { roles?: Role[]; children: React.ReactNode }) {
  const { hasRole } = useSession();
  if (roles?.length && !hasRole(...roles)) return <ForbiddenPage />;
  return <>{children}</>;
}
