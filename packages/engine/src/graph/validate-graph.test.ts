import { nodeCatalog, warrantyTriageTemplate } from '@conveyor/nodes';
import { describe, expect, it } from 'vitest';
import { GRAPH_ISSUE_CODES, type GraphIssueCode } from './graph-issue.ts';
import { WEBHOOK_CONFIG, edge, minimalGraph, node } from './graph-builder.test-support.ts';
import { validateGraph } from './validate-graph.ts';

function issuesOf(graph: unknown) {
  return validateGraph(graph, nodeCatalog).issues.map((i) => ({ code: i.code, path: i.path }));
}

function only(graph: unknown, code: GraphIssueCode) {
  const issues = validateGraph(graph, nodeCatalog).issues;
  expect(issues.map((i) => i.code)).toEqual(issues.map(() => code));
  return issues;
}

const covered = new Set<GraphIssueCode>();
function covers(code: GraphIssueCode) {
  covered.add(code);
  return code;
}

describe('validateGraph', () => {
  it('accepts the minimal graph and returns it parsed', () => {
    const result = validateGraph(minimalGraph(), nodeCatalog);
    expect(result).toEqual({ ok: true, issues: [], graph: minimalGraph() });
  });

  it('accepts the warranty triage template', () => {
    const result = validateGraph(warrantyTriageTemplate.graph, nodeCatalog);
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('invalid_shape: refuses non-graphs outright', () => {
    covers('invalid_shape');
    expect(issuesOf(null)).toEqual([{ code: 'invalid_shape', path: '' }]);
    expect(issuesOf({ nodes: 'x', edges: [] })).toEqual([{ code: 'invalid_shape', path: 'nodes' }]);
    expect(issuesOf({ nodes: [], edges: [], viewport: {} })).toEqual([{ code: 'invalid_shape', path: 'viewport' }]);
  });

  it('invalid_shape: reports a malformed node and keeps checking the rest', () => {
    const graph = minimalGraph();
    const raw = {
      ...graph,
      nodes: [
        ...graph.nodes,
        { id: 'bad id!', type: 'rule', typeVersion: 1.5, config: [], position: { x: 'a', y: 0 } },
      ],
    };
    const issues = validateGraph(raw, nodeCatalog);
    expect(issues.graph).toBeUndefined();
    expect(issues.issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'invalid_shape nodes[4].id',
      'invalid_shape nodes[4].typeVersion',
      'invalid_shape nodes[4].config',
      'invalid_shape nodes[4].position.x',
    ]);
  });

  it('invalid_shape: does not report edges to a malformed node as dangling', () => {
    const graph = minimalGraph();
    const raw = {
      nodes: [...graph.nodes, { id: 'extra', type: 'delay', typeVersion: 1, config: {} }],
      edges: [
        ...graph.edges,
        edge('send', 'response', 'extra', 'in'),
        { from: { node: 'claim' }, to: { node: 'extra', port: 'in' } },
      ],
    };
    expect(issuesOf(raw)).toEqual([
      { code: 'invalid_shape', path: 'nodes[4].position' },
      { code: 'invalid_shape', path: 'edges[4].from.port' },
    ]);
  });

  it('duplicate_node_id', () => {
    const graph = minimalGraph();
    graph.nodes.push(node('detect', 'detector'));
    const [issue] = only(graph, covers('duplicate_node_id'));
    expect(issue).toMatchObject({
      path: 'nodes[4].id',
      nodeId: 'detect',
      message: "Node id 'detect' is already used by nodes[1]",
    });
  });

  it('unknown_node_type', () => {
    const graph = minimalGraph();
    graph.nodes.push(node('shell', 'run-shell'));
    graph.edges.push(edge('triage', 'review', 'shell', 'in'));
    const [issue] = only(graph, covers('unknown_node_type'));
    expect(issue).toMatchObject({
      path: 'nodes[4].type',
      message: "'shell' (run-shell): there is no node type 'run-shell'",
    });
  });

  it('unknown_node_version', () => {
    const graph = minimalGraph();
    graph.nodes[1] = node('detect', 'detector', {}, 7);
    const [issue] = only(graph, covers('unknown_node_version'));
    expect(issue).toMatchObject({
      path: 'nodes[1].typeVersion',
      message: "'detect' (detector): version 7 does not exist (available: 1)",
    });
  });

  it('invalid_config: one issue per field, with the field path', () => {
    const graph = minimalGraph();
    graph.nodes[1] = {
      ...node('detect', 'detector', { minConfidence: 3, classes: [''], colour: 'red' }),
      label: 'Detect product',
    };
    const issues = only(graph, covers('invalid_config'));
    expect(issues.map((i) => i.path)).toEqual([
      'nodes[1].config.classes[0]',
      'nodes[1].config.minConfidence',
      'nodes[1].config.colour',
    ]);
    expect(issues[1]?.message).toBe("'Detect product' (detector): Too big: expected number to be <=1");
  });

  it('invalid_config: reaches into rule rows', () => {
    const graph = minimalGraph();
    graph.nodes[2] = node('triage', 'rule', {
      rows: [
        { port: 'approve', conditions: [{ kind: 'band', field: 'classification.scores.defect', min: 0.9, max: 0.1 }] },
      ],
    });
    expect(issuesOf(graph)).toEqual([{ code: 'invalid_config', path: 'nodes[2].config.rows[0].conditions[0].max' }]);
  });

  it('edge_unknown_node', () => {
    const graph = minimalGraph();
    graph.edges.push(edge('ghost', 'out', 'send', 'payload'), edge('triage', 'review', 'phantom', 'in'));
    const issues = only(graph, covers('edge_unknown_node'));
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['edges[3].from.node', "Edge starts at node 'ghost', which does not exist"],
      ['edges[4].to.node', "Edge ends at node 'phantom', which does not exist"],
    ]);
  });

  it('edge_unknown_port', () => {
    const graph = minimalGraph();
    graph.edges[0] = edge('claim', 'photos', 'detect', 'media');
    graph.edges[1] = edge('detect', 'detections', 'triage', 'media');
    graph.edges.push(edge('triage', 'escalate', 'send', 'payload'));
    graph.edges.push(edge('detect', 'media', 'send', 'payload'));
    const issues = validateGraph(graph, nodeCatalog).issues.filter((i) => i.code === covers('edge_unknown_port'));
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ['edges[0].from.port', "'claim' (ingest) has no output 'photos'"],
      ['edges[1].to.port', "'triage' (rule) has no input 'media'"],
      ['edges[3].from.port', "'triage' (rule) has no output 'escalate'"],
      ['edges[4].from.port', "'detect' (detector) has no output 'media' ('media' is an input)"],
    ]);
  });

  it('edge_unknown_port: follows a rule’s configured ports', () => {
    const graph = minimalGraph();
    graph.nodes[2] = node('triage', 'rule', { ports: [{ name: 'accept' }, { name: 'review' }] });
    expect(issuesOf(graph)).toEqual([{ code: 'edge_unknown_port', path: 'edges[2].from.port' }]);
  });

  it('does not report edges from a rule whose port list is itself broken', () => {
    const graph = minimalGraph();
    graph.nodes[2] = node('triage', 'rule', { ports: 'approve' });
    expect(issuesOf(graph)).toEqual([{ code: 'invalid_config', path: 'nodes[2].config.ports' }]);
  });

  it('port_type_mismatch', () => {
    const graph = minimalGraph();
    graph.nodes.push(node('classify', 'classifier'));
    graph.edges.push(edge('claim', 'media', 'classify', 'media'), edge('classify', 'classification', 'triage', 'text'));
    const [issue] = only(graph, covers('port_type_mismatch'));
    expect(issue).toMatchObject({
      path: 'edges[4]',
      nodeId: 'triage',
      port: 'text',
      message:
        "'classify' (classifier) output 'classification' (classification) cannot feed 'triage' (rule) input 'text' (text)",
    });
  });

  it('duplicate_edge_id', () => {
    const graph = minimalGraph();
    graph.edges = graph.edges.map((e, i) => ({ ...e, id: i === 2 ? 'e1' : `e${i + 1}` }));
    const [issue] = only(graph, covers('duplicate_edge_id'));
    expect(issue).toMatchObject({ path: 'edges[2].id', message: "Edge id 'e1' is already used by edges[0]" });
  });

  it('duplicate_edge', () => {
    const graph = minimalGraph();
    graph.edges.push(edge('claim', 'media', 'detect', 'media'));
    const [issue] = only(graph, covers('duplicate_edge'));
    expect(issue).toMatchObject({ path: 'edges[3]', message: 'Same connection as edges[0]' });
  });

  it('input_multiple_edges: fan-in into a single-valued input must be explicit', () => {
    const graph = minimalGraph();
    graph.nodes.push(node('detect2', 'detector'));
    graph.edges.push(edge('claim', 'media', 'detect2', 'media'), edge('detect2', 'detections', 'triage', 'detections'));
    const [issue] = only(graph, covers('input_multiple_edges'));
    expect(issue).toMatchObject({
      path: 'edges[4].to',
      port: 'detections',
      message: "'triage' (rule) input 'detections' takes one connection; edges[1] already feeds it",
    });
  });

  it('input_multiple_edges: a multiple input accepts several edges', () => {
    const graph = minimalGraph();
    graph.edges.push(edge('triage', 'review', 'send', 'payload'), edge('triage', 'more-info', 'send', 'payload'));
    expect(issuesOf(graph)).toEqual([]);
  });

  it('required_input_unconnected', () => {
    const graph = minimalGraph();
    graph.edges.splice(0, 1);
    const issues = validateGraph(graph, nodeCatalog).issues;
    expect(issues.map((i) => i.code)).toEqual([
      covers('required_input_unconnected'),
      'unreachable_node',
      'unreachable_node',
      'unreachable_node',
    ]);
    expect(issues[0]).toMatchObject({
      path: 'nodes[1]',
      nodeId: 'detect',
      port: 'media',
      message: "'detect' (detector) needs its 'media' input connected",
    });
  });

  it('cycle: names the nodes in the loop', () => {
    const graph = minimalGraph();
    graph.nodes.push(node('wait', 'delay'));
    graph.nodes[1] = node('detect', 'detector');
    graph.edges.push(edge('triage', 'review', 'wait', 'in'), edge('wait', 'out', 'triage', 'record'));
    const [issue] = only(graph, covers('cycle'));
    expect(issue).toMatchObject({
      path: 'nodes[2]',
      nodeId: 'triage',
      nodeIds: ['triage', 'wait'],
      message: 'These nodes form a loop, so a run could never finish: triage → wait → triage',
    });
  });

  it('cycle: reports a self-loop', () => {
    const graph = minimalGraph();
    graph.nodes.push(node('wait', 'delay'));
    graph.edges.push(edge('triage', 'review', 'wait', 'in'), edge('wait', 'out', 'wait', 'in'));
    const issues = validateGraph(graph, nodeCatalog).issues;
    expect(issues.map((i) => i.code)).toEqual(['input_multiple_edges', 'cycle']);
    expect(issues[1]?.nodeIds).toEqual(['wait']);
  });

  it('unreachable_node', () => {
    const graph = minimalGraph();
    graph.nodes.push(node('wait', 'delay'), node('later', 'webhook', WEBHOOK_CONFIG));
    graph.edges.push(edge('wait', 'out', 'later', 'payload'));
    const issues = validateGraph(graph, nodeCatalog).issues;
    expect(issues.map((i) => `${i.code} ${i.path} ${i.nodeId}`)).toEqual([
      'required_input_unconnected nodes[4] wait',
      `${covers('unreachable_node')} nodes[4] wait`,
      'unreachable_node nodes[5] later',
    ]);
    expect(issues[2]?.message).toBe("'later' (webhook) is not connected to any starting node, so it would never run");
  });

  it('missing_entry', () => {
    const graph = { nodes: [node('wait', 'delay')], edges: [] };
    const issues = validateGraph(graph, nodeCatalog).issues;
    expect(issues.map((i) => i.code)).toEqual(['required_input_unconnected', covers('missing_entry')]);
    expect(issues[1]).toMatchObject({
      path: 'nodes',
      message: 'The workflow has no starting node: add an Ingest node',
    });
    expect(issuesOf({ nodes: [], edges: [] })).toEqual([{ code: 'missing_entry', path: 'nodes' }]);
  });

  it('reports every issue of a badly broken graph at once', () => {
    const graph = {
      nodes: [node('a', 'detector', { minConfidence: 9 }), node('a', 'shell'), node('c', 'rule', {}, 2)],
      edges: [edge('a', 'detections', 'c', 'detections'), edge('c', 'approve', 'x', 'in')],
    };
    expect(new Set(validateGraph(graph, nodeCatalog).issues.map((i) => i.code))).toEqual(
      new Set([
        'duplicate_node_id',
        'unknown_node_type',
        'unknown_node_version',
        'invalid_config',
        'edge_unknown_node',
        'required_input_unconnected',
        'missing_entry',
      ]),
    );
  });

  it('has a test for every issue code', () => {
    expect([...covered].sort()).toEqual([...GRAPH_ISSUE_CODES].sort());
  });
});
