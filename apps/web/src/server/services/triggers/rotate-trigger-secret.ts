import type { Db } from '@conveyor/db';
import { AppError, notFound } from '../../errors.ts';
import { newTriggerSecret } from './trigger-secret.ts';

/**
 * Replaces a trigger's secret; the new one is returned once. Requests signed with the old
 * secret fail from now on (callbacks are signed with the new one too).
 */
export async function rotateTriggerSecret(
  { db, secretKey }: { db: Pick<Db, 'prisma'>; secretKey: Buffer | undefined },
  input: { workspaceId: string; triggerId: string },
): Promise<{ secret: string; rotatedAt: Date }> {
  if (!secretKey)
    throw new AppError('PRECONDITION_FAILED', 'secret_key_missing', 'CONVEYOR_SECRET_KEY is not set on the server');
  const { secret, ciphertext } = newTriggerSecret(secretKey);
  const rotatedAt = new Date();
  const { count } = await db.prisma.trigger.updateMany({
    where: { id: input.triggerId, workspaceId: input.workspaceId, kind: 'webhook' },
    data: { secretCiphertext: ciphertext, secretRotatedAt: rotatedAt },
  });
  if (count === 0) throw notFound('Trigger');
  return { secret, rotatedAt };
}
