import { workspaceProcedure } from '@/server/api/trpc';
import { describeCatalog } from '@/server/services/workflows/node-catalog';
import { ZListNodesInput, ZListNodesOutput } from './list-nodes.types';

/** Every node type and version with its config JSON Schema, ports and help, plus the templates. */
export const listNodesProcedure = workspaceProcedure('workflow:read')
  .input(ZListNodesInput)
  .output(ZListNodesOutput)
  .query(() => describeCatalog());
