import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { App as AntApp, Badge, Button, Drawer, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import { HomeOutlined, LogoutOutlined, MenuOutlined, TranslationOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';
import type { PageRoute } from './routes';
import { LiveProvider, useLive } from './live';
import { NotificationBell } from '../components/NotificationBell';
import { menuCounts } from '../features/inbox/kinds';
import { BALLOTS_PATH, useBallotCount } from '../features/appraisal/count';
// All of Ant Design's prebuilt styles, for every signed-in page (the sign-in page has its components' only: main.tsx).
import 'antd/dist/antd.css';

/**
 * The frame of every signed-in page: a menu of what the user's roles allow (a drawer on phones) with the counts of
 * waiting work, the header with the bell; the live feed (one connection per signed-in session) lives here.
 */
export function AppLayout({ pages }: { pages: PageRoute[] }) {
  const { user } = useSession();
  // AntApp: the message, notification and modal contexts the pages use (App.useApp()); the login page needs none.
  // Toasts open below the header, so a live message never covers the bell (or the user's name) it is counted on.
  return (
    <AntApp notification={{ placement: 'topRight', top: 72 }}>
      {user ? (
        <LiveProvider key={user.id} userId={user.id}>
          <Frame pages={pages} />
        </LiveProvider>
      ) : (
        <Frame pages={pages} />
      )}
    </AntApp>
  );
}

/** A menu label with the count of waiting work beside it (none at 0). */
function Counted({ label, count }: { label: string; count: number }) {
  if (!count) return <>{label}</>;
  return (
    <Space size={6}>
      {label}
      <Badge count={count} size="small" overflowCount={99} data-testid="menu-count" />
    </Space>
  );
}

function Frame({ pages }: { pages: PageRoute[] }) {
  const { t, locale, setLocale } = useI18n();
  const { user, hasRole, signOut } = useSession();
  const live = useLive();
  // Ballots of 民主测评 are not inbox items: their count is read beside it (again whenever the inbox changes).
  const ballots = useBallotCount(live.inboxVersion);
  const counts = useMemo<Record<string, number>>(() => ({ ...menuCounts(live.inbox?.counts), [BALLOTS_PATH]: ballots.waiting }), [live.inbox, ballots.waiting]);
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);

  const items = useMemo(() => {
    // 民主测评 is offered to those asked to rate.
    const allowed = pages.filter((page) => page.label && (!page.roles?.length || hasRole(...page.roles)) && !(page.path === BALLOTS_PATH && ballots.none));
    const groups = new Map<string, { key: string; label: string; children: { key: string; label: ReactNode; icon?: ReactNode }[] }>();
    const top: { key: string; label: ReactNode; icon?: ReactNode }[] = [{ key: '/', label: t('nav.home'), icon: <HomeOutlined /> }];
    for (const page of allowed) {
      const item = { key: page.path, label: <Counted label={t(page.label!)} count={counts[page.path] ?? 0} />, icon: page.icon };
      if (!page.group) top.push(item);
      else {
        const group = groups.get(page.group) ?? { key: `group:${page.group}`, label: t(page.group), children: [] };
        group.children.push(item);
        groups.set(page.group, group);
      }
    }
    return [...top, ...groups.values()];
  }, [pages, hasRole, t, counts, ballots.none]);

  const selected = pages.map((p) => p.path).filter((path) => path !== '/' && location.pathname.startsWith(path)).sort((a, b) => b.length - a.length)[0] ?? '/';
  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      defaultOpenKeys={items.filter((i) => 'children' in i).map((i) => i.key)}
      onClick={({ key }) => {
        navigate(key);
        setDrawerOpen(false);
      }}
    />
  );

  return (
    <>
      <Layout style={{ minHeight: '100vh' }}>
        {!narrow && (
          <Layout.Sider width={232} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
            <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 18 }}>{t('app.title')}</div>
            <nav aria-label={t('app.title')}>{menu}</nav>
          </Layout.Sider>
        )}
        <Layout>
          <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #f0f0f0' }}>
            <Space>
              {narrow && <Button type="text" icon={<MenuOutlined />} aria-label="menu" onClick={() => setDrawerOpen(true)} />}
              {narrow && <strong style={{ whiteSpace: 'nowrap' }}>{t('app.title')}</strong>}
            </Space>
            <Space size={narrow ? 0 : 'small'}>
              <NotificationBell compact={narrow} />
              <Typography.Text data-testid="current-user" style={{ whiteSpace: 'nowrap' }}>
                {user?.name}
              </Typography.Text>
              {/* On a phone the header keeps the icons (with their names for screen readers) to leave room for the name. */}
              <Button type="text" icon={<TranslationOutlined />} aria-label={t('nav.language')} onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
                {narrow ? null : t('nav.language')}
              </Button>
              <Button type="text" icon={<LogoutOutlined />} aria-label={t('nav.signOut')} onClick={signOut}>
                {narrow ? null : t('nav.signOut')}
              </Button>
            </Space>
          </Layout.Header>
          <Layout.Content style={{ padding: narrow ? 12 : 24 }}>
            {/* Pages load when first opened (lazyPage): the frame stays while one does. */}
            <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
        <Drawer open={drawerOpen} onClose={() => setDrawerOpen(false)} placement="left" title={t('app.title')} size={260}>
          {menu}
        </Drawer>
      </Layout>
    </>
  );
}
