import type { Role } from '@conveyor/db';

/** Roles from most to least powerful. */
export const ROLES = ['owner', 'admin', 'editor', 'reviewer', 'viewer'] as const satisfies readonly Role[];

const everyone = ROLES;
const builders = ['owner', 'admin', 'editor'] as const;
const reviewers = ['owner', 'admin', 'editor', 'reviewer'] as const;
const managers = ['owner', 'admin'] as const;

/**
 * What each workspace permission allows, by role. owner ⊇ admin ⊇ editor ⊇ reviewer ⊇
 * viewer: reviewers read workflows and runs and decide tasks, viewers only read. Procedures
 * name one of these in `workspaceProcedure(permission)`; the role-matrix test walks every
 * procedure × role against this table. Add a permission here rather than checking roles
 * anywhere else.
 */
export const PERMISSIONS = {
  'workspace:read': everyone,
  'workflow:read': everyone,
  'workflow:edit': builders,
  'workflow:publish': builders,
  'run:read': everyone,
  'run:start': builders,
  'run:cancel': builders,
  'task:read': everyone,
  'task:decide': reviewers,
  'member:read': everyone,
  'member:manage': managers,
  'settings:read': everyone,
  'settings:manage': managers,
  'token:manage': managers,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Every permission a role holds: the UI hides what the server would refuse anyway. */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}
