import type { GraphIssue } from '@conveyor/engine';

export interface NodeIssues {
  all: GraphIssue[];
  /** Config issues keyed by their path inside the config (`rows[1].port`). */
  fields: Map<string, string>;
  /** Port issues (required input unconnected, …) keyed by port name. */
  ports: Map<string, string>;
}

const CONFIG_PATH = /^nodes\[\d+\]\.config(?:\.|(?=\[))?(.*)$/;

/** `nodes[2].config.rows[1].port` → `rows[1].port`; undefined when not a config path. */
export function configPathOf(issue: GraphIssue): string | undefined {
  const match = CONFIG_PATH.exec(issue.path);
  return match ? (match[1] ?? '') : undefined;
}

export function issuesByNode(issues: readonly GraphIssue[]): Map<string, NodeIssues> {
  const out = new Map<string, NodeIssues>();
  const entry = (id: string) => {
    let e = out.get(id);
    if (!e) {
      e = { all: [], fields: new Map(), ports: new Map() };
      out.set(id, e);
    }
    return e;
  };
  for (const issue of issues) {
    const ids = issue.nodeId ? [issue.nodeId] : (issue.nodeIds ?? []);
    for (const id of ids) {
      const e = entry(id);
      e.all.push(issue);
      const field = issue.nodeId === id ? configPathOf(issue) : undefined;
      if (field !== undefined && issue.code === 'invalid_config' && !e.fields.has(field)) {
        e.fields.set(field, stripNodeName(issue.message));
      }
      if (issue.port && !e.ports.has(issue.port)) e.ports.set(issue.port, issue.message);
    }
  }
  return out;
}

/** Messages name their node (`'Detect product' (detector): …`); next to the field that is noise. */
export function stripNodeName(message: string): string {
  return message.replace(/^'[^']*' \([a-z0-9-]+\)(?: config)?: /, '');
}

/** `rows[1].conditions[0].min` → ['rows', 1, 'conditions', 0, 'min']. */
export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return out;
}

export interface ErrorSchema {
  __errors?: string[];
  [key: string]: ErrorSchema | string[] | undefined;
}

/** Field messages in the nested shape rjsf's `extraErrors` takes. */
export function toErrorSchema(fields: ReadonlyMap<string, string>): ErrorSchema {
  const root: ErrorSchema = {};
  for (const [path, message] of fields) {
    let cursor = root;
    for (const segment of splitPath(path)) {
      const key = String(segment);
      cursor[key] ??= {};
      cursor = cursor[key] as ErrorSchema;
    }
    (cursor.__errors ??= []).push(message);
  }
  return root;
}

/** A one-line, human name for where an issue is, for the issues list. */
export function describeIssueLocation(issue: GraphIssue): string {
  const field = configPathOf(issue);
  if (field) return field;
  if (issue.port) return `port ${issue.port}`;
  if (issue.edgeIndex !== undefined) return `connection ${issue.edgeIndex + 1}`;
  return '';
}
