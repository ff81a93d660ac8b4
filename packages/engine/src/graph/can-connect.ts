import { portsCompatible, type NodeCatalog } from '@conveyor/nodes';
import { nodeName } from './graph-issue.ts';
import type { PortRef, WorkflowGraph } from './graph-schema.ts';
import { resolveNode } from './resolve-nodes.ts';

export type ConnectionRefusal =
  | 'self_connection'
  | 'unknown_node'
  | 'unknown_node_type'
  | 'unknown_port'
  | 'port_type_mismatch'
  | 'duplicate_edge'
  | 'input_occupied'
  | 'cycle';

export type ConnectionCheck = { ok: true } | { ok: false; code: ConnectionRefusal; reason: string };

/**
 * Whether the editor may draw an edge from an output to an input. The same rules as the
 * validator, asked before the edge exists, so an analyst cannot draw a graph the
 * validator would refuse for its wiring.
 */
export function canConnect(graph: WorkflowGraph, from: PortRef, to: PortRef, catalog: NodeCatalog): ConnectionCheck {
  const refuse = (code: ConnectionRefusal, reason: string): ConnectionCheck => ({ ok: false, code, reason });
  if (from.node === to.node) return refuse('self_connection', 'A node cannot connect to itself');

  const fromIndex = graph.nodes.findIndex((n) => n.id === from.node);
  const toIndex = graph.nodes.findIndex((n) => n.id === to.node);
  const fromNode = graph.nodes[fromIndex];
  const toNode = graph.nodes[toIndex];
  if (fromNode === undefined) return refuse('unknown_node', `Node '${from.node}' does not exist`);
  if (toNode === undefined) return refuse('unknown_node', `Node '${to.node}' does not exist`);

  const source = resolveNode(fromNode, fromIndex, catalog);
  const target = resolveNode(toNode, toIndex, catalog);
  if (source.definition === undefined)
    return refuse('unknown_node_type', `${nodeName(fromNode)} is of an unknown type`);
  if (target.definition === undefined) return refuse('unknown_node_type', `${nodeName(toNode)} is of an unknown type`);

  const output = source.outputs?.get(from.port);
  if (output === undefined) return refuse('unknown_port', `${nodeName(fromNode)} has no output '${from.port}'`);
  const input = target.inputs.get(to.port);
  if (input === undefined) return refuse('unknown_port', `${nodeName(toNode)} has no input '${to.port}'`);
  if (!portsCompatible(output.type, input.type)) {
    return refuse('port_type_mismatch', `${output.title} (${output.type}) cannot feed ${input.title} (${input.type})`);
  }

  const into = graph.edges.filter((e) => e.to.node === to.node && e.to.port === to.port);
  if (into.some((e) => e.from.node === from.node && e.from.port === from.port)) {
    return refuse('duplicate_edge', 'These ports are already connected');
  }
  if (!input.multiple && into.length > 0) {
    return refuse('input_occupied', `${input.title} already has a connection; remove it first`);
  }
  if (reaches(graph, to.node, from.node)) {
    return refuse(
      'cycle',
      `${nodeName(toNode)} already leads to ${nodeName(fromNode)}; this connection would make a loop`,
    );
  }
  return { ok: true };
}

function reaches(graph: WorkflowGraph, start: string, goal: string): boolean {
  const seen = new Set([start]);
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head];
    if (current === goal) return true;
    for (const edge of graph.edges) {
      if (edge.from.node === current && !seen.has(edge.to.node)) {
        seen.add(edge.to.node);
        queue.push(edge.to.node);
      }
    }
  }
  return false;
}
