import { describe, expect, it } from 'vitest';
import { mediaRef } from '../detector/vision.test-support.ts';
import { NonRetriableError } from '../sdk/errors.ts';
import { isSuspension } from '../sdk/executor.ts';
import { decisionSchema, type Decision } from '../sdk/port-values.ts';
import type { ResumeInfo } from '../sdk/context.ts';
import { createFakeNodeContext } from '../testing/fake-node-context.ts';
import { humanTaskDefinition } from './human-task.definition.ts';
import { buildTask, decidingScore, humanTaskExecutor, type HumanTaskSpec } from './human-task.execute.ts';

const now = new Date('2026-05-01T12:00:00.000Z');
const detections = {
  model: { name: 'coco-detector', version: '3.1.0' },
  items: [
    { mediaId: 'a', label: 'laptop', score: 0.88, box: { x: 0.1, y: 0.1, width: 0.5, height: 0.4 } },
    { mediaId: 'b', label: 'cell phone', score: 0.55, box: { x: 0.2, y: 0.2, width: 0.1, height: 0.2 } },
    { mediaId: 'b', label: 'laptop', score: 0.6, box: { x: 0.3, y: 0.3, width: 0.2, height: 0.2 } },
  ],
};
const classification = {
  model: { name: 'defect-classifier', version: '1.2.0' },
  label: 'defect',
  score: 0.62,
  scores: { defect: 0.62, ok: 0.38 },
};
const text = {
  model: { name: 'tesseract-eng', version: '5.3.0' },
  text: 'S/N AB12345678',
  confidence: 0.8,
  serial: 'AB12345678',
  crop: mediaRef('crop'),
};
const routing: Decision = {
  outcome: 'review',
  source: 'rule',
  decidedAt: '2026-05-01T11:59:00.000Z',
  reasonCode: 'medium-confidence',
  rowIndex: 1,
  trace: ['Row 2 (review): defect score 0.62 is in the band 0.40–0.85 → review'],
};
const record = { claimId: 'C-1', productSku: 'SKU-9' };
const inputs = { media: [mediaRef('a'), mediaRef('b')], detections, classification, text, decision: routing, record };

async function execute(config: unknown, resume?: ResumeInfo, given = inputs) {
  const ctx = createFakeNodeContext(humanTaskDefinition, {
    config,
    inputs: given,
    now,
    ...(resume === undefined ? {} : { resume }),
  });
  return humanTaskExecutor.execute(ctx, ctx.inputs);
}

function decided(payload: unknown, timedOut = false): ResumeInfo {
  return { kind: 'task', payload, resumedAt: '2026-05-01T13:00:00.000Z', timedOut };
}

async function decide(payload: unknown, config: unknown = {}) {
  const result = await execute(config, decided(payload));
  if (isSuspension(result)) throw new Error('expected a decision');
  return result;
}

async function refusal(payload: unknown, config: unknown = {}) {
  const error = await decide(payload, config).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NonRetriableError);
  return error as NonRetriableError;
}

describe('human task: opening', () => {
  it('suspends with a task carrying all the evidence, due after the SLA', async () => {
    const result = await execute({
      title: 'Review warranty claim',
      instructions: 'Check the serial',
      group: 'warranty-reviewers',
      priority: 'high',
      slaMinutes: 90,
    });
    if (!isSuspension(result)) throw new Error('expected a suspension');
    if (result.waitFor.kind !== 'task') throw new Error('expected a task wait');
    expect(result.waitFor.resumeAt).toBe('2026-05-01T13:30:00.000Z');
    const task = result.waitFor.task as unknown as HumanTaskSpec;
    expect(task).toEqual({
      title: 'Review warranty claim',
      instructions: 'Check the serial',
      group: 'warranty-reviewers',
      priority: 1,
      priorityName: 'high',
      reasonCodes: {
        approve: ['defect-confirmed', 'goodwill'],
        reject: ['no-defect-visible', 'customer-damage', 'serial-mismatch', 'out-of-warranty'],
        more_info: ['photo-unclear', 'serial-unreadable', 'receipt-needed'],
      },
      reasonRequired: { approve: false, reject: true, more_info: true },
      evidence: { media: inputs.media, detections, classification, text, decision: routing, record },
      labels: ['cell phone', 'defect', 'laptop'],
      score: 0.62,
      noSelfApproval: true,
      slaMinutes: 90,
    });
    // The task is stored as JSON: it must survive a round trip unchanged.
    expect(JSON.parse(JSON.stringify(task))).toEqual(task);
  });

  it('builds a task from only the required media', () => {
    const config = humanTaskDefinition.config.parse({});
    const task = buildTask(config, { media: [mediaRef('a')] });
    expect(task.evidence).toEqual({ media: [mediaRef('a')] });
    expect(task.labels).toEqual([]);
    expect(task).not.toHaveProperty('score');
    expect(task.priority).toBe(0);
  });

  it('takes the deciding score from the classifier, else the best detection, else OCR', () => {
    expect(decidingScore(inputs)).toBe(0.62);
    expect(decidingScore({ media: [], detections })).toBe(0.88);
    expect(decidingScore({ media: [], text })).toBe(0.8);
    expect(decidingScore({ media: [] })).toBeUndefined();
  });
});

describe('human task: resuming', () => {
  it('fires timeout when the SLA passed without a decision', async () => {
    const result = await execute({ slaMinutes: 60 }, decided(undefined, true));
    if (isSuspension(result)) throw new Error('expected outputs');
    expect(result.firedPorts).toEqual(['timeout']);
    expect(decisionSchema.parse(result.outputs.timeout)).toEqual({
      outcome: 'timeout',
      source: 'timeout',
      decidedAt: '2026-05-01T13:00:00.000Z',
      trace: ['No reviewer decided within the 60-minute SLA; the task expired'],
    });
  });

  it('fires exactly the port of the action with the decision', async () => {
    const result = await decide({ action: 'approve', reasonCode: 'goodwill', comment: ' fine ', decidedBy: 'user-1' });
    expect(result.firedPorts).toEqual(['approve']);
    expect(Object.keys(result.outputs)).toEqual(['approve']);
    expect(decisionSchema.parse(result.outputs.approve)).toEqual({
      outcome: 'approve',
      source: 'human',
      decidedAt: '2026-05-01T13:00:00.000Z',
      decidedBy: 'user-1',
      reasonCode: 'goodwill',
      comment: 'fine',
      trace: ['Reviewer user-1 chose approve (goodwill)'],
    });
  });

  it('accepts more_info (database spelling) and more-info (port spelling)', async () => {
    for (const action of ['more_info', 'more-info']) {
      const result = await decide({ action, reasonCode: 'receipt-needed', decidedBy: 'u' });
      expect(result.firedPorts).toEqual(['more-info']);
      expect(result.outputs['more-info']?.outcome).toBe('more-info');
    }
  });

  it('passes corrections on with the decision and keeps the reviewer decision time', async () => {
    const corrections = { serial: 'AB12345679', boxes: [{ mediaId: 'a', label: 'laptop' }] };
    const result = await decide({
      action: 'reject',
      reasonCode: 'serial-mismatch',
      corrections,
      decidedBy: 'u',
      decidedAt: '2026-05-01T12:45:00.000Z',
      comment: null,
    });
    expect(result.outputs.reject).toMatchObject({ corrections, decidedAt: '2026-05-01T12:45:00.000Z' });
    expect(result.outputs.reject).not.toHaveProperty('comment');
  });

  it('allows approving without a reason when the config does not require one', async () => {
    const result = await decide({ action: 'approve', decidedBy: 'u' });
    expect(result.outputs.approve).not.toHaveProperty('reasonCode');
  });

  it('refuses a missing reason where one is required', async () => {
    expect((await refusal({ action: 'reject', decidedBy: 'u' })).code).toBe('reason_required');
    const strict = { actions: { approve: { requireReason: true } } };
    expect((await refusal({ action: 'approve', decidedBy: 'u' }, strict)).code).toBe('reason_required');
  });

  it('refuses a reason code not configured for that action', async () => {
    const error = await refusal({ action: 'approve', reasonCode: 'serial-mismatch', decidedBy: 'u' });
    expect(error.code).toBe('unknown_reason_code');
    expect(error.message).toContain('defect-confirmed, goodwill');
  });

  it('refuses a malformed decision', async () => {
    expect((await refusal({ action: 'escalate', decidedBy: 'u' })).code).toBe('invalid_decision');
    expect((await refusal({ action: 'approve' })).code).toBe('invalid_decision');
    expect((await refusal(undefined)).code).toBe('invalid_decision');
  });

  it('fires timeout when the claimant sent no evidence before the request expired', async () => {
    const config = {
      evidenceRequest: { url: 'https://claims.example.com/evidence', secret: 'claims', slaMinutes: 60 },
    };
    const result = await execute(config, {
      kind: 'evidence',
      resumedAt: '2026-05-01T13:00:00.000Z',
      timedOut: true,
    });
    if (isSuspension(result)) throw new Error('expected outputs');
    expect(result.firedPorts).toEqual(['timeout']);
    expect(decisionSchema.parse(result.outputs.timeout)).toMatchObject({
      outcome: 'timeout',
      reasonCode: 'evidence-not-received',
      trace: ['No new evidence arrived within 60 minutes after the reviewer asked for more'],
    });
  });

  it('carries the escalation policy into the task', async () => {
    const result = await execute({ escalation: { afterMinutes: 30, toGroup: 'senior-reviewers' } });
    if (!isSuspension(result) || result.waitFor.kind !== 'task') throw new Error('expected a task');
    expect(result.waitFor.task.escalation).toEqual({ afterMinutes: 30, toGroup: 'senior-reviewers', priorityBump: 1 });
  });

  it('refuses a resume that is not a task decision', async () => {
    const error = await execute({}, { kind: 'timer', resumedAt: '2026-05-01T13:00:00.000Z', timedOut: true }).catch(
      (e: unknown) => e,
    );
    expect((error as NonRetriableError).code).toBe('unexpected_resume');
  });
});
