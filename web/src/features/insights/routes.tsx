import { lazy, Suspense, type ReactNode } from 'react';
import { Spin } from 'antd';
import { BarChartOutlined, RadarChartOutlined, SolutionOutlined, TrophyOutlined, WalletOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../app/routes';

// The pages (and ECharts with them) load when first opened, in a chunk of their own.
const AnalyticsPage = lazy(() => import('./AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })));
const MyScorePage = lazy(() => import('./CadrePages').then((m) => ({ default: m.MyScorePage })));
const MyPortraitPage = lazy(() => import('./CadrePages').then((m) => ({ default: m.MyPortraitPage })));
const CadrePage = lazy(() => import('./CadrePages').then((m) => ({ default: m.CadrePage })));
const CandidatesPage = lazy(() => import('./CandidatesPage').then((m) => ({ default: m.CandidatesPage })));
const RankingsPage = lazy(() => import('./RankingsPage').then((m) => ({ default: m.RankingsPage })));

const loading = (page: ReactNode) => <Suspense fallback={<Spin style={{ display: 'block', margin: '48px auto' }} />}>{page}</Suspense>;
const group = 'nav.group.insights' as const;

export const routes: PageRoute[] = [
  { path: '/my-score', element: loading(<MyScorePage />), label: 'nav.insights.myScore', icon: <WalletOutlined />, roles: ['cadre'], group },
  { path: '/my-portrait', element: loading(<MyPortraitPage />), label: 'nav.insights.myPortrait', icon: <RadarChartOutlined />, roles: ['cadre'], group },
  { path: '/rankings', element: loading(<RankingsPage />), label: 'nav.insights.rankings', icon: <TrophyOutlined />, group },
  { path: '/analytics', element: loading(<AnalyticsPage />), label: 'nav.insights.analytics', icon: <BarChartOutlined />, roles: ['reviewer', 'assessor', 'admin'], group },
  { path: '/candidates', element: loading(<CandidatesPage />), label: 'nav.insights.candidates', icon: <SolutionOutlined />, roles: ['assessor', 'admin'], group },
  // Reached by links (rankings, shortlist, collaborators); the API decides who may see whom.
  { path: '/cadres/:id', element: loading(<CadrePage />) },
];
