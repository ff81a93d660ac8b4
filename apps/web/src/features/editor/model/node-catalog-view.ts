import {
  NODE_CATEGORIES,
  configJsonSchema,
  getNodeDefinition,
  inputsOf,
  latestNodeDefinition,
  nodeCatalog,
  outputsFor,
  type AnyNodeDefinition,
  type InputPortInfo,
  type NodeCategory,
  type OutputPortInfo,
  type PortType,
} from '@conveyor/nodes';

/** How the editor shows categories: palette order, names and the colour of their nodes. */
export const CATEGORY_STYLE: Record<NodeCategory, { label: string; accent: string; soft: string; text: string }> = {
  input: { label: 'Input', accent: 'bg-sky-500', soft: 'bg-sky-50', text: 'text-sky-700' },
  vision: { label: 'Vision', accent: 'bg-violet-500', soft: 'bg-violet-50', text: 'text-violet-700' },
  logic: { label: 'Logic', accent: 'bg-amber-500', soft: 'bg-amber-50', text: 'text-amber-700' },
  human: { label: 'Human', accent: 'bg-emerald-500', soft: 'bg-emerald-50', text: 'text-emerald-700' },
  output: { label: 'Output', accent: 'bg-rose-500', soft: 'bg-rose-50', text: 'text-rose-700' },
};

/** Handle colours per port type (hex: React Flow handles and the minimap take plain colours). */
export const PORT_COLOURS: Record<PortType, string> = {
  media: '#0ea5e9',
  'media[]': '#0284c7',
  detections: '#8b5cf6',
  classification: '#d946ef',
  text: '#14b8a6',
  record: '#64748b',
  decision: '#f59e0b',
  any: '#94a3b8',
};

export const CATEGORY_HEX: Record<NodeCategory, string> = {
  input: '#0ea5e9',
  vision: '#8b5cf6',
  logic: '#f59e0b',
  human: '#10b981',
  output: '#f43f5e',
};

export interface PaletteEntry {
  type: string;
  version: number;
  title: string;
  description: string;
  category: NodeCategory;
  icon: string | undefined;
}

/** The newest version of every type, grouped by category in the catalog's category order. */
export function paletteGroups(query = ''): { category: NodeCategory; label: string; entries: PaletteEntry[] }[] {
  const q = query.trim().toLowerCase();
  const types = [...new Set(nodeCatalog.map((d) => d.type))];
  const entries = types
    .map((type) => latestNodeDefinition(type)!)
    .filter(
      (d) =>
        q === '' ||
        d.title.toLowerCase().includes(q) ||
        d.type.includes(q) ||
        d.description.toLowerCase().includes(q) ||
        d.category.includes(q),
    )
    .map((d): PaletteEntry => ({
      type: d.type,
      version: d.version,
      title: d.title,
      description: d.description,
      category: d.category,
      icon: d.icon,
    }));
  return NODE_CATEGORIES.map((category) => ({
    category,
    label: CATEGORY_STYLE[category].label,
    entries: entries.filter((e) => e.category === category),
  })).filter((g) => g.entries.length > 0);
}

export function definitionFor(type: string, version: number): AnyNodeDefinition | undefined {
  return getNodeDefinition(type, version);
}

export function portsFor(
  def: AnyNodeDefinition | undefined,
  config: unknown,
): { inputs: InputPortInfo[]; outputs: OutputPortInfo[] } {
  if (!def) return { inputs: [], outputs: [] };
  return { inputs: inputsOf(def), outputs: outputsFor(def, config) };
}

/**
 * What a node dropped on the canvas starts with: every top-level default of its schema.
 * Required fields without a default (a webhook's address) stay empty, and the validator
 * asks for them.
 */
export function defaultConfig(def: AnyNodeDefinition): Record<string, unknown> {
  const parsed = def.config.safeParse({});
  if (parsed.success && parsed.data && typeof parsed.data === 'object') {
    return structuredClone(parsed.data as Record<string, unknown>);
  }
  const schema = configJsonSchema(def);
  const properties = (schema['properties'] ?? {}) as Record<string, { default?: unknown }>;
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(properties)) {
    if (prop && typeof prop === 'object' && 'default' in prop) out[key] = structuredClone(prop.default);
  }
  return out;
}
