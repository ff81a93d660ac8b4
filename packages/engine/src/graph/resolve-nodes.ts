import {
  getNodeDefinition,
  inputsOf,
  outputsFor,
  type AnyNodeDefinition,
  type InputPortInfo,
  type NodeCatalog,
  type OutputPortInfo,
} from '@conveyor/nodes';
import type { GraphNode } from './graph-schema.ts';

/** A graph node with its definition and effective ports, as every check needs them. */
export interface ResolvedNode {
  readonly index: number;
  readonly node: GraphNode;
  readonly definition: AnyNodeDefinition | undefined;
  readonly inputs: ReadonlyMap<string, InputPortInfo>;
  /**
   * Undefined when the ports cannot be known (unknown type, or config-driven ports with a
   * config too broken to read); edges from such a node are not port-checked, to avoid a
   * cascade of issues that all stem from one already-reported problem.
   */
  readonly outputs: ReadonlyMap<string, OutputPortInfo> | undefined;
}

export function resolveNode(node: GraphNode, index: number, catalog: NodeCatalog): ResolvedNode {
  const definition = getNodeDefinition(node.type, node.typeVersion, catalog);
  if (definition === undefined) return { index, node, definition, inputs: new Map(), outputs: undefined };
  const inputs = new Map(inputsOf(definition).map((p) => [p.name, p]));
  const portsUnknown = definition.dynamicOutputs !== undefined && definition.dynamicOutputs(node.config) === undefined;
  const outputs = portsUnknown ? undefined : new Map(outputsFor(definition, node.config).map((p) => [p.name, p]));
  return { index, node, definition, inputs, outputs };
}

/** Resolves nodes by id; with duplicate ids the first node wins (the rest are reported). */
export function resolveNodes(nodes: readonly { node: GraphNode; index: number }[], catalog: NodeCatalog) {
  const byId = new Map<string, ResolvedNode>();
  for (const { node, index } of nodes) {
    if (!byId.has(node.id)) byId.set(node.id, resolveNode(node, index, catalog));
  }
  return byId;
}
