import ApartmentOutlined from '@ant-design/icons/es/icons/ApartmentOutlined';
import CalculatorOutlined from '@ant-design/icons/es/icons/CalculatorOutlined';
import ReloadOutlined from '@ant-design/icons/es/icons/ReloadOutlined';
import TagsOutlined from '@ant-design/icons/es/icons/TagsOutlined';
import TeamOutlined from '@ant-design/icons/es/icons/TeamOutlined';
import type { PageRoute } from '../../app/routes';
import { lazyPage } from '../../app/lazyPage';

const DepartmentsPage = lazyPage(() => import('./DepartmentsPage'), 'DepartmentsPage');
const RecalculatePage = lazyPage(() => import('./RecalculatePage'), 'RecalculatePage');
const StandardsPage = lazyPage(() => import('./StandardsPage'), 'StandardsPage');
const TaxonomyPage = lazyPage(() => import('./TaxonomyPage'), 'TaxonomyPage');
const UsersPage = lazyPage(() => import('./UsersPage'), 'UsersPage');

const group = 'nav.group.admin' as const;

export const routes: PageRoute[] = [
  { path: '/admin/departments', element: <DepartmentsPage />, label: 'admin.nav.departments', icon: <ApartmentOutlined />, roles: ['admin'], group },
  { path: '/admin/users', element: <UsersPage />, label: 'admin.nav.users', icon: <TeamOutlined />, roles: ['admin'], group },
  { path: '/admin/taxonomy', element: <TaxonomyPage />, label: 'admin.nav.taxonomy', icon: <TagsOutlined />, roles: ['admin'], group },
  { path: '/admin/scoring-standards', element: <StandardsPage />, label: 'admin.nav.standards', icon: <CalculatorOutlined />, roles: ['admin'], group },
  { path: '/admin/recalculate', element: <RecalculatePage />, label: 'admin.nav.recalculate', icon: <ReloadOutlined />, roles: ['admin'], group },
];
