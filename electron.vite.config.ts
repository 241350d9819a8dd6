import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Explicit entries (DESIGN.md "Layout"): the CLI and the start script run with plain Node.
export default defineConfig({
  main: {
    build: {
      lib: {
        entry: {
          index: resolve('src-main/index.ts'),
          cli: resolve('src-main/cli.ts'),
          start: resolve('src-main/start.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      lib: { entry: resolve('src-main/preload.ts') },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
