import type { z } from 'zod';
import { isPortType, type PortType } from './port-types.ts';

export const NODE_CATEGORIES = ['input', 'vision', 'logic', 'human', 'output'] as const;
export type NodeCategory = (typeof NODE_CATEGORIES)[number];

export interface InputPortSpec {
  readonly type: PortType;
  readonly title?: string;
  readonly description?: string;
  /** The node cannot run without a value here; the validator flags it when unconnected. */
  readonly required?: boolean;
  /**
   * Accepts several edges (explicit fan-in). The executor receives an array of the values
   * that arrived; edges whose source branch was skipped contribute nothing. Without it a
   * second edge into the port is a validation issue, so fan-in is never accidental.
   */
  readonly multiple?: boolean;
  /**
   * A gate: when connected, the node runs only if a value arrived here. A branch not taken
   * into a gate skips the node even though its other inputs have values — e.g. a review
   * that gets the photos from ingest but must only open when the rule says "review".
   * Unconnected, a gate is simply an optional input.
   */
  readonly gate?: boolean;
}

export interface OutputPortSpec {
  readonly type: PortType;
  readonly title?: string;
  readonly description?: string;
  /** Error ports receive the serialized error when the node fails, so failures can be routed. */
  readonly kind?: 'error';
}

export type InputPorts = Readonly<Record<string, InputPortSpec>>;
export type OutputPorts = Readonly<Record<string, OutputPortSpec>>;

export interface NodeDefinition<
  TConfig extends z.ZodType = z.ZodType,
  TIn extends InputPorts = InputPorts,
  TOut extends OutputPorts = OutputPorts,
> {
  /** Stable kebab-case id; never renamed, since saved graphs refer to it. */
  readonly type: string;
  /** Bumped on a breaking change; saved nodes pin it and old versions keep running. */
  readonly version: number;
  readonly title: string;
  readonly category: NodeCategory;
  readonly description: string;
  readonly icon: string | undefined;
  /** Entry nodes start a run (ingest, triggers); every other node must be reachable from one. */
  readonly entry: boolean;
  readonly config: TConfig;
  readonly inputs: TIn;
  /** Static output ports. Nodes whose ports depend on config add `dynamicOutputs`. */
  readonly outputs: TOut;
  /**
   * Output ports derived from the raw (unvalidated) config, merged over `outputs`.
   * Returns undefined when the config is too broken to tell, so callers can avoid
   * reporting every outgoing edge as dangling while the analyst is mid-edit.
   * Method syntax keeps definitions with specific configs assignable to AnyNodeDefinition.
   */
  dynamicOutputs?(config: unknown): OutputPorts | undefined;
}

export type AnyNodeDefinition = NodeDefinition<z.ZodType, InputPorts, OutputPorts>;

export type NodeConfigOf<TDef extends AnyNodeDefinition> = z.output<TDef['config']>;

export interface NodeDefinitionInit<TConfig extends z.ZodType, TIn extends InputPorts, TOut extends OutputPorts> {
  type: string;
  version: number;
  title: string;
  category: NodeCategory;
  description: string;
  icon?: string;
  entry?: boolean;
  config: TConfig;
  inputs: TIn;
  outputs: TOut;
  dynamicOutputs?(config: unknown): OutputPorts | undefined;
}

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** Port and node-type names: lowercase kebab-case, so they are safe in URLs, ids and CEL. */
export function isKebabName(value: string): boolean {
  return KEBAB.test(value) && value.length <= 64;
}

/**
 * Declares a node type. Data only: no executor here, so the editor can import every
 * definition without server code. Throws on a malformed definition — that is a
 * programming error, caught by the catalog tests at build time, never by an analyst.
 */
export function defineNode<TConfig extends z.ZodType, const TIn extends InputPorts, const TOut extends OutputPorts>(
  init: NodeDefinitionInit<TConfig, TIn, TOut>,
): NodeDefinition<TConfig, TIn, TOut> {
  const where = `node definition '${init.type}'`;
  if (!isKebabName(init.type)) throw new Error(`${where}: type must be kebab-case`);
  if (!Number.isInteger(init.version) || init.version < 1) {
    throw new Error(`${where}: version must be a positive integer`);
  }
  if (init.title.trim() === '') throw new Error(`${where}: title is required`);
  assertPorts(where, 'input', init.inputs);
  assertPorts(where, 'output', init.outputs);
  for (const [name, port] of Object.entries(init.inputs)) {
    if ('kind' in port) throw new Error(`${where}: input '${name}' cannot be an error port`);
  }
  if (init.entry === true && Object.values(init.inputs).some((p) => p.required === true)) {
    throw new Error(`${where}: an entry node cannot have required inputs`);
  }
  const definition: NodeDefinition<TConfig, TIn, TOut> = {
    type: init.type,
    version: init.version,
    title: init.title,
    category: init.category,
    description: init.description,
    icon: init.icon,
    entry: init.entry ?? false,
    config: init.config,
    inputs: init.inputs,
    outputs: init.outputs,
    ...(init.dynamicOutputs ? { dynamicOutputs: init.dynamicOutputs } : {}),
  };
  return Object.freeze(definition);
}

function assertPorts(where: string, side: string, ports: Readonly<Record<string, { type: unknown }>>) {
  for (const [name, port] of Object.entries(ports)) {
    if (!isKebabName(name)) throw new Error(`${where}: ${side} port '${name}' must be kebab-case`);
    if (!isPortType(port.type)) {
      throw new Error(`${where}: ${side} port '${name}' has unknown type '${String(port.type)}'`);
    }
  }
}

/** `type@version`, the key a saved node pins. */
export function nodeKey(type: string, version: number): string {
  return `${type}@${version}`;
}
