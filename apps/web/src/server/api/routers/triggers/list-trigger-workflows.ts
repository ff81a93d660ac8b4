import { workspaceProcedure } from '@/server/api/trpc';
import { listTriggerWorkflows } from '@/server/services/triggers/list-trigger-workflows';
import { ZListTriggerWorkflowsInput, ZListTriggerWorkflowsOutput } from './list-trigger-workflows.types';

export const listTriggerWorkflowsProcedure = workspaceProcedure('settings:manage')
  .input(ZListTriggerWorkflowsInput)
  .output(ZListTriggerWorkflowsOutput)
  .query(({ ctx }) => listTriggerWorkflows(ctx, { workspaceId: ctx.workspace.id }));
