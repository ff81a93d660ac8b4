import {
  configJsonSchema,
  inputsOf,
  nodeCatalog,
  outputsFor,
  templates,
  type AnyNodeDefinition,
  type NodeCatalog,
} from '@conveyor/nodes';

/**
 * The node catalog as the API describes it: every type and version with its config JSON
 * Schema (UI hints included), ports and help text. Static per deployment; the editor
 * bundles the same definitions, API clients read them here.
 */
export function describeNodeDefinition(def: AnyNodeDefinition) {
  const schema = configJsonSchema(def);
  const defaults = defaultConfigFromSchema(schema);
  return {
    type: def.type,
    version: def.version,
    title: def.title,
    category: def.category,
    description: def.description,
    icon: def.icon ?? null,
    entry: def.entry,
    configSchema: schema,
    defaultConfig: defaults,
    inputs: inputsOf(def).map((p) => ({ ...p, description: p.description ?? null })),
    /** With the default config; a rule's ports follow its config (`dynamicOutputs`). */
    outputs: outputsFor(def, defaults).map((p) => ({ ...p, description: p.description ?? null })),
    dynamicOutputs: typeof def.dynamicOutputs === 'function',
  };
}

export function describeCatalog(catalog: NodeCatalog = nodeCatalog) {
  return {
    nodes: catalog.map(describeNodeDefinition),
    templates: templates.map((t) => ({
      key: t.key,
      name: t.name,
      description: t.description,
      nodeCount: t.graph.nodes.length,
      nodeTypes: [...new Set(t.graph.nodes.map((n) => n.type))],
    })),
  };
}

/** Top-level defaults from a config's JSON Schema: what a node dropped on the canvas starts with. */
export function defaultConfigFromSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema['properties'] ?? {}) as Record<string, { default?: unknown }>;
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(properties)) {
    if (prop && typeof prop === 'object' && 'default' in prop) out[key] = structuredClone(prop.default);
  }
  return out;
}
