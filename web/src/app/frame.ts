import { lazyPage } from './lazyPage';

/**
 * The signed-in frame (menu, drawer, header) and its own pages are not needed to sign in: they load while the
 * login form is shown (or at once for a signed-in visit).
 */
export const loadFrame = () => Promise.all([import('./AppLayout'), import('./signedInPages')]);
export const AppLayout = lazyPage(() => import('./AppLayout'), 'AppLayout');
/** 工作台: the signed-in user's work, records, tasks and score. */
export const HomePage = lazyPage(() => import('../features/workbench/WorkbenchPage'), 'WorkbenchPage');
export const ForbiddenPage = lazyPage(() => import('./signedInPages'), 'ForbiddenPage');
export const NotFoundPage = lazyPage(() => import('./signedInPages'), 'NotFoundPage');
