import CheckSquareOutlined from '@ant-design/icons/es/icons/CheckSquareOutlined';
import type { PageRoute } from '../../app/routes';
import { lazyPage } from '../../app/lazyPage';

const InboxPage = lazyPage(() => import('./InboxPage'), 'InboxPage');

/** 待办: everyone signed in has an inbox (what waits depends on the roles; the service decides). */
export const routes: PageRoute[] = [{ path: '/inbox', element: <InboxPage />, label: 'nav.inbox', icon: <CheckSquareOutlined /> }];
