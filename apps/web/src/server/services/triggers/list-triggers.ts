import type { Db } from '@conveyor/db';
import { readTriggerSettings } from './trigger-settings.ts';
import { hookPath, type TriggerView } from './trigger-view.ts';

type TriggerRow = {
  id: string;
  workflowId: string;
  name: string;
  enabled: boolean;
  callbackUrl: string | null;
  settings: unknown;
  secretCiphertext: string | null;
  secretRotatedAt: Date | null;
  createdAt: Date;
  workflow: { name: string; versions: { id: string }[] };
};

export const triggerInclude = {
  workflow: { select: { name: true, versions: { where: { published: true }, select: { id: true }, take: 1 } } },
} as const;

export function toTriggerView(t: TriggerRow): TriggerView {
  return {
    id: t.id,
    workflowId: t.workflowId,
    workflowName: t.workflow.name,
    name: t.name,
    enabled: t.enabled,
    callbackUrl: t.callbackUrl,
    settings: readTriggerSettings(t.settings),
    hasSecret: !!t.secretCiphertext,
    secretRotatedAt: t.secretRotatedAt,
    createdAt: t.createdAt,
    path: hookPath(t.id),
    published: t.workflow.versions.length > 0,
  };
}

/** The workspace's webhook triggers, newest first, optionally of one workflow. */
export async function listTriggers(
  { db }: { db: Pick<Db, 'prisma'> },
  input: { workspaceId: string; workflowId?: string | undefined },
): Promise<TriggerView[]> {
  const rows = await db.prisma.trigger.findMany({
    where: {
      workspaceId: input.workspaceId,
      kind: 'webhook',
      workflow: { deletedAt: null },
      ...(input.workflowId ? { workflowId: input.workflowId } : {}),
    },
    include: triggerInclude,
    orderBy: { createdAt: 'desc' },
  });
  return rows.map(toTriggerView);
}
