import { z } from 'zod';
import { ZRole } from './shared.types';

export const ZChangeMemberRoleInput = z.object({ workspaceId: z.uuid(), membershipId: z.uuid(), role: ZRole });
export const ZChangeMemberRoleOutput = z.object({ membershipId: z.uuid(), role: ZRole });
