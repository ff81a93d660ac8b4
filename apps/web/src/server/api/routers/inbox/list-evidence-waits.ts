import { workspaceProcedure } from '@/server/api/trpc';
import { listEvidenceWaits } from '@/server/services/inbox/list-evidence-waits';
import { ZListEvidenceWaitsInput, ZListEvidenceWaitsOutput } from './list-evidence-waits.types';

/** Cases waiting for the claimant's upload, soonest to lapse first. */
export const listEvidenceWaitsProcedure = workspaceProcedure('task:read')
  .input(ZListEvidenceWaitsInput)
  .output(ZListEvidenceWaitsOutput)
  .query(({ ctx, input: _input }) => listEvidenceWaits({ db: ctx.db, workspaceId: ctx.workspace.id }));
