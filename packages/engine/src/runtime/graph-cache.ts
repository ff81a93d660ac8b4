import type { SqlClient } from '@conveyor/db';
import { buildRunGraph, type GraphEdge, type GraphNode, type RunGraph } from './run-graph.ts';

const cache = new Map<string, RunGraph>();

/** Workflow versions are immutable, so their plan is cached for the life of the process. */
export async function loadRunGraph(client: SqlClient, versionId: string): Promise<RunGraph> {
  const hit = cache.get(versionId);
  if (hit) return hit;
  const { rows } = await client.query<{ graph: { nodes: GraphNode[]; edges: GraphEdge[] } }>(
    'SELECT graph FROM workflow_versions WHERE id = $1',
    [versionId],
  );
  if (!rows[0]) throw new Error(`workflow version ${versionId} not found`);
  const graph = buildRunGraph(rows[0].graph);
  if (cache.size > 1000) cache.clear();
  cache.set(versionId, graph);
  return graph;
}
