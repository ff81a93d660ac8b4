import type { Role } from '@conveyor/db';
import { forbidden } from '@/server/errors';

/**
 * Only owners hand out, change or take away the owner role; an admin manages everyone
 * else. (member:manage lets admins in; this adds the owner boundary.)
 */
export function assertMayAssign(actorRole: Role, targetCurrentRole: Role | null, targetNewRole: Role | null): void {
  if (actorRole === 'owner') return;
  if (targetCurrentRole === 'owner' || targetNewRole === 'owner') {
    throw forbidden('Only an owner can grant, change or remove the owner role', 'owner_only');
  }
}
