import { z } from 'zod';
import type { AnyNodeDefinition, NodeConfigOf } from './define-node.ts';
import { NodeConfigError } from './errors.ts';

export interface ConfigIssue {
  /** Path inside the config, e.g. `['rows', 2, 'conditions', 0, 'min']`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly code: string;
}

const jsonSchemaCache = new WeakMap<AnyNodeDefinition, Record<string, unknown>>();

/**
 * The JSON Schema the editor renders a node's config form from. `io: 'input'` keeps fields
 * with defaults optional (the form may leave them blank); `.meta()` UI hints (title,
 * description, widget, …) are carried over by zod as extra keywords.
 */
export function configJsonSchema(def: AnyNodeDefinition): Record<string, unknown> {
  const cached = jsonSchemaCache.get(def);
  if (cached) return cached;
  const schema = z.toJSONSchema(def.config, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  jsonSchemaCache.set(def, schema);
  return schema;
}

/**
 * Every problem with a raw config, one per field: zod may report several checks on one
 * field (too short and wrong pattern); the editor shows one message per field, the first.
 * Unrecognized keys become one issue per key so the editor can point at each.
 */
export function configIssues(def: AnyNodeDefinition, config: unknown): ConfigIssue[] {
  const result = def.config.safeParse(config, { error: requiredMessage });
  if (result.success) return [];
  const byPath = new Map<string, ConfigIssue>();
  const add = (issue: ConfigIssue) => {
    const key = JSON.stringify(issue.path);
    if (!byPath.has(key)) byPath.set(key, issue);
  };
  for (const issue of result.error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        add({ path: [...path, key], message: `Unknown setting '${key}'`, code: issue.code });
    } else {
      add({ path, message: issue.message, code: issue.code });
    }
  }
  return [...byPath.values()];
}

/**
 * zod's default for a missing field reads "expected string, received undefined"; analysts
 * filling a form need "Required". Messages set on a schema still take precedence.
 */
export function requiredMessage(issue: { code?: string; input?: unknown }): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined;
}

/** `['rows', 2, 'min']` → `rows[2].min`; keys that are not identifiers are quoted. */
export function formatConfigPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Parses a config for execution. A config that fails here was saved past the validator
 * (or the definition changed under it): it is the analyst's to fix, so NodeConfigError.
 */
export function parseNodeConfig<TDef extends AnyNodeDefinition>(def: TDef, config: unknown): NodeConfigOf<TDef> {
  const result = def.config.safeParse(config);
  if (result.success) return result.data as NodeConfigOf<TDef>;
  const issues = configIssues(def, config);
  const first = issues[0];
  const field = first ? formatConfigPath(first.path) : '';
  const summary = issues.map((i) => `${formatConfigPath(i.path) || '(config)'}: ${i.message}`).join('; ');
  throw new NodeConfigError(`Invalid ${def.title} configuration: ${summary}`, { field });
}
