// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TestRunInspector, type TestRunStatus } from './test-run-inspector';

afterEach(cleanup);

const SHA = 'a'.repeat(64);
const at = (s: number) => new Date(Date.UTC(2026, 10, 29, 1, 0, s));
const step = (over: Partial<TestRunStatus['steps'][number]>): TestRunStatus['steps'][number] => ({
  id: crypto.randomUUID(),
  nodeId: 'x',
  nodeType: 'x',
  status: 'succeeded',
  attempt: 1,
  maxAttempts: 1,
  round: 0,
  inputs: null,
  outputs: null,
  firedPorts: [],
  error: null,
  waitFor: null,
  startedAt: at(0),
  finishedAt: at(1),
  durationMs: 1000,
  ...over,
});

const run: TestRunStatus = {
  id: crypto.randomUUID(),
  status: 'failed',
  terminal: true,
  isTest: true,
  version: 0,
  input: {},
  output: null,
  error: { message: 'Step send failed' },
  createdAt: at(0),
  startedAt: at(0),
  finishedAt: at(3),
  steps: [
    step({
      nodeId: 'classify',
      nodeType: 'classifier',
      outputs: {
        classification: {
          model: { name: 'defect-classifier', version: '1.0.0' },
          label: 'crack',
          score: 0.93,
          scores: { crack: 0.93, clean: 0.07 },
        },
      },
      inputs: { media: [{ mediaId: 'm1', sha256: SHA, contentType: 'image/jpeg', size: 10, width: 4, height: 4 }] },
      firedPorts: ['classification'],
      durationMs: 42,
    }),
    step({
      nodeId: 'send',
      nodeType: 'webhook',
      status: 'failed',
      attempt: 1,
      maxAttempts: 1,
      error: { message: 'Connecting to claims.example.com refused: private address', code: 'url_blocked' },
    }),
  ],
};

describe('TestRunInspector', () => {
  it('lists the steps with their status, then shows a step’s outputs, and a failure with its reason', () => {
    let selected: string | null = null;
    const view = render(
      <TestRunInspector
        run={run}
        nodeId={null}
        nodeName={(id) => (id === 'send' ? 'Send decision' : 'Classify defect')}
        onSelectNode={(id) => (selected = id)}
        onClose={() => {}}
        runHref="/w/demo/runs/1"
      />,
    );
    expect(within(screen.getByTestId('test-run-status')).getByText('Failed')).toBeTruthy();
    fireEvent.click(screen.getByText('Send decision'));
    expect(selected).toBe('send');

    view.rerender(
      <TestRunInspector
        run={run}
        nodeId="send"
        nodeName={() => 'Send decision'}
        onSelectNode={() => {}}
        onClose={() => {}}
        runHref="/w/demo/runs/1"
      />,
    );
    const error = screen.getByTestId('step-error');
    expect(error.textContent).toMatch(/url_blocked/);
    expect(error.textContent).toMatch(/private address/);

    view.rerender(
      <TestRunInspector
        run={run}
        nodeId="classify"
        nodeName={() => 'Classify defect'}
        onSelectNode={() => {}}
        onClose={() => {}}
        runHref="/w/demo/runs/1"
      />,
    );
    const detail = screen.getByTestId('step-detail');
    expect(detail.textContent).toMatch(/42 ms/);
    expect(detail.textContent).toMatch(/defect-classifier/);
    expect(detail.textContent).toMatch(/crack/);
  });
});
