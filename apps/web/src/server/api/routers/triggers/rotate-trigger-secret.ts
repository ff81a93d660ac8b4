import { workspaceProcedure } from '@/server/api/trpc';
import { rotateTriggerSecret } from '@/server/services/triggers/rotate-trigger-secret';
import { serverSecretKey } from '@/server/services/triggers/server-secret-key';
import { ZRotateTriggerSecretInput, ZRotateTriggerSecretOutput } from './rotate-trigger-secret.types';

export const rotateTriggerSecretProcedure = workspaceProcedure('settings:manage')
  .input(ZRotateTriggerSecretInput)
  .output(ZRotateTriggerSecretOutput)
  .mutation(({ ctx, input }) =>
    rotateTriggerSecret(
      { db: ctx.db, secretKey: serverSecretKey() },
      { workspaceId: ctx.workspace.id, triggerId: input.triggerId },
    ),
  );
