import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { precompress } from './precompress.mjs';
import { signInCss } from './signInCss.mjs';

// The console is served by the gateway at `/` (npm start) or by any static server in production; the API is
// always `/api/v1` on the same origin (`npm run web:dev` proxies it to a running gateway).
export default defineConfig({
  plugins: [react(), signInCss(), precompress()],
  // Types only: the console shares the API's contracts; `import type` leaves nothing of them in the bundle.
  resolve: {
    alias: {
      '@cadre/contracts': fileURLToPath(new URL('../libs/contracts/src/index.ts', import.meta.url)),
      // The typed API client from source: openapi-fetch (a few kB) and the generated schema (types only).
      '@cadre/api-client': fileURLToPath(new URL('../libs/api-client/src/index.ts', import.meta.url)),
    },
  },
  // The sizes it would report are computed again by precompress(); the files it writes are what is served.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2_000, reportCompressedSize: false },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: { environment: 'jsdom', globals: true, include: ['src/**/*.test.tsx', 'src/**/*.test.ts'], setupFiles: ['src/test-setup.ts'] },
});
