import { z } from 'zod';
import type { ResumeInfo } from '../sdk/context.ts';
import { NonRetriableError } from '../sdk/errors.ts';
import { defineExecutor, suspend, type InputValues } from '../sdk/executor.ts';
import type { Decision } from '../sdk/port-values.ts';
import { HUMAN_TASK_ACTIONS, humanTaskDefinition, type HumanTaskAction } from './human-task.definition.ts';

type HumanTaskConfig = z.output<typeof humanTaskDefinition.config>;
type HumanTaskInputs = InputValues<typeof humanTaskDefinition.inputs>;

/**
 * `human_tasks.priority` is an integer the inbox sorts on, highest first; `normal` is the
 * column's default (0), so a task created without one sorts with the normal ones.
 */
export const HUMAN_TASK_PRIORITY_RANK = { low: -1, normal: 0, high: 1, urgent: 2 } as const;

/**
 * Actions as the database and the inbox name them (`decisions.action`). The node's ports
 * and config use kebab-case (`more-info`); both spellings are accepted in a decision.
 */
export const DECISION_ACTIONS = ['approve', 'reject', 'more_info'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

const PORT_OF: Readonly<Record<string, HumanTaskAction>> = {
  approve: 'approve',
  reject: 'reject',
  more_info: 'more-info',
  'more-info': 'more-info',
};

function actionOf(port: HumanTaskAction): DecisionAction {
  return port === 'more-info' ? 'more_info' : port;
}

/** Most labels put on a task for inbox filters. */
const MAX_LABELS = 50;

/** What the inbox sends back (through the engine's resume) when a reviewer decides. */
export const decisionPayloadSchema = z.object({
  action: z.enum(['approve', 'reject', 'more_info', 'more-info']),
  reasonCode: z.string().min(1).max(64).nullish(),
  comment: z.string().max(5000).nullish(),
  /** Box and OCR corrections as the reviewer submitted them; passed on with the decision. */
  corrections: z.record(z.string(), z.unknown()).nullish(),
  /** The reviewer's user id. */
  decidedBy: z.string().min(1).max(200),
  decidedAt: z.iso.datetime({ offset: true }).nullish(),
});
export type DecisionPayload = z.infer<typeof decisionPayloadSchema>;

/** The spec the engine stores as the `human_tasks` row (see engine runtime/human-task-store.ts). */
export interface HumanTaskSpec {
  title: string;
  instructions: string;
  /** Review group name; the engine resolves it to the workspace's group. */
  group: string;
  priority: number;
  priorityName: HumanTaskConfig['priority'];
  /** Reason codes the reviewer picks from, per action (database action names). */
  reasonCodes: Record<DecisionAction, string[]>;
  /** Whether the action needs a reason code. */
  reasonRequired: Record<DecisionAction, boolean>;
  /** Everything the reviewer needs, as it reached the node. */
  evidence: {
    media: HumanTaskInputs['media'];
    detections?: HumanTaskInputs['detections'];
    classification?: HumanTaskInputs['classification'];
    text?: HumanTaskInputs['text'];
    /** The routing decision with its rule trace. */
    decision?: HumanTaskInputs['decision'];
    record?: HumanTaskInputs['record'];
  };
  /** Detected and classified labels, for inbox filters. */
  labels: string[];
  /** The confidence that decided the routing, when there is one. */
  score?: number;
  noSelfApproval: boolean;
  slaMinutes: number;
  /** Raise priority / hand to another team this long after opening (engine timer). */
  escalation?: { afterMinutes: number; toGroup?: string; priorityBump: number };
}

/**
 * The deciding confidence: the classifier's winning score (what confidence bands route
 * on), else the best detection, else the OCR confidence.
 */
export function decidingScore(inputs: HumanTaskInputs): number | undefined {
  if (inputs.classification !== undefined) return inputs.classification.score;
  const items = inputs.detections?.items ?? [];
  if (items.length > 0) return Math.max(...items.map((d) => d.score));
  return inputs.text?.confidence;
}

export function taskLabels(inputs: HumanTaskInputs): string[] {
  const labels = new Set<string>();
  for (const d of inputs.detections?.items ?? []) labels.add(d.label);
  if (inputs.classification !== undefined) labels.add(inputs.classification.label);
  return [...labels].sort().slice(0, MAX_LABELS);
}

export function buildTask(config: HumanTaskConfig, inputs: HumanTaskInputs): HumanTaskSpec {
  const reasonCodes = {} as Record<DecisionAction, string[]>;
  const reasonRequired = {} as Record<DecisionAction, boolean>;
  for (const port of HUMAN_TASK_ACTIONS) {
    reasonCodes[actionOf(port)] = [...config.actions[port].reasonCodes];
    reasonRequired[actionOf(port)] = config.actions[port].requireReason;
  }
  const evidence: HumanTaskSpec['evidence'] = { media: inputs.media };
  if (inputs.detections !== undefined) evidence.detections = inputs.detections;
  if (inputs.classification !== undefined) evidence.classification = inputs.classification;
  if (inputs.text !== undefined) evidence.text = inputs.text;
  if (inputs.decision !== undefined) evidence.decision = inputs.decision;
  if (inputs.record !== undefined) evidence.record = inputs.record;
  const score = decidingScore(inputs);
  return {
    title: config.title,
    instructions: config.instructions,
    group: config.group,
    priority: HUMAN_TASK_PRIORITY_RANK[config.priority],
    priorityName: config.priority,
    reasonCodes,
    reasonRequired,
    evidence,
    labels: taskLabels(inputs),
    ...(score === undefined ? {} : { score }),
    noSelfApproval: config.noSelfApproval,
    slaMinutes: config.slaMinutes,
    ...(config.escalation === undefined ? {} : { escalation: { ...config.escalation } }),
  };
}

/** A decision with the reviewer's corrections riding along (the port schema passes extra keys). */
export type HumanDecision = Decision & { corrections?: Record<string, unknown> };

/**
 * Checks a reviewer's decision against the config and turns it into the port value.
 * Invalid decisions are NonRetriableError: the inbox validates first, so one reaching the
 * node is a bug or a config edited under an open task — retrying would not change it.
 */
export function decide(
  config: HumanTaskConfig,
  payload: unknown,
  resumedAt: string,
): { port: HumanTaskAction; decision: HumanDecision } {
  const parsed = decisionPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NonRetriableError(
      `Invalid review decision: ${issue?.path.join('.') || '(payload)'}: ${issue?.message ?? 'malformed'}`,
      { code: 'invalid_decision' },
    );
  }
  const d = parsed.data;
  const port = PORT_OF[d.action]!;
  const action = config.actions[port];
  const reasonCode = d.reasonCode ?? undefined;
  if (reasonCode === undefined && action.requireReason) {
    throw new NonRetriableError(`A reason code is required to ${port} (one of: ${action.reasonCodes.join(', ')})`, {
      code: 'reason_required',
    });
  }
  if (reasonCode !== undefined && !action.reasonCodes.includes(reasonCode)) {
    throw new NonRetriableError(
      `Reason code '${reasonCode}' is not offered for ${port} (one of: ${action.reasonCodes.join(', ')})`,
      { code: 'unknown_reason_code' },
    );
  }
  const comment = d.comment?.trim();
  const decision: HumanDecision = {
    outcome: port,
    source: 'human',
    decidedAt: d.decidedAt ?? resumedAt,
    decidedBy: d.decidedBy,
    ...(reasonCode === undefined ? {} : { reasonCode }),
    ...(comment ? { comment } : {}),
    trace: [`Reviewer ${d.decidedBy} chose ${port}${reasonCode === undefined ? '' : ` (${reasonCode})`}`],
    ...(d.corrections == null ? {} : { corrections: d.corrections }),
  };
  return { port, decision };
}

function timeoutDecision(config: HumanTaskConfig, resume: ResumeInfo): Decision {
  return {
    outcome: 'timeout',
    source: 'timeout',
    decidedAt: resume.resumedAt,
    trace: [`No reviewer decided within the ${config.slaMinutes}-minute SLA; the task expired`],
  };
}

/**
 * First execution: opens a task (the engine creates the inbox row in the same transaction
 * as the wait) due after the SLA. On resume: the SLA ran out → `timeout`; a decision →
 * exactly the port of its action, so the other branches are skipped.
 */
export const humanTaskExecutor = defineExecutor(humanTaskDefinition, async (ctx, inputs) => {
  const { config, resume } = ctx;
  if (resume === undefined) {
    const task = buildTask(config, inputs);
    const resumeAt = new Date(ctx.now().getTime() + config.slaMinutes * 60_000);
    ctx.logger.info('review task opened', { group: task.group, priority: task.priorityName, labels: task.labels });
    return suspend({ kind: 'task', task: { ...task }, resumeAt });
  }
  if (resume.kind === 'evidence' && resume.timedOut) {
    // The reviewer asked for more and the claimant sent nothing before the link expired.
    const minutes = config.evidenceRequest?.slaMinutes;
    ctx.logger.info('evidence request expired', { slaMinutes: minutes });
    const timeout: Decision = {
      outcome: 'timeout',
      source: 'timeout',
      decidedAt: resume.resumedAt,
      reasonCode: 'evidence-not-received',
      trace: [`No new evidence arrived within ${minutes ?? 'the'} minutes after the reviewer asked for more`],
    };
    return { outputs: { timeout }, firedPorts: ['timeout'] };
  }
  if (resume.kind !== 'task') {
    throw new NonRetriableError(`Human review resumed by a ${resume.kind}, expected a task decision`, {
      code: 'unexpected_resume',
    });
  }
  if (resume.timedOut) {
    ctx.logger.info('review task expired', { slaMinutes: config.slaMinutes });
    return { outputs: { timeout: timeoutDecision(config, resume) }, firedPorts: ['timeout'] };
  }
  const { port, decision } = decide(config, resume.payload, resume.resumedAt);
  ctx.logger.info('review decided', { port, reasonCode: decision.reasonCode, decidedBy: decision.decidedBy });
  return { outputs: { [port]: decision }, firedPorts: [port] };
});
