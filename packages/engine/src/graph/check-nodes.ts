import { configIssues, type NodeCatalog } from '@conveyor/nodes';
import { formatPath, nodeName, type GraphIssue } from './graph-issue.ts';
import type { GraphNode } from './graph-schema.ts';

export interface IndexedNode {
  readonly node: GraphNode;
  readonly index: number;
}

/** Duplicate ids, unknown types or versions, and every invalid config field. */
export function checkNodes(nodes: readonly IndexedNode[], catalog: NodeCatalog): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const firstIndex = new Map<string, number>();
  for (const { node, index } of nodes) {
    const first = firstIndex.get(node.id);
    if (first === undefined) firstIndex.set(node.id, index);
    else {
      issues.push({
        code: 'duplicate_node_id',
        path: formatPath(['nodes', index, 'id']),
        message: `Node id '${node.id}' is already used by nodes[${first}]`,
        nodeId: node.id,
      });
    }

    const versions = catalog.filter((def) => def.type === node.type).map((def) => def.version);
    const definition = catalog.find((def) => def.type === node.type && def.version === node.typeVersion);
    if (versions.length === 0) {
      issues.push({
        code: 'unknown_node_type',
        path: formatPath(['nodes', index, 'type']),
        message: `${nodeName(node)}: there is no node type '${node.type}'`,
        nodeId: node.id,
      });
      continue;
    }
    if (definition === undefined) {
      issues.push({
        code: 'unknown_node_version',
        path: formatPath(['nodes', index, 'typeVersion']),
        message: `${nodeName(node)}: version ${node.typeVersion} does not exist (available: ${versions.sort((a, b) => a - b).join(', ')})`,
        nodeId: node.id,
      });
      continue;
    }
    for (const issue of configIssues(definition, node.config)) {
      issues.push({
        code: 'invalid_config',
        path: formatPath(['nodes', index, 'config', ...issue.path]),
        message: `${nodeName(node)}: ${issue.message}`,
        nodeId: node.id,
      });
    }
  }
  return issues;
}
