import { ApartmentOutlined, CalculatorOutlined, ReloadOutlined, TagsOutlined, TeamOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../app/routes';
import { DepartmentsPage } from './DepartmentsPage';
import { RecalculatePage } from './RecalculatePage';
import { StandardsPage } from './StandardsPage';
import { TaxonomyPage } from './TaxonomyPage';
import { UsersPage } from './UsersPage';

const group = 'nav.group.admin' as const;

export const routes: PageRoute[] = [
  { path: '/admin/departments', element: <DepartmentsPage />, label: 'admin.nav.departments', icon: <ApartmentOutlined />, roles: ['admin'], group },
  { path: '/admin/users', element: <UsersPage />, label: 'admin.nav.users', icon: <TeamOutlined />, roles: ['admin'], group },
  { path: '/admin/taxonomy', element: <TaxonomyPage />, label: 'admin.nav.taxonomy', icon: <TagsOutlined />, roles: ['admin'], group },
  { path: '/admin/scoring-standards', element: <StandardsPage />, label: 'admin.nav.standards', icon: <CalculatorOutlined />, roles: ['admin'], group },
  { path: '/admin/recalculate', element: <RecalculatePage />, label: 'admin.nav.recalculate', icon: <ReloadOutlined />, roles: ['admin'], group },
];
