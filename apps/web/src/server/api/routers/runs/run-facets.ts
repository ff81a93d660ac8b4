import { workspaceProcedure } from '@/server/api/trpc';
import { getRunFacets } from '@/server/services/runs/run-facets';
import { ZRunFacetsInput, ZRunFacetsOutput } from './run-facets.types';

/** Workflows and the versions that ran, for the runs filters. */
export const runFacetsProcedure = workspaceProcedure('run:read')
  .input(ZRunFacetsInput)
  .output(ZRunFacetsOutput)
  .query(({ ctx }) => getRunFacets({ db: ctx.db, workspaceId: ctx.workspace.id }));
