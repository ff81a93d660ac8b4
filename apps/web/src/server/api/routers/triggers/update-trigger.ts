import { workspaceProcedure } from '@/server/api/trpc';
import { updateTrigger } from '@/server/services/triggers/update-trigger';
import { ZUpdateTriggerInput, ZUpdateTriggerOutput } from './update-trigger.types';

export const updateTriggerProcedure = workspaceProcedure('settings:manage')
  .input(ZUpdateTriggerInput)
  .output(ZUpdateTriggerOutput)
  .mutation(({ ctx, input }) =>
    updateTrigger(ctx, {
      workspaceId: ctx.workspace.id,
      triggerId: input.triggerId,
      name: input.name,
      enabled: input.enabled,
      callbackUrl: input.callbackUrl === undefined ? undefined : input.callbackUrl || null,
      settings: input.settings,
    }),
  );
