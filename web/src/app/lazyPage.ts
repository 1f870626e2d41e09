import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A page loaded when first opened, in a chunk of its own, so the sign-in page does not wait for every page (and
 * Ant Design's tables, forms and ECharts with them). `lazyPage(() => import('./X'), 'X')` for a named export.
 * The Suspense boundary showing progress while it loads is the layout's, around the page area.
 */
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K): LazyExoticComponent<M[K]> {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}
