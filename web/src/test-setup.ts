import { configure } from '@testing-library/react';

// jsdom lacks what antd's responsive pieces ask for.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({ matches: false, media: query, onchange: null, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent: () => false }) as MediaQueryList;
}
if (!('ResizeObserver' in window)) {
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// A shared 2-core machine can be slow: give findBy*/waitFor room.
configure({ asyncUtilTimeout: 10_000 });
