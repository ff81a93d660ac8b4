export { createTestDatabase, type TestDatabase } from './test-database.ts';
export { startTestServer, ensureTemplate, withDatabase } from './test-server.ts';
