import { AuditOutlined, FlagOutlined, ProjectOutlined, TeamOutlined } from '@ant-design/icons';
import type { PageRoute } from '../../app/routes';
import { BatchesPage } from './BatchesPage';
import { EvaluatorPage } from './EvaluatorPage';
import { TaskBoardPage } from './TaskBoardPage';
import { TaskDetailPage } from './TaskDetailPage';
import { TaskCreatePage, TaskEditPage } from './TaskFormPage';
import { TeamPage, TeamsPage } from './TeamsPage';

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
