import { workspaceProcedure } from '@/server/api/trpc';
import { deleteTrigger } from '@/server/services/triggers/delete-trigger';
import { ZDeleteTriggerInput, ZDeleteTriggerOutput } from './delete-trigger.types';

export const deleteTriggerProcedure = workspaceProcedure('settings:manage')
  .input(ZDeleteTriggerInput)
  .output(ZDeleteTriggerOutput)
  .mutation(async ({ ctx, input }) => {
    await deleteTrigger(ctx, { workspaceId: ctx.workspace.id, triggerId: input.triggerId });
    return { id: input.triggerId };
  });
