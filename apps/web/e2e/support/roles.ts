/** The roles e2e tests sign in as; each gets its own user in the demo workspace. */
export const E2E_ROLES = ['owner', 'admin', 'editor', 'reviewer', 'viewer'] as const;
export type E2ERole = (typeof E2E_ROLES)[number];

export interface E2EUser {
  email: string;
  password: string;
  name: string;
}

/** What the global setup hands to the tests (through process.env, as JSON). */
export interface E2EState {
  baseUrl: string;
  databaseUrl: string;
  dataDir: string;
  demoWorkspace: { id: string; slug: string; name: string };
  /** A second workspace the owner also belongs to (switcher tests). */
  otherWorkspace: { id: string; slug: string; name: string };
  admin: E2EUser;
  users: Record<E2ERole, E2EUser>;
}

export const STATE_ENV = 'CONVEYOR_E2E_STATE';
