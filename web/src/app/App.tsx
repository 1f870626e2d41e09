import { Suspense, useEffect } from 'react';
import ConfigProvider from 'antd/es/config-provider';
import Spin from 'antd/es/spin';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { BrowserRouter, Navigate, Route, Routes, matchPath, useLocation } from 'react-router-dom';
import { tokenStore } from '../api/client';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { SessionProvider, useSession } from './session';
import { AppLayout, HomePage, NotFoundPage, loadFrame } from './frame';
import { theme } from './theme';
import { LoginPage, RequireRoles } from './pages';
import { preloadPage } from './lazyPage';
import type { PageRoute } from './routes';
import { routes as inbox } from '../features/inbox/routes';
import { routes as records } from '../features/records/routes';
import { routes as tasks } from '../features/tasks/routes';
import { routes as insights } from '../features/insights/routes';
import { routes as admin } from '../features/admin/routes';
import { routes as appraisal } from '../features/appraisal/routes';
import { routes as selection } from '../features/selection/routes';
import { routes as dossier } from '../features/dossier/routes';

const pages: PageRoute[] = [...inbox, ...records, ...tasks, ...insights, ...appraisal, ...selection, ...dossier, ...admin];

function SignedIn() {
  const { user, loading } = useSession();
  const location = useLocation();
  // A page opened by URL (or reloaded) with a session: fetch the frame, its styles and the page's own code while the
  // session is checked, not one after the other. Without a token of its own the visit most likely ends on the sign-in
  // page, which fetches the frame itself once it is shown.
  useEffect(() => {
    if (tokenStore.get() === null) return;
    void loadFrame().catch(() => undefined);
    preloadPage(pages.find((page) => matchPath(page.path, location.pathname))?.element);
    // Once, for the page the visit opened.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (loading) return <Spin fullscreen />;
  if (!user) return <Navigate to="/login" state={{ from: location.pathname + location.search }} replace />;
  return (
    <Suspense fallback={<Spin fullscreen />}>
      <AppLayout pages={pages} />
    </Suspense>
  );
}

function Localized() {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'en' ? enUSLocale : zhCNLocale} theme={theme}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route element={<SignedIn />}>
              <Route index element={<HomePage />} />
              {pages.map((page) => (
                <Route key={page.path} path={page.path} element={<RequireRoles roles={page.roles}>{page.element}</RequireRoles>} />
              ))}
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localized />
    </I18nProvider>
  );
}
