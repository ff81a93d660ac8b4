import type { IndexedEdge } from './check-edges.ts';
import { findCycles } from './find-cycles.ts';
import { formatPath, nodeName, type GraphIssue } from './graph-issue.ts';
import type { ResolvedNode } from './resolve-nodes.ts';

/**
 * Whole-graph rules: there is somewhere to start, nothing loops (runs must end), and
 * every node can be reached from a start (an unreachable node would never run, which is
 * almost always a forgotten connection).
 */
export function checkTopology(
  nodes: ReadonlyMap<string, ResolvedNode>,
  connected: readonly IndexedEdge[],
): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const ids = [...nodes.keys()];
  const links = connected.map(({ edge }) => [edge.from.node, edge.to.node] as const);

  const entries = [...nodes.values()].filter((n) => n.definition?.entry === true);
  if (entries.length === 0) {
    issues.push({
      code: 'missing_entry',
      path: 'nodes',
      message: 'The workflow has no starting node: add an Ingest node',
    });
  }

  for (const cycle of findCycles(ids, links)) {
    const first = nodes.get(cycle[0] ?? '');
    if (first === undefined) continue;
    const loop = [...cycle, cycle[0] ?? ''].join(' → ');
    issues.push({
      code: 'cycle',
      path: formatPath(['nodes', first.index]),
      message: `These nodes form a loop, so a run could never finish: ${loop}`,
      nodeId: first.node.id,
      nodeIds: cycle,
    });
  }

  if (entries.length > 0) {
    const reached = reachableFrom(
      entries.map((n) => n.node.id),
      links,
    );
    for (const resolved of nodes.values()) {
      if (reached.has(resolved.node.id)) continue;
      issues.push({
        code: 'unreachable_node',
        path: formatPath(['nodes', resolved.index]),
        message: `${nodeName(resolved.node)} is not connected to any starting node, so it would never run`,
        nodeId: resolved.node.id,
      });
    }
  }
  return issues;
}

function reachableFrom(starts: readonly string[], links: readonly (readonly [string, string])[]): Set<string> {
  const next = new Map<string, string[]>();
  for (const [from, to] of links) {
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  }
  const reached = new Set(starts);
  const queue = [...starts];
  for (let head = 0; head < queue.length; head += 1) {
    for (const to of next.get(queue[head] ?? '') ?? []) {
      if (!reached.has(to)) {
        reached.add(to);
        queue.push(to);
      }
    }
  }
  return reached;
}
