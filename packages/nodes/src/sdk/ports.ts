import type { AnyNodeDefinition, InputPortSpec, OutputPortSpec } from './define-node.ts';
import type { PortType } from './port-types.ts';

export interface InputPortInfo {
  readonly name: string;
  readonly type: PortType;
  readonly title: string;
  readonly description: string | undefined;
  readonly required: boolean;
  readonly multiple: boolean;
}

export interface OutputPortInfo {
  readonly name: string;
  readonly type: PortType;
  readonly title: string;
  readonly description: string | undefined;
  readonly kind: 'data' | 'error';
}

/** `more-info` → `More info`: a readable default when a port declares no title. */
export function titleFromName(name: string): string {
  const words = name.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function inputInfo(name: string, spec: InputPortSpec): InputPortInfo {
  return {
    name,
    type: spec.type,
    title: spec.title ?? titleFromName(name),
    description: spec.description,
    required: spec.required ?? false,
    multiple: spec.multiple ?? false,
  };
}

function outputInfo(name: string, spec: OutputPortSpec): OutputPortInfo {
  return {
    name,
    type: spec.type,
    title: spec.title ?? titleFromName(name),
    description: spec.description,
    kind: spec.kind ?? 'data',
  };
}

export function inputsOf(def: AnyNodeDefinition): InputPortInfo[] {
  return Object.entries(def.inputs).map(([name, spec]) => inputInfo(name, spec));
}

/**
 * The effective output ports of a node with the given raw config: static ports plus those
 * the config declares (a rule's decision-table ports). A config too broken to read yields
 * the static ports only.
 */
export function outputsFor(def: AnyNodeDefinition, config: unknown): OutputPortInfo[] {
  const dynamic = def.dynamicOutputs?.(config) ?? {};
  const merged = { ...dynamic, ...def.outputs };
  return Object.entries(merged).map(([name, spec]) => outputInfo(name, spec));
}

export function findInput(def: AnyNodeDefinition, port: string): InputPortInfo | undefined {
  const spec = Object.hasOwn(def.inputs, port) ? def.inputs[port] : undefined;
  return spec ? inputInfo(port, spec) : undefined;
}

export function findOutput(def: AnyNodeDefinition, config: unknown, port: string): OutputPortInfo | undefined {
  return outputsFor(def, config).find((p) => p.name === port);
}
