import type { NodeExecutor } from '@conveyor/nodes/server';
import type { SqlClient } from '@conveyor/db';
import { nodeKey } from '@conveyor/nodes';
import { appendAudit } from './audit.ts';
import { enqueueFirstAttempt } from './enqueue.ts';
import { json, TERMINAL_STEP, type RunRow, type StepRow } from './run-store.ts';
import { successorsOf, type GraphEdge, type RunGraph } from './run-graph.ts';
import type { EngineResources } from './resources.ts';
import { finishRun } from './finish-run.ts';

/**
 * After nodes settle, decide what their successors do — inside the transaction that
 * recorded the settlement, under the run lock:
 *  - a successor waits until every inbound source is terminal (fan-in);
 *  - it is skipped when no inbound edge is active (its branch was not taken), and the
 *    skip propagates downstream;
 *  - it is skipped when a required input has no active edge, or a connected gate input
 *    has none (a branch not taken into a gate: the review the rule did not ask for);
 *  - otherwise its inputs are gathered and its first attempt is enqueued.
 * Finally the run is finished when no step is left to run.
 * Returns how many steps were enqueued (the caller wakes the worker after commit).
 */
export async function advanceRun(
  r: EngineResources,
  client: SqlClient,
  run: RunRow,
  steps: Map<string, StepRow>,
  graph: RunGraph,
  settledNodeIds: string[],
): Promise<number> {
  let enqueued = 0;
  const queue = settledNodeIds.flatMap((id) => successorsOf(graph, id));
  while (queue.length) {
    const nodeId = queue.shift()!;
    const step = steps.get(nodeId);
    // attempt > 0: already enqueued or done.
    if (!step || step.status !== 'pending' || step.attempt > 0) continue;
    const edges = graph.inbound.get(nodeId) ?? [];
    const sources = edges.map((e) => steps.get(e.from.node));
    if (sources.some((s) => !s || !TERMINAL_STEP.has(s.status))) continue;

    const active = edges.filter((e) => isActive(e, steps.get(e.from.node)!));
    const executor = r.executors.get(nodeKey(step.node_type, step.node_type_version));
    const missingRequired = executor ? missingRequiredInputs(executor, edges, active) : [];
    if (active.length === 0 || missingRequired.length > 0) {
      const reason =
        active.length === 0
          ? 'no inbound branch was taken'
          : `required input ${missingRequired.join(', ')} was skipped`;
      await client.query(`UPDATE steps SET status = 'skipped', finished_at = now(), error = $2 WHERE id = $1`, [
        step.id,
        json({ skipped: reason }),
      ]);
      step.status = 'skipped';
      await appendAudit(client, {
        workspaceId: run.workspace_id,
        runId: run.id,
        stepId: step.id,
        actorType: 'system',
        action: 'step.skipped',
        subjectType: 'step',
        subjectId: step.id,
        data: { nodeId, reason },
      });
      queue.push(...successorsOf(graph, nodeId));
      continue;
    }
    const inputs = gatherInputs(executor, active, steps);
    const node = graph.nodes.get(nodeId)!;
    await enqueueFirstAttempt(r, client, run, step, node, inputs);
    enqueued++;
  }
  await finishRunIfDone(r, client, run, steps, graph);
  return enqueued;
}

/** An edge carries a value when its source fired that port (error ports fire on failure). */
function isActive(edge: GraphEdge, source: StepRow): boolean {
  if (source.status !== 'succeeded' && source.status !== 'failed') return false;
  return (source.fired_ports ?? []).includes(edge.from.port);
}

function missingRequiredInputs(executor: NodeExecutor, edges: GraphEdge[], active: GraphEdge[]): string[] {
  const inputs = executor.definition.inputs;
  return Object.entries(inputs)
    .filter(([port, spec]) => {
      if (active.some((e) => e.to.port === port)) return false;
      return spec.required === true || (spec.gate === true && edges.some((e) => e.to.port === port));
    })
    .map(([port]) => port);
}

function gatherInputs(executor: NodeExecutor | undefined, active: GraphEdge[], steps: Map<string, StepRow>) {
  const inputs: Record<string, unknown> = {};
  for (const edge of active) {
    const source = steps.get(edge.from.node)!;
    const value = source.status === 'failed' ? source.error : source.outputs?.[edge.from.port];
    const multiple = executor?.definition.inputs[edge.to.port]?.multiple === true;
    if (multiple) {
      ((inputs[edge.to.port] ??= []) as unknown[]).push(value);
    } else {
      inputs[edge.to.port] = value;
    }
  }
  return inputs;
}

async function finishRunIfDone(
  r: EngineResources,
  client: SqlClient,
  run: RunRow,
  steps: Map<string, StepRow>,
  graph: RunGraph,
) {
  const all = [...steps.values()];
  if (all.every((s) => TERMINAL_STEP.has(s.status))) {
    // A failure that fired an error port was handled; one that did not is the run's failure.
    const unhandled = all.find((s) => s.status === 'failed' && !(s.fired_ports ?? []).length);
    const output: Record<string, unknown> = {};
    for (const s of all) {
      if (s.status === 'succeeded' && (graph.outbound.get(s.node_id) ?? []).length === 0) output[s.node_id] = s.outputs;
    }
    await finishRun(
      r,
      client,
      run,
      unhandled ? 'failed' : 'succeeded',
      output,
      unhandled ? { nodeId: unhandled.node_id, error: unhandled.error } : null,
    );
    return;
  }
  const busy = all.some((s) => s.status === 'running' || (s.status === 'pending' && s.attempt > 0));
  const waiting = all.some((s) => s.status === 'waiting');
  const next = !busy && waiting ? 'waiting' : 'running';
  if (run.status !== next && (run.status === 'running' || run.status === 'waiting')) {
    await client.query(`UPDATE runs SET status = $2, updated_at = now() WHERE id = $1`, [run.id, next]);
    run.status = next;
  }
}
