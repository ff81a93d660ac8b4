// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ReactFlowProvider, type NodeProps } from '@xyflow/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { configJsonSchema, getNodeDefinition, nodeCatalog, warrantyTriageTemplate } from '@conveyor/nodes';
import { defaultConfig } from '../model/node-catalog-view';
import { RuleTableEditor } from '../config-form/rule-table-editor';
import { NodeConfigForm } from '../config-form/node-config-form';
import type { EditorNode } from '../model/editor-graph';
import { EditorStore } from '../model/editor-store';
import { issuesByNode } from '../model/graph-issues';
import { EditorViewContext } from './editor-view-context';
import { WorkflowNode } from './workflow-node';
import { workflowGraphSchema } from '@conveyor/engine';

afterEach(cleanup);

function nodeProps(id: string, data: EditorNode['data']): NodeProps<EditorNode> {
  return {
    id,
    data,
    selected: false,
    type: 'workflow',
    dragging: false,
    zIndex: 0,
  } as unknown as NodeProps<EditorNode>;
}

function renderNode(store: EditorStore, id: string, runStatus = new Map()) {
  const node = store.getState().nodes.find((n) => n.id === id)!;
  return render(
    <ReactFlowProvider>
      <EditorViewContext.Provider value={{ issues: issuesByNode(store.getState().issues), runStatus, readOnly: false }}>
        <WorkflowNode {...nodeProps(id, node.data)} />
      </EditorViewContext.Provider>
    </ReactFlowProvider>,
  );
}

describe('WorkflowNode', () => {
  it('shows the title, typed ports and the issue count', () => {
    const store = new EditorStore();
    store.addNode('webhook', { x: 0, y: 0 });
    renderNode(store, 'webhook');
    const node = screen.getByTestId('node-webhook');
    expect(node).toHaveProperty('dataset.nodeType', 'webhook');
    expect(within(node).getByText('Send webhook', { selector: 'div' })).toBeTruthy();
    expect(within(node).getByText('Payload')).toBeTruthy();
    expect(within(node).getByText('Error')).toBeTruthy();
    // url and secret missing, payload unconnected.
    expect(Number(node.dataset.issues)).toBeGreaterThanOrEqual(3);
    expect(screen.getByTestId('node-issue-badge').getAttribute('aria-label')).toMatch(/issues/);
  });

  it('shows a rule’s decision-table ports and its live run status', () => {
    const store = new EditorStore(workflowGraphSchema.parse(warrantyTriageTemplate.graph));
    renderNode(store, 'triage', new Map([['triage', { status: 'running', durationMs: null }]]));
    const node = screen.getByTestId('node-triage');
    expect(node.dataset.status).toBe('running');
    for (const port of ['Approve', 'Review', 'More info']) expect(within(node).getByText(port)).toBeTruthy();
    expect(screen.getByTestId('node-status').getAttribute('aria-label')).toBe('Running');
  });
});

function RuleHarness({ initial }: { initial: Record<string, unknown> }) {
  const [config, setConfig] = useState(initial);
  const def = getNodeDefinition('rule', 1)!;
  const issues = def.config.safeParse(config).success ? new Map<string, string>() : errors(config);
  return <RuleTableEditor config={config} fieldErrors={issues} readOnly={false} onChange={(c) => setConfig(c)} />;
}

function errors(config: Record<string, unknown>): Map<string, string> {
  const store = new EditorStore({
    nodes: [{ id: 'r', type: 'rule', typeVersion: 1, config, position: { x: 0, y: 0 } }],
    edges: [],
  });
  return issuesByNode(store.getState().issues).get('r')?.fields ?? new Map();
}

describe('RuleTableEditor', () => {
  it('adds rows, edits a band and shows the validator’s message under the field until fixed', () => {
    const def = getNodeDefinition('rule', 1)!;
    render(<RuleHarness initial={def.config.parse({}) as Record<string, unknown>} />);
    fireEvent.click(screen.getByTestId('rule-add-row'));
    const row = screen.getByTestId('rule-row-0');
    fireEvent.change(within(row).getByLabelText('min'), { target: { value: '' } });
    expect(within(row).getByTestId('field-error').textContent).toMatch(/needs a lower bound/);
    fireEvent.change(within(row).getByLabelText('max'), { target: { value: '0.4' } });
    expect(within(row).queryByTestId('field-error')).toBeNull();
    fireEvent.change(within(row).getByTestId('rule-row-0-port'), { target: { value: 'more-info' } });
    expect((within(row).getByTestId('rule-row-0-port') as HTMLSelectElement).value).toBe('more-info');
  });
});

describe('NodeConfigForm', () => {
  it.each(nodeCatalog.filter((d) => d.type !== 'rule').map((d) => [d.type, d] as const))(
    'renders the %s form from its schema without errors',
    (_type, def) => {
      render(
        <NodeConfigForm
          definition={def}
          config={defaultConfig(def)}
          fieldErrors={new Map()}
          readOnly={false}
          onChange={() => {}}
        />,
      );
      const form = screen.getByTestId('config-form');
      const properties = Object.values(
        (configJsonSchema(def)['properties'] ?? {}) as Record<string, { title?: string }>,
      );
      // Every titled top-level setting shows up as a labelled field or fieldset.
      for (const p of properties) if (p.title) expect(within(form).getAllByText(p.title).length).toBeGreaterThan(0);
      expect(within(form).queryByRole('alert')).toBeNull();
    },
  );

  it('renders the schema’s fields with their hints and the validator’s messages', () => {
    const def = getNodeDefinition('detector', 1)!;
    const changes: Record<string, unknown>[] = [];
    render(
      <NodeConfigForm
        definition={def}
        config={{ model: 'coco-detector', classes: ['laptop'], minConfidence: 0.4, maxDetections: 100 }}
        fieldErrors={new Map([['maxDetections', 'Too big: expected number to be <=500']])}
        readOnly={false}
        onChange={(c) => changes.push(c)}
      />,
    );
    const form = screen.getByTestId('config-form');
    expect(within(form).getByText('Minimum confidence')).toBeTruthy();
    expect(within(form).getByText('laptop')).toBeTruthy();
    expect(within(form).getByRole('alert').textContent).toMatch(/expected number to be <=500/);
    const input = form.querySelector<HTMLInputElement>('#root_maxDetections')!;
    fireEvent.keyDown(input, { key: '5' });
    fireEvent.change(input, { target: { value: '50' } });
    expect(changes.at(-1)).toMatchObject({ maxDetections: 50, classes: ['laptop'] });
  });
});
