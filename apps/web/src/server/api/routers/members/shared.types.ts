import { z } from 'zod';

export const ZRole = z.enum(['owner', 'admin', 'editor', 'reviewer', 'viewer']);
