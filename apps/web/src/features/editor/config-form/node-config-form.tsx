'use client';

import Form from '@rjsf/core';
import type { IChangeEvent } from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo, useRef } from 'react';
import { configJsonSchema, type AnyNodeDefinition } from '@conveyor/nodes';
import { toErrorSchema } from '../model/graph-issues';
import { formSchema, uiSchemaFor } from './schema-ui';
import { tailwindFields, tailwindTemplates, tailwindWidgets } from './tailwind-theme';

/**
 * A node's config form, generated from its JSON Schema with the definition's UI hints.
 * Validation is the shared validator's (zod, via the graph issues), shown under each
 * field; rjsf's own validation is off so there is one source of truth.
 */
export function NodeConfigForm({
  definition,
  config,
  fieldErrors,
  readOnly,
  onChange,
}: {
  definition: AnyNodeDefinition;
  config: Record<string, unknown>;
  fieldErrors: ReadonlyMap<string, string>;
  readOnly: boolean;
  onChange: (config: Record<string, unknown>, field: string) => void;
}) {
  const schema = useMemo(() => formSchema(configJsonSchema(definition)) as RJSFSchema, [definition]);
  const uiSchema = useMemo<UiSchema>(
    () => ({ ...uiSchemaFor(schema as Record<string, unknown>), 'ui:submitButtonOptions': { norender: true } }),
    [schema],
  );
  const errorKey = [...fieldErrors].map(([k, v]) => `${k}=${v}`).join('|');
  // Keyed by content: rjsf re-merges extraErrors whenever the object changes.
  const extraErrors = useMemo(() => toErrorSchema(fieldErrors), [errorKey]);
  // rjsf may emit a change while mounting (filling defaults); only the analyst's edits count.
  const touched = useRef(false);
  const current = JSON.stringify(config);

  return (
    <div
      onPointerDownCapture={() => (touched.current = true)}
      onKeyDownCapture={() => (touched.current = true)}
      onFocusCapture={() => (touched.current = true)}
      onInputCapture={() => (touched.current = true)}
      data-testid="config-form"
    >
      <Form
        schema={schema}
        uiSchema={uiSchema}
        formData={config}
        validator={validator}
        templates={tailwindTemplates}
        widgets={tailwindWidgets}
        fields={tailwindFields}
        extraErrors={extraErrors as never}
        noHtml5Validate
        showErrorList={false}
        readonly={readOnly}
        experimental_defaultFormStateBehavior={{ emptyObjectFields: 'populateRequiredDefaults' }}
        onChange={(event: IChangeEvent, id?: string) => {
          if (!touched.current || readOnly) return;
          const next = stripUndefined(event.formData) as Record<string, unknown>;
          if (JSON.stringify(next) === current) return;
          onChange(next, id ?? '*');
        }}
      >
        <></>
      </Form>
    </div>
  );
}

/** rjsf leaves `undefined` for cleared optional fields; the saved JSON should not carry them. */
function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUndefined);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
    return out;
  }
  return value;
}
