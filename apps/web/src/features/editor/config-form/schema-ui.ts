import type { UiSchema } from '@rjsf/utils';

type JsonSchema = Record<string, unknown>;

/** Widgets named in the node definitions' `.meta({ widget })` hints → rjsf widgets and fields. */
const WIDGETS: Record<string, { widget?: string; field?: string; options?: Record<string, unknown> }> = {
  slider: { widget: 'slider' },
  switch: { widget: 'switch' },
  select: { widget: 'select' },
  tags: { widget: 'tags' },
  'model-labels': { widget: 'tags' },
  markdown: { widget: 'textarea', options: { rows: 4 } },
  'key-value': { field: 'keyValue' },
  region: { field: 'region' },
  regex: { widget: 'text', options: { mono: true } },
  code: { widget: 'textarea', options: { rows: 3, mono: true } },
  url: { widget: 'text', options: { inputType: 'url' } },
  'model-picker': { widget: 'text', options: { mono: true } },
  'model-version': { widget: 'text', options: { placeholder: 'current version' } },
  'credential-picker': { widget: 'text', options: { mono: true } },
  'group-picker': { widget: 'text', options: { mono: true } },
  'fact-field': { widget: 'text', options: { mono: true } },
};

/**
 * Strips what rjsf does not need (`$schema` of draft 2020-12) so its draft-07 validator
 * never trips over it. The config's own validation is zod's, not rjsf's.
 */
export function formSchema(schema: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

/** uiSchema from the UI hints in a JSON Schema (recursively through objects and arrays). */
export function uiSchemaFor(schema: JsonSchema): UiSchema {
  const ui: UiSchema = {};
  const hint = typeof schema['widget'] === 'string' ? WIDGETS[schema['widget']] : undefined;
  if (hint?.widget) ui['ui:widget'] = hint.widget;
  if (hint?.field) ui['ui:field'] = hint.field;
  const options: Record<string, unknown> = { ...(hint?.options ?? {}) };
  if (typeof schema['step'] === 'number') options['step'] = schema['step'];
  if (schema['labels'] && typeof schema['labels'] === 'object') options['labels'] = schema['labels'];
  if (Object.keys(options).length > 0) ui['ui:options'] = options as UiSchema['ui:options'];
  const properties = schema['properties'];
  if (properties && typeof properties === 'object' && !hint?.field) {
    for (const [key, sub] of Object.entries(properties as Record<string, JsonSchema>)) {
      const child = uiSchemaFor(sub);
      if (Object.keys(child).length > 0) ui[key] = child;
    }
  }
  const items = schema['items'];
  if (items && typeof items === 'object' && !Array.isArray(items) && hint?.widget !== 'tags') {
    const child = uiSchemaFor(items as JsonSchema);
    if (Object.keys(child).length > 0) ui['items'] = child;
  }
  return ui;
}
