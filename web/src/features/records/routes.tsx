import type { PageRoute } from '../../app/routes';

export const routes: PageRoute[] = [];
