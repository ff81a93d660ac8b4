import { nodeCatalog, warrantyTriageTemplate } from '@conveyor/nodes';
import { describe, expect, it } from 'vitest';
import { canConnect } from './can-connect.ts';
import { WEBHOOK_CONFIG, edge, minimalGraph, node } from './graph-builder.test-support.ts';
import type { PortRef, WorkflowGraph } from './graph-schema.ts';
import { validateGraph } from './validate-graph.ts';

const ref = (nodeId: string, port: string): PortRef => ({ node: nodeId, port });

function graph(): WorkflowGraph {
  const g = minimalGraph();
  g.nodes.push(node('classify', 'classifier'), node('notify', 'webhook', WEBHOOK_CONFIG), node('bad', 'mystery'));
  return g;
}

function check(from: PortRef, to: PortRef, g: WorkflowGraph = graph()) {
  return canConnect(g, from, to, nodeCatalog);
}

describe('canConnect', () => {
  it('allows a compatible connection into a free input', () => {
    expect(check(ref('claim', 'media'), ref('classify', 'media'))).toEqual({ ok: true });
    expect(check(ref('triage', 'review'), ref('notify', 'payload'))).toEqual({ ok: true });
  });

  it('allows a single media into a media list (and any into anything)', () => {
    const g = graph();
    g.nodes.push(node('wait', 'delay'));
    g.edges.push(edge('claim', 'media', 'wait', 'in'));
    expect(check(ref('wait', 'out'), ref('classify', 'media'), g)).toEqual({ ok: true });
  });

  it.each([
    ['self_connection', ref('triage', 'approve'), ref('triage', 'record')],
    ['unknown_node', ref('ghost', 'out'), ref('notify', 'payload')],
    ['unknown_node', ref('triage', 'approve'), ref('ghost', 'in')],
    ['unknown_node_type', ref('bad', 'out'), ref('notify', 'payload')],
    ['unknown_node_type', ref('triage', 'approve'), ref('bad', 'in')],
    ['unknown_port', ref('triage', 'escalate'), ref('notify', 'payload')],
    ['unknown_port', ref('claim', 'media'), ref('classify', 'images')],
    ['unknown_port', ref('classify', 'media'), ref('notify', 'payload')],
    ['port_type_mismatch', ref('claim', 'record'), ref('classify', 'media')],
    ['duplicate_edge', ref('triage', 'approve'), ref('send', 'payload')],
    ['cycle', ref('send', 'response'), ref('triage', 'record')],
  ] as const)('refuses %s (%o → %o)', (code, from, to) => {
    const result = check(from, to);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.reason.length).toBeGreaterThan(10);
  });

  it('refuses a second edge into a single-valued input', () => {
    const g = graph();
    g.nodes.push(node('wait', 'delay'));
    expect(check(ref('wait', 'out'), ref('detect', 'media'), g)).toEqual({
      ok: false,
      code: 'input_occupied',
      reason: 'Images already has a connection; remove it first',
    });
  });

  it('explains a type mismatch in port titles', () => {
    expect(check(ref('claim', 'record'), ref('classify', 'media'))).toEqual({
      ok: false,
      code: 'port_type_mismatch',
      reason: 'Case fields (record) cannot feed Images (media[])',
    });
  });

  it('allows fan-in only into multiple inputs', () => {
    expect(check(ref('triage', 'more-info'), ref('send', 'payload'))).toEqual({ ok: true });
  });

  it('agrees with the validator: every allowed edge keeps a valid graph valid', () => {
    const template = structuredClone(warrantyTriageTemplate.graph) as WorkflowGraph;
    template.nodes.push(node('archive', 'webhook', WEBHOOK_CONFIG));
    const outputs = [
      ref('review', 'timeout'),
      ref('triage', 'review'),
      ref('claim', 'record'),
      ref('send-decision', 'response'),
    ];
    for (const from of outputs) {
      const result = check(from, ref('archive', 'payload'), template);
      expect(result.ok).toBe(true);
      const withEdge = { ...template, edges: [...template.edges, edge(from.node, from.port, 'archive', 'payload')] };
      expect(validateGraph(withEdge, nodeCatalog).issues).toEqual([]);
    }
  });
});
