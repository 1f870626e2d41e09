import BarChartOutlined from '@ant-design/icons/es/icons/BarChartOutlined';
import RadarChartOutlined from '@ant-design/icons/es/icons/RadarChartOutlined';
import SolutionOutlined from '@ant-design/icons/es/icons/SolutionOutlined';
import TrophyOutlined from '@ant-design/icons/es/icons/TrophyOutlined';
import WalletOutlined from '@ant-design/icons/es/icons/WalletOutlined';
import type { PageRoute } from '../../app/routes';
import { lazyPage } from '../../app/lazyPage';

const AnalyticsPage = lazyPage(() => import('./AnalyticsPage'), 'AnalyticsPage');
const MyScorePage = lazyPage(() => import('./CadrePages'), 'MyScorePage');
const MyPortraitPage = lazyPage(() => import('./CadrePages'), 'MyPortraitPage');
const CadrePage = lazyPage(() => import('./CadrePages'), 'CadrePage');
const CandidatesPage = lazyPage(() => import('./CandidatesPage'), 'CandidatesPage');
const RankingsPage = lazyPage(() => import('./RankingsPage'), 'RankingsPage');

const group = 'nav.group.insights' as const;

export const routes: PageRoute[] = [
  { path: '/my-score', element: <MyScorePage />, label: 'nav.insights.myScore', icon: <WalletOutlined />, roles: ['cadre'], group },
  { path: '/my-portrait', element: <MyPortraitPage />, label: 'nav.insights.myPortrait', icon: <RadarChartOutlined />, roles: ['cadre'], group },
  { path: '/rankings', element: <RankingsPage />, label: 'nav.insights.rankings', icon: <TrophyOutlined />, group },
  { path: '/analytics', element: <AnalyticsPage />, label: 'nav.insights.analytics', icon: <BarChartOutlined />, roles: ['reviewer', 'assessor', 'admin'], group },
  { path: '/candidates', element: <CandidatesPage />, label: 'nav.insights.candidates', icon: <SolutionOutlined />, roles: ['assessor', 'admin'], group },
  // Reached by links (rankings, shortlist, collaborators); the API decides who may see whom.
  { path: '/cadres/:id', element: <CadrePage /> },
];
