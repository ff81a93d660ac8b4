import type { Db } from '@conveyor/db';
import { AppError, notFound } from '../../errors.ts';
import { triggerSettingsSchema, type TriggerSettings } from './trigger-settings.ts';
import { newTriggerSecret } from './trigger-secret.ts';
import { toTriggerView, triggerInclude } from './list-triggers.ts';
import type { TriggerView } from './trigger-view.ts';

export interface CreateTriggerInput {
  workspaceId: string;
  workflowId: string;
  name: string;
  callbackUrl?: string | null | undefined;
  settings?: Partial<TriggerSettings> | undefined;
}

/**
 * A webhook trigger for a workflow of this workspace, with a fresh secret. The secret is
 * returned here once and never again (only its ciphertext is stored).
 */
export async function createTrigger(
  { db, secretKey }: { db: Pick<Db, 'prisma'>; secretKey: Buffer | undefined },
  input: CreateTriggerInput,
): Promise<{ trigger: TriggerView; secret: string }> {
  if (!secretKey)
    throw new AppError('PRECONDITION_FAILED', 'secret_key_missing', 'CONVEYOR_SECRET_KEY is not set on the server');
  const workflow = await db.prisma.workflow.findFirst({
    where: { id: input.workflowId, workspaceId: input.workspaceId, deletedAt: null },
    select: { id: true },
  });
  if (!workflow) throw notFound('Workflow');
  const { secret, ciphertext } = newTriggerSecret(secretKey);
  const row = await db.prisma.trigger.create({
    data: {
      workspaceId: input.workspaceId,
      workflowId: workflow.id,
      kind: 'webhook',
      name: input.name,
      secretCiphertext: ciphertext,
      secretRotatedAt: new Date(),
      callbackUrl: input.callbackUrl || null,
      settings: triggerSettingsSchema.parse(input.settings ?? {}),
    },
    include: triggerInclude,
  });
  return { trigger: toTriggerView(row), secret };
}
