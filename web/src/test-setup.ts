import { configure } from '@testing-library/react';

// jsdom lacks what antd's responsive pieces ask for.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addListener: () => undefined, removeListener: () => undefined, addEventListener: () => undefined, removeEventListener: () => undefined, dispatchEvent: () => false }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {
      /* nothing to observe in jsdom */
    }
    unobserve() {
      /* nothing observed */
    }
    disconnect() {
      /* nothing observed */
    }
  };
}

// A shared 2-core machine can be slow: give findBy*/waitFor room.
configure({ asyncUtilTimeout: 10_000 });
