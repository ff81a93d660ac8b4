import { workspaceProcedure } from '@/server/api/trpc';
import { createTrigger } from '@/server/services/triggers/create-trigger';
import { serverSecretKey } from '@/server/services/triggers/server-secret-key';
import { ZCreateTriggerInput, ZCreateTriggerOutput } from './create-trigger.types';

export const createTriggerProcedure = workspaceProcedure('settings:manage')
  .input(ZCreateTriggerInput)
  .output(ZCreateTriggerOutput)
  .mutation(({ ctx, input }) =>
    createTrigger(
      { db: ctx.db, secretKey: serverSecretKey() },
      {
        workspaceId: ctx.workspace.id,
        workflowId: input.workflowId,
        name: input.name,
        callbackUrl: input.callbackUrl || null,
        settings: input.settings,
      },
    ),
  );
