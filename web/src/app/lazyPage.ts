import { isValidElement, lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { browserEnv, importWithRetry, reloadIfStale, type ChunkLoadEnv } from './chunkLoad';
import { ChunkFailedPage } from './ChunkFailedPage';

/**
 * A page loaded when first opened, in a chunk of its own, so the sign-in page does not wait for every page (and
 * Ant Design's tables, forms and ECharts with them). `lazyPage(() => import('./X'), 'X')` for a named export.
 * The Suspense boundary showing progress while it loads is the layout's, around the page area. A chunk that
 * cannot be loaded (see chunkLoad.ts) becomes a page saying so, or a reload when the console was redeployed.
 */
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K, env: ChunkLoadEnv = browserEnv): LazyExoticComponent<M[K]> {
  let loading: Promise<{ default: M[K] }> | undefined;
  const start = () =>
    (loading ??= (async () => {
      try {
        const module = await importWithRetry(load, env);
        return { default: module[name] };
      } catch (error) {
        // While the page reloads, keep showing progress rather than a failure that is about to go away.
        if (await reloadIfStale(error, env)) return new Promise<never>(() => undefined);
        console.warn('A page could not be loaded', error);
        return { default: ChunkFailedPage as unknown as M[K] };
      }
    })());
  return Object.assign(lazy(start), { preload: start });
}

/**
 * Starts loading the chunk of a route's element (a lazyPage) before it renders: a page opened by URL fetches its
 * code while the session is checked and the frame loads, rather than after them. Anything else is left alone.
 */
export function preloadPage(element: ReactNode): void {
  if (isValidElement(element)) void (element.type as { preload?: () => Promise<unknown> }).preload?.();
}
