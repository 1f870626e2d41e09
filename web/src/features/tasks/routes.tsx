import AuditOutlined from '@ant-design/icons/es/icons/AuditOutlined';
import FlagOutlined from '@ant-design/icons/es/icons/FlagOutlined';
import ProjectOutlined from '@ant-design/icons/es/icons/ProjectOutlined';
import TeamOutlined from '@ant-design/icons/es/icons/TeamOutlined';
import type { PageRoute } from '../../app/routes';
import { lazyPage } from '../../app/lazyPage';

const BatchesPage = lazyPage(() => import('./BatchesPage'), 'BatchesPage');
const EvaluatorPage = lazyPage(() => import('./EvaluatorPage'), 'EvaluatorPage');
const TaskBoardPage = lazyPage(() => import('./TaskBoardPage'), 'TaskBoardPage');
const TaskDetailPage = lazyPage(() => import('./TaskDetailPage'), 'TaskDetailPage');
const TaskCreatePage = lazyPage(() => import('./TaskFormPage'), 'TaskCreatePage');
const TaskEditPage = lazyPage(() => import('./TaskFormPage'), 'TaskEditPage');
const TeamPage = lazyPage(() => import('./TeamsPage'), 'TeamPage');
const TeamsPage = lazyPage(() => import('./TeamsPage'), 'TeamsPage');

const group = 'nav.group.tasks' as const;

export const routes: PageRoute[] = [
  { path: '/tasks', element: <TaskBoardPage />, label: 'nav.tasks.board', icon: <FlagOutlined />, group },
  { path: '/tasks/teams', element: <TeamsPage />, label: 'nav.tasks.teams', icon: <TeamOutlined />, roles: ['cadre'], group },
  { path: '/tasks/teams/:id', element: <TeamPage /> },
  { path: '/tasks/batches', element: <BatchesPage />, label: 'nav.tasks.batches', icon: <ProjectOutlined />, roles: ['publisher'], group },
  { path: '/tasks/evaluations', element: <EvaluatorPage />, label: 'nav.tasks.evaluations', icon: <AuditOutlined />, roles: ['evaluator'], group },
  { path: '/tasks/new', element: <TaskCreatePage />, roles: ['publisher'] },
  { path: '/tasks/:id/edit', element: <TaskEditPage />, roles: ['publisher'] },
  { path: '/tasks/:id', element: <TaskDetailPage /> },
];
