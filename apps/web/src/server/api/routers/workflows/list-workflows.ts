import { workspaceProcedure } from '@/server/api/trpc';
import { listWorkflows } from '@/server/services/workflows/workflow-drafts';
import { ZListWorkflowsInput, ZListWorkflowsOutput } from './list-workflows.types';

/** The workspace's workflows, newest first, optionally filtered by name. */
export const listWorkflowsProcedure = workspaceProcedure('workflow:read')
  .input(ZListWorkflowsInput)
  .output(ZListWorkflowsOutput)
  .query(({ ctx, input }) =>
    listWorkflows({ db: ctx.db, workspaceId: ctx.workspace.id }, input.query ? { query: input.query } : {}),
  );
