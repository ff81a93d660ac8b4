import { workspaceProcedure } from '@/server/api/trpc';
import { listTriggers } from '@/server/services/triggers/list-triggers';
import { ZListTriggersInput, ZListTriggersOutput } from './list-triggers.types';

export const listTriggersProcedure = workspaceProcedure('settings:manage')
  .input(ZListTriggersInput)
  .output(ZListTriggersOutput)
  .query(({ ctx, input }) => listTriggers(ctx, { workspaceId: ctx.workspace.id, workflowId: input.workflowId }));
