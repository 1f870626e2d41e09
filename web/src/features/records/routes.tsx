import AuditOutlined from '@ant-design/icons/es/icons/AuditOutlined';
import FileAddOutlined from '@ant-design/icons/es/icons/FileAddOutlined';
import ProfileOutlined from '@ant-design/icons/es/icons/ProfileOutlined';
import SafetyCertificateOutlined from '@ant-design/icons/es/icons/SafetyCertificateOutlined';
import type { PageRoute } from '../../app/routes';
import { lazyPage } from '../../app/lazyPage';
// Its own chunk too: the status tags and taxonomy helpers of shared.tsx are not needed to sign in.
const RecordsScope = lazyPage(() => import('./shared'), 'RecordsScope');

const RecordListPage = lazyPage(() => import('./RecordListPage'), 'RecordListPage');
const RecordFormPage = lazyPage(() => import('./RecordFormPage'), 'RecordFormPage');
const RecordDetailPage = lazyPage(() => import('./RecordDetailPage'), 'RecordDetailPage');

const group = 'nav.group.records' as const;

export const routes: PageRoute[] = [
  { path: '/records', element: <RecordsScope><RecordListPage mode="mine" /></RecordsScope>, label: 'nav.records.mine', icon: <ProfileOutlined />, roles: ['cadre'], group },
  { path: '/records/new', element: <RecordsScope><RecordFormPage /></RecordsScope>, label: 'nav.records.new', icon: <FileAddOutlined />, roles: ['cadre'], group },
  { path: '/records/review', element: <RecordsScope><RecordListPage key="review" mode="review" /></RecordsScope>, label: 'nav.records.review', icon: <AuditOutlined />, roles: ['reviewer'], group },
  { path: '/records/assess', element: <RecordsScope><RecordListPage key="assess" mode="assess" /></RecordsScope>, label: 'nav.records.assess', icon: <SafetyCertificateOutlined />, roles: ['assessor'], group },
  { path: '/records/:id/edit', element: <RecordsScope><RecordFormPage /></RecordsScope>, roles: ['cadre'] },
  // Everyone signed in: a reviewer, assessor or admin opens records from their queues; the API decides visibility.
  { path: '/records/:id', element: <RecordsScope><RecordDetailPage /></RecordsScope> },
];
