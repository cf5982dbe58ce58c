import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The gateway serves dist/ at "/" from its jar, so every asset URL is relative.
// FLEETBREAKER_GATEWAY lets `npm run dev` proxy API calls to a running gateway.
const gateway = process.env.FLEETBREAKER_GATEWAY ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: './',
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': gateway,
      '/status': gateway,
      '/health': gateway,
      '/proxy': gateway,
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
