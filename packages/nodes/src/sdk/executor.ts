import type { z } from 'zod';
import type { AnyNodeDefinition, InputPortSpec, InputPorts, OutputPorts } from './define-node.ts';
import type { NodeContext } from './context.ts';
import type { PortValue } from './port-values.ts';

/** The value an executor receives on an input port, shaped by the port's declaration. */
export type InputValue<P extends InputPortSpec> = P extends { multiple: true }
  ? PortValue<P['type']>[]
  : PortValue<P['type']>;

type RequiredInputNames<TIn extends InputPorts> = {
  [K in keyof TIn]: TIn[K] extends { required: true } ? K : never;
}[keyof TIn];

/** Required inputs are always present; optional ones may be missing (unconnected or skipped). */
export type InputValues<TIn extends InputPorts> = {
  -readonly [K in RequiredInputNames<TIn>]: InputValue<TIn[K]>;
} & {
  -readonly [K in Exclude<keyof TIn, RequiredInputNames<TIn>>]?: InputValue<TIn[K]>;
};

export type OutputValues<TOut extends OutputPorts> = {
  -readonly [K in keyof TOut]?: PortValue<TOut[K]['type']>;
};

export interface ExecuteSuccess<TOut extends OutputPorts = OutputPorts> {
  outputs: OutputValues<TOut>;
  /**
   * The ports whose successors should run. Defaults to the ports present in `outputs`;
   * branching nodes (rule, human task) name exactly one so the other branches are skipped.
   */
  firedPorts?: (keyof TOut & string)[];
}

export interface TimerWait {
  kind: 'timer';
  /** ISO timestamp at which the engine resumes the step. */
  resumeAt: string;
  reason?: string;
}

export interface TaskWait {
  kind: 'task';
  /** What the inbox needs to open the task (title, group, evidence, …). */
  task: Record<string, unknown>;
  /** SLA deadline; the step resumes with `timedOut: true` if no decision came first. */
  resumeAt?: string;
}

export interface EvidenceWait {
  kind: 'evidence';
  /** What is asked of the claimant (message, accepted media types, …). */
  request: Record<string, unknown>;
  resumeAt?: string;
}

export type WaitFor = TimerWait | TaskWait | EvidenceWait;

export interface Suspension {
  readonly suspended: true;
  readonly waitFor: WaitFor;
}

type WithDate<T> = T extends { resumeAt: string }
  ? Omit<T, 'resumeAt'> & { resumeAt: Date | string }
  : T extends { resumeAt?: string }
    ? Omit<T, 'resumeAt'> & { resumeAt?: Date | string }
    : never;

export type SuspendInput = WithDate<TimerWait> | WithDate<TaskWait> | WithDate<EvidenceWait>;

/**
 * Pauses the step durably: the engine persists the wait, frees the worker, and executes
 * the node again with `ctx.resume` set once the timer fires or the task/evidence arrives.
 */
export function suspend(waitFor: SuspendInput): Suspension {
  const resumeAt = waitFor.resumeAt === undefined ? undefined : toIso(waitFor.resumeAt);
  if (waitFor.kind === 'timer' && resumeAt === undefined) {
    throw new TypeError('suspend: a timer needs resumeAt');
  }
  const normalized = { ...waitFor, ...(resumeAt === undefined ? {} : { resumeAt }) } as WaitFor;
  return Object.freeze({ suspended: true as const, waitFor: Object.freeze(normalized) });
}

export function isSuspension(value: unknown): value is Suspension {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { suspended?: unknown }).suspended === true &&
    typeof (value as { waitFor?: unknown }).waitFor === 'object'
  );
}

function toIso(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new RangeError(`suspend: invalid resumeAt '${String(value)}'`);
  return date.toISOString();
}

export type ExecuteResult<TOut extends OutputPorts = OutputPorts> = ExecuteSuccess<TOut> | Suspension;

export type NodeContextOf<TDef extends AnyNodeDefinition> = NodeContext<
  z.output<TDef['config']>,
  InputValues<TDef['inputs']>
>;

export type ExecuteFn<TDef extends AnyNodeDefinition> = (
  ctx: NodeContextOf<TDef>,
  inputs: InputValues<TDef['inputs']>,
) => Promise<ExecuteResult<TDef['outputs']>>;

export interface NodeExecutor<TDef extends AnyNodeDefinition = AnyNodeDefinition> {
  readonly definition: TDef;
  execute(ctx: NodeContextOf<TDef>, inputs: InputValues<TDef['inputs']>): Promise<ExecuteResult<TDef['outputs']>>;
}

/**
 * Binds server-side behaviour to a definition. Kept out of the definition file so the
 * browser bundle never includes executor code or its dependencies.
 */
export function defineExecutor<TDef extends AnyNodeDefinition>(
  definition: TDef,
  execute: ExecuteFn<TDef>,
): NodeExecutor<TDef> {
  return Object.freeze({ definition, execute });
}
