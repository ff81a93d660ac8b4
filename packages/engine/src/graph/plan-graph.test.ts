import { warrantyTriageTemplate } from '@conveyor/nodes';
import { describe, expect, it } from 'vitest';
import { edge, minimalGraph, node } from './graph-builder.test-support.ts';
import type { WorkflowGraph } from './graph-schema.ts';
import { GraphPlanError, planGraph } from './plan-graph.ts';

function planError(graph: WorkflowGraph): GraphPlanError {
  try {
    planGraph(graph);
  } catch (error) {
    if (error instanceof GraphPlanError) return error;
    throw error;
  }
  throw new Error('expected planGraph to throw');
}

describe('planGraph', () => {
  it('orders a chain', () => {
    const plan = planGraph(minimalGraph());
    expect(plan.order).toEqual(['claim', 'detect', 'triage', 'send']);
    expect(plan.entries).toEqual(['claim']);
  });

  it('orders nodes after all their predecessors, keeping graph order on ties', () => {
    // Listed out of order on purpose: the planner must not trust array order.
    const graph: WorkflowGraph = {
      nodes: [node('d', 'rule'), node('c', 'ocr'), node('b', 'detector'), node('a', 'ingest')],
      edges: [
        edge('a', 'media', 'b', 'media'),
        edge('a', 'media', 'c', 'media'),
        edge('b', 'detections', 'd', 'detections'),
        edge('c', 'text', 'd', 'text'),
      ],
    };
    expect(planGraph(graph).order).toEqual(['a', 'c', 'b', 'd']);
  });

  it('maps fan-out and fan-in of the warranty template', () => {
    const plan = planGraph(warrantyTriageTemplate.graph);
    expect(plan.entries).toEqual(['claim']);
    expect(plan.successors.get('claim')).toEqual([
      'detect-product',
      'classify-defect',
      'read-serial',
      'triage',
      'review',
    ]);
    expect(plan.predecessors.get('triage')).toEqual(['claim', 'detect-product', 'classify-defect', 'read-serial']);
    expect(plan.predecessors.get('send-decision')).toEqual(['triage', 'review']);
    const triageIn = plan.inboundByPort.get('triage');
    expect([...(triageIn?.keys() ?? [])]).toEqual(['detections', 'classification', 'text', 'record']);
    expect(plan.inboundByPort.get('send-decision')?.get('payload')).toHaveLength(3);
    expect(plan.inbound.get('review')).toHaveLength(6);
    expect(plan.outbound.get('triage')?.map((e) => e.from.port)).toEqual(['review', 'approve', 'more-info']);
    const position = new Map(plan.order.map((id, i) => [id, i]));
    for (const e of warrantyTriageTemplate.graph.edges) {
      expect(position.get(e.from.node)).toBeLessThan(position.get(e.to.node) ?? -1);
    }
    expect(plan.order.at(-1)).toBe('request-evidence');
  });

  it('lists a successor once even when connected by several ports', () => {
    const graph = minimalGraph();
    graph.edges.push(edge('triage', 'review', 'send', 'payload'));
    const plan = planGraph(graph);
    expect(plan.successors.get('triage')).toEqual(['send']);
    expect(plan.outbound.get('triage')).toHaveLength(2);
  });

  it('gives every node empty lists rather than none', () => {
    const plan = planGraph({ nodes: [node('solo', 'ingest')], edges: [] });
    expect(plan).toMatchObject({ order: ['solo'], entries: ['solo'] });
    expect(plan.successors.get('solo')).toEqual([]);
    expect(plan.inboundByPort.get('solo')?.size).toBe(0);
  });

  it('handles node ids that are Object.prototype names', () => {
    const plan = planGraph({
      nodes: [node('constructor', 'ingest'), node('toString', 'delay')],
      edges: [edge('constructor', 'media', 'toString', 'in')],
    });
    expect(plan.order).toEqual(['constructor', 'toString']);
    expect(plan.predecessors.get('toString')).toEqual(['constructor']);
  });

  it('refuses a cycle, naming it', () => {
    const graph = minimalGraph();
    graph.nodes.push(node('wait', 'delay'));
    graph.edges.push(edge('triage', 'review', 'wait', 'in'), edge('wait', 'out', 'detect', 'media'));
    const error = planError(graph);
    expect(error.code).toBe('cycle');
    expect(error.nodeIds).toEqual(['detect', 'triage', 'wait']);
    expect(error.message).toBe('The graph loops: detect → triage → wait → detect');
  });

  it('refuses duplicate ids and dangling edges', () => {
    const duplicate = minimalGraph();
    duplicate.nodes.push(node('send', 'webhook'));
    expect(planError(duplicate)).toMatchObject({ code: 'duplicate_node_id', nodeIds: ['send'] });
    const dangling = minimalGraph();
    dangling.edges.push(edge('send', 'response', 'nowhere', 'in'));
    expect(planError(dangling)).toMatchObject({ code: 'edge_unknown_node', nodeIds: ['nowhere'] });
  });

  it('plans a long chain without recursion limits', () => {
    const count = 500;
    const nodes = Array.from({ length: count }, (_, i) => node(`n${i}`, i === 0 ? 'ingest' : 'delay'));
    const edges = nodes.slice(1).map((n, i) => edge(`n${i}`, i === 0 ? 'media' : 'out', n.id, 'in'));
    const plan = planGraph({ nodes: [...nodes].reverse(), edges });
    expect(plan.order[0]).toBe('n0');
    expect(plan.order.at(-1)).toBe(`n${count - 1}`);
  });
});
