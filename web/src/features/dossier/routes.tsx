import FileProtectOutlined from '@ant-design/icons/es/icons/FileProtectOutlined';
import type { PageRoute } from '../../app/routes';
import { lazyPage } from '../../app/lazyPage';

const MyDossierPage = lazyPage(() => import('./DossierPage'), 'MyDossierPage');
const DossierPage = lazyPage(() => import('./DossierPage'), 'DossierPage');

const group = 'nav.group.insights' as const;

export const routes: PageRoute[] = [
  { path: '/me/dossier', element: <MyDossierPage />, label: 'nav.dossier.mine', icon: <FileProtectOutlined />, roles: ['cadre'], group },
  // Reached by links (the portrait, the score pages); the API decides who may see whose.
  { path: '/cadres/:id/dossier', element: <DossierPage /> },
];
