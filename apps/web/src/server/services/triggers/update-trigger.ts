import type { Db } from '@conveyor/db';
import { notFound } from '../../errors.ts';
import { readTriggerSettings, triggerSettingsSchema, type TriggerSettings } from './trigger-settings.ts';
import { toTriggerView, triggerInclude } from './list-triggers.ts';
import type { TriggerView } from './trigger-view.ts';

export interface UpdateTriggerInput {
  workspaceId: string;
  triggerId: string;
  name?: string | undefined;
  enabled?: boolean | undefined;
  callbackUrl?: string | null | undefined;
  settings?: Partial<TriggerSettings> | undefined;
}

/** Renames, enables/disables, sets the callback URL or the limits of one trigger. */
export async function updateTrigger(
  { db }: { db: Pick<Db, 'prisma'> },
  input: UpdateTriggerInput,
): Promise<TriggerView> {
  const current = await db.prisma.trigger.findFirst({
    where: { id: input.triggerId, workspaceId: input.workspaceId, kind: 'webhook' },
    select: { settings: true },
  });
  if (!current) throw notFound('Trigger');
  const row = await db.prisma.trigger.update({
    where: { id: input.triggerId },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.callbackUrl !== undefined ? { callbackUrl: input.callbackUrl || null } : {}),
      ...(input.settings
        ? { settings: triggerSettingsSchema.parse({ ...readTriggerSettings(current.settings), ...input.settings }) }
        : {}),
    },
    include: triggerInclude,
  });
  return toTriggerView(row);
}
