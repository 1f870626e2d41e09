import { AuditOutlined, FileAddOutlined, ProfileOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../app/routes';
import { RecordListPage } from './RecordListPage';
import { RecordFormPage } from './RecordFormPage';
import { RecordDetailPage } from './RecordDetailPage';
import { RecordsScope } from './shared';

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
