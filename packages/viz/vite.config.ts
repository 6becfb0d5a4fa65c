import { defineConfig } from 'vite';

// A static site: relative asset paths so the build can be hosted under any path.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  preview: { host: '127.0.0.1', strictPort: true },
});
