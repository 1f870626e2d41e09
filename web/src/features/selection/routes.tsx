import AuditOutlined from '@ant-design/icons/es/icons/AuditOutlined';
import ExceptionOutlined from '@ant-design/icons/es/icons/ExceptionOutlined';
import IdcardOutlined from '@ant-design/icons/es/icons/IdcardOutlined';
import LikeOutlined from '@ant-design/icons/es/icons/LikeOutlined';
import NotificationOutlined from '@ant-design/icons/es/icons/NotificationOutlined';
import TrophyOutlined from '@ant-design/icons/es/icons/TrophyOutlined';
import type { PageRoute } from '../../app/routes';
import { lazyPage } from '../../app/lazyPage';

const RoundsPage = lazyPage(() => import('./RoundsPage'), 'RoundsPage');
const RoundPage = lazyPage(() => import('./RoundPage'), 'RoundPage');
const ApplicationsPage = lazyPage(() => import('./ApplicationsPage'), 'ApplicationsPage');
const RecommendRoundsPage = lazyPage(() => import('./ApplicationsPage'), 'RecommendRoundsPage');
const OutcomesPage = lazyPage(() => import('./OutcomesPage'), 'OutcomesPage');
const NoticesPage = lazyPage(() => import('./public/NoticesPage'), 'NoticesPage');
const MySelectionPage = lazyPage(() => import('./public/MySelectionPage'), 'MySelectionPage');
const ApplyPage = lazyPage(() => import('./public/ApplyPage'), 'ApplyPage');
const AppealsPage = lazyPage(() => import('../appeals/AppealsPage'), 'AppealsPage');
const AppealPage = lazyPage(() => import('../appeals/AppealsPage'), 'AppealPage');

const group = 'nav.group.selection' as const;

/** 选人用人 (issue #22): the organisation department's rounds, everyone's notices and appeals. The API checks again. */
export const routes: PageRoute[] = [
  { path: '/selection/rounds', element: <RoundsPage />, label: 'selection.nav.rounds', icon: <AuditOutlined />, roles: ['assessor', 'admin'], group },
  { path: '/selection/recommend', element: <RecommendRoundsPage />, label: 'selection.nav.recommend', icon: <LikeOutlined />, roles: ['reviewer'], group },
  { path: '/selection/outcomes', element: <OutcomesPage />, label: 'selection.nav.outcomes', icon: <TrophyOutlined />, roles: ['assessor', 'admin'], group },
  { path: '/selection/notices', element: <NoticesPage />, label: 'selection.nav.notices', icon: <NotificationOutlined />, group },
  { path: '/selection/mine', element: <MySelectionPage />, label: 'selection.nav.mine', icon: <IdcardOutlined />, group },
  { path: '/selection/appeals', element: <AppealsPage />, label: 'selection.nav.appeals', icon: <ExceptionOutlined />, group },
  // Reached by links (the round list, the inbox, the notice board, my selection).
  { path: '/selection/rounds/:id', element: <RoundPage />, roles: ['assessor', 'admin'] },
  { path: '/selection/rounds/:id/applications', element: <ApplicationsPage />, roles: ['reviewer', 'assessor', 'admin'] },
  { path: '/selection/apply/:roundId', element: <ApplyPage /> },
  { path: '/selection/appeals/:id', element: <AppealPage /> },
];

