import type { UserView } from '@cadre/contracts';
import { EMPTY_PAGE, stubApi, userView, type Answer } from '../../test-utils';

export const cadre: UserView = userView({ username: 'wang.li', name: '王丽', staffNo: 'HK-001' });

/**
 * Signed in as `user`; `routes` maps a path (without `/api/v1`, without the query) to an answer or a function of
 * the URL; anything else answers an empty list. Answers the calls made.
 */
export function stubRoutes(user: UserView, routes: Record<string, Answer | ((url: URL) => Answer)>) {
  const calls = stubApi(
    user,
    (_method, path) => {
      const url = new URL(path, 'http://localhost');
      const route = routes[url.pathname];
      return typeof route === 'function' ? route(url) : route;
    },
    EMPTY_PAGE,
  );
  return { calls };
}
