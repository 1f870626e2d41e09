import AuditOutlined from '@ant-design/icons/es/icons/AuditOutlined';
import CarryOutOutlined from '@ant-design/icons/es/icons/CarryOutOutlined';
import IdcardOutlined from '@ant-design/icons/es/icons/IdcardOutlined';
import PieChartOutlined from '@ant-design/icons/es/icons/PieChartOutlined';
import TableOutlined from '@ant-design/icons/es/icons/TableOutlined';
import type { PageRoute } from '../../app/routes';
import { lazyPage } from '../../app/lazyPage';
import { BALLOTS_PATH } from './count';

const CyclesPage = lazyPage(() => import('./CyclesPage'), 'CyclesPage');
const CycleDetailPage = lazyPage(() => import('./CyclesPage'), 'CycleDetailPage');
const SheetPage = lazyPage(() => import('./SheetPage'), 'SheetPage');
const ReviewPage = lazyPage(() => import('./SheetPage'), 'ReviewPage');
const BallotsPage = lazyPage(() => import('./BallotsPage'), 'BallotsPage');
const SurveyPage = lazyPage(() => import('./SurveyPage'), 'SurveyPage');
const MyAppraisalPage = lazyPage(() => import('./CadreAppraisalPage'), 'MyAppraisalPage');
const CadreAppraisalPage = lazyPage(() => import('./CadreAppraisalPage'), 'CadreAppraisalPage');

const group = 'nav.group.appraisal' as const;

/** 考评 (issue #21): the officer's sheet, the assessor's review, the admin's cycles, everyone's ballots. The API checks again. */
export const routes: PageRoute[] = [
  { path: '/appraisal/cycles', element: <CyclesPage />, label: 'appraisal.nav.cycles', icon: <AuditOutlined />, roles: ['assessor', 'admin'], group },
  { path: '/appraisal/sheet', element: <SheetPage />, label: 'appraisal.nav.sheet', icon: <TableOutlined />, roles: ['appraiser', 'reviewer'], group },
  { path: BALLOTS_PATH, element: <BallotsPage />, label: 'appraisal.nav.ballots', icon: <CarryOutOutlined />, group },
  { path: '/appraisal/survey', element: <SurveyPage />, label: 'appraisal.nav.survey', icon: <PieChartOutlined />, roles: ['appraiser', 'assessor', 'admin'], group },
  { path: '/appraisal/mine', element: <MyAppraisalPage />, label: 'appraisal.nav.mine', icon: <IdcardOutlined />, roles: ['cadre'], group },
  // Reached by links (the cycle's page, the portrait, the sheet).
  { path: '/appraisal/cycles/:id', element: <CycleDetailPage />, roles: ['assessor', 'admin'] },
  { path: '/appraisal/review', element: <ReviewPage />, roles: ['assessor', 'admin'] },
  { path: '/appraisal/cadres/:id', element: <CadreAppraisalPage /> },
];

