'use client';

import type {
  ArrayFieldItemTemplateProps,
  ArrayFieldTemplateProps,
  BaseInputTemplateProps,
  FieldProps,
  FieldTemplateProps,
  ObjectFieldTemplateProps,
  RegistryWidgetsType,
  TemplatesType,
  WidgetProps,
} from '@rjsf/utils';
import { ArrowDown, ArrowUp, Plus, Trash2, X } from 'lucide-react';
import { useState, type ChangeEvent } from 'react';
import { cn } from '@/lib/cn';

/**
 * A Tailwind theme for rjsf: labels above inputs, help text under them, the validator's
 * message in red under the field it is about; and the widgets the node definitions ask
 * for (slider, switch, select with readable labels, tags, key-value, region).
 */

const inputBase =
  'h-8 rounded-md border border-zinc-300 bg-white px-2.5 text-sm text-zinc-900 placeholder:text-zinc-400 ' +
  'focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none disabled:bg-zinc-50 disabled:text-zinc-500';
const inputClass = `w-full ${inputBase}`;
const invalidClass = 'border-red-400 focus:border-red-500 focus:ring-red-100';

function FieldTemplate(props: FieldTemplateProps) {
  const { id, label, required, children, rawErrors, rawDescription, hidden, displayLabel, schema } = props;
  if (hidden) return <div className="hidden">{children}</div>;
  const isContainer = schema.type === 'object' || (schema.type === 'array' && props.uiSchema?.['ui:widget'] !== 'tags');
  const errors = (rawErrors ?? []).filter(Boolean);
  if (isContainer && !props.uiSchema?.['ui:field']) {
    return (
      <div className="flex flex-col gap-1" data-field={id}>
        {children}
        {errors.length > 0 ? <FieldErrors id={id} errors={errors} /> : null}
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-1" data-field={id}>
      {displayLabel && label ? (
        <label htmlFor={id} className="text-xs font-medium text-zinc-700">
          {label}
          {required ? <span className="ml-0.5 text-red-500">*</span> : null}
        </label>
      ) : null}
      {children}
      {rawDescription && displayLabel ? <p className="text-[11px] leading-4 text-zinc-500">{rawDescription}</p> : null}
      {errors.length > 0 ? <FieldErrors id={id} errors={errors} /> : null}
    </div>
  );
}

function FieldErrors({ id, errors }: { id: string; errors: string[] }) {
  return (
    <p
      id={`${id}__error`}
      role="alert"
      className="text-[11px] leading-4 font-medium text-red-600"
      data-testid="field-error"
    >
      {errors[0]}
    </p>
  );
}

function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const nested = props.fieldPathId.path.length > 0;
  const body = <div className="flex flex-col gap-3">{props.properties.map((p) => (p.hidden ? null : p.content))}</div>;
  if (!nested) return body;
  return (
    <fieldset className="rounded-md border border-zinc-200 p-3">
      {props.title ? <legend className="px-1 text-xs font-semibold text-zinc-700">{props.title}</legend> : null}
      {typeof props.description === 'string' && props.description ? (
        <p className="mb-2 text-[11px] text-zinc-500">{props.description}</p>
      ) : null}
      {body}
    </fieldset>
  );
}

function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  return (
    <fieldset className="rounded-md border border-zinc-200 p-3">
      <legend className="px-1 text-xs font-semibold text-zinc-700">{props.title}</legend>
      {typeof props.schema.description === 'string' ? (
        <p className="mb-2 text-[11px] text-zinc-500">{props.schema.description}</p>
      ) : null}
      <div className="flex flex-col gap-2">{props.items}</div>
      {props.canAdd && !props.readonly && !props.disabled ? (
        <button
          type="button"
          onClick={props.onAddClick}
          className="mt-2 inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-accent-700 hover:bg-accent-50"
        >
          <Plus className="size-3.5" /> Add
        </button>
      ) : null}
    </fieldset>
  );
}

function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const b = props.buttonsProps;
  return (
    <div className="flex items-start gap-2">
      <div className="min-w-0 flex-1">{props.children}</div>
      {props.hasToolbar && !props.readonly && !props.disabled ? (
        <div className="flex shrink-0 gap-0.5 pt-0.5">
          {b.hasMoveUp ? (
            <IconButton label="Move up" onClick={b.onMoveUpItem}>
              <ArrowUp className="size-3.5" />
            </IconButton>
          ) : null}
          {b.hasMoveDown ? (
            <IconButton label="Move down" onClick={b.onMoveDownItem}>
              <ArrowDown className="size-3.5" />
            </IconButton>
          ) : null}
          {b.hasRemove ? (
            <IconButton label="Remove" onClick={b.onRemoveItem}>
              <Trash2 className="size-3.5" />
            </IconButton>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function IconButton({ label, onClick, children }: { label: string; onClick: () => void; children: React.ReactNode }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      className="rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800"
    >
      {children}
    </button>
  );
}

function BaseInputTemplate(props: BaseInputTemplateProps) {
  const { id, value, type, schema, options, disabled, readonly, required, placeholder, rawErrors, autofocus } = props;
  const numeric = schema.type === 'number' || schema.type === 'integer' || type === 'number';
  const inputType = (options['inputType'] as string | undefined) ?? (numeric ? 'number' : (type ?? 'text'));
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const raw = e.target.value;
    if (raw === '') return props.onChange(options.emptyValue);
    // Keep what was typed when it is not (yet) a number, so the validator can say why.
    props.onChange(numeric ? (Number.isNaN(Number(raw)) ? raw : Number(raw)) : raw);
  };
  return (
    <input
      id={id}
      name={props.htmlName ?? id}
      type={inputType}
      step={numeric ? ((options['step'] as number | undefined) ?? (schema.type === 'integer' ? 1 : 'any')) : undefined}
      min={numeric && typeof schema.minimum === 'number' ? schema.minimum : undefined}
      max={numeric && typeof schema.maximum === 'number' ? schema.maximum : undefined}
      value={value ?? ''}
      required={required}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      placeholder={(options['placeholder'] as string | undefined) ?? placeholder}
      aria-invalid={rawErrors?.length ? true : undefined}
      aria-describedby={rawErrors?.length ? `${id}__error` : undefined}
      onChange={onChange}
      onBlur={(e) => props.onBlur(id, e.target.value)}
      onFocus={(e) => props.onFocus(id, e.target.value)}
      className={cn(inputClass, options['mono'] ? 'font-mono text-[13px]' : '', rawErrors?.length ? invalidClass : '')}
    />
  );
}

function TextareaWidget(props: WidgetProps) {
  const { id, value, disabled, readonly, options, rawErrors } = props;
  return (
    <textarea
      id={id}
      value={value ?? ''}
      rows={(options['rows'] as number | undefined) ?? 3}
      disabled={disabled || readonly}
      aria-invalid={rawErrors?.length ? true : undefined}
      onChange={(e) => props.onChange(e.target.value === '' ? options.emptyValue : e.target.value)}
      onBlur={(e) => props.onBlur(id, e.target.value)}
      onFocus={(e) => props.onFocus(id, e.target.value)}
      className={cn(
        inputClass,
        'h-auto py-1.5',
        options['mono'] ? 'font-mono text-[13px]' : '',
        rawErrors?.length ? invalidClass : '',
      )}
    />
  );
}

function SelectWidget(props: WidgetProps) {
  const { id, value, disabled, readonly, options, schema, required } = props;
  const labels = (options['labels'] as Record<string, string> | undefined) ?? {};
  const values = (options.enumOptions ?? []).map((o) => o.value as string);
  const list = values.length > 0 ? values : ((schema.enum as string[] | undefined) ?? []);
  return (
    <select
      id={id}
      value={value ?? ''}
      disabled={disabled || readonly}
      onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
      onBlur={(e) => props.onBlur(id, e.target.value)}
      onFocus={(e) => props.onFocus(id, e.target.value)}
      className={cn(inputClass, 'pr-7')}
    >
      {!required || value === undefined ? <option value="">—</option> : null}
      {list.map((v) => (
        <option key={v} value={v}>
          {labels[v] ?? v}
        </option>
      ))}
    </select>
  );
}

function SliderWidget(props: WidgetProps) {
  const { id, value, disabled, readonly, schema, options } = props;
  const min = typeof schema.minimum === 'number' ? schema.minimum : 0;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1;
  const step = (options['step'] as number | undefined) ?? 0.01;
  const numeric = typeof value === 'number' ? value : typeof schema.default === 'number' ? schema.default : min;
  return (
    <div className="flex items-center gap-2">
      <input
        type="range"
        aria-label={props.label}
        min={min}
        max={max}
        step={step}
        value={numeric}
        disabled={disabled || readonly}
        onChange={(e) => props.onChange(Number(e.target.value))}
        className="h-1.5 flex-1 cursor-pointer accent-accent-600"
      />
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={value ?? ''}
        disabled={disabled || readonly}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        className={cn(inputBase, 'w-20 shrink-0 text-right tabular-nums')}
      />
    </div>
  );
}

function SwitchWidget(props: WidgetProps) {
  const { id, value, disabled, readonly, label } = props;
  const on = value === true;
  return (
    <button
      id={id}
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={label}
      disabled={disabled || readonly}
      onClick={() => props.onChange(!on)}
      className={cn(
        'relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors disabled:opacity-50',
        on ? 'bg-accent-600' : 'bg-zinc-300',
      )}
    >
      <span
        className={cn(
          'inline-block size-4 rounded-full bg-white shadow transition-transform',
          on ? 'translate-x-4.5' : 'translate-x-0.5',
        )}
      />
    </button>
  );
}

/** Chips for a list of short strings: Enter or comma adds, Backspace on empty removes the last. */
function TagsWidget(props: WidgetProps) {
  const { id, disabled, readonly, rawErrors } = props;
  const value: string[] = Array.isArray(props.value) ? (props.value as string[]) : [];
  const [draft, setDraft] = useState('');
  const add = (text: string) => {
    const parts = text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '' && !value.includes(s));
    if (parts.length > 0) props.onChange([...value, ...parts]);
    setDraft('');
  };
  return (
    <div
      className={cn(
        'flex min-h-8 flex-wrap items-center gap-1 rounded-md border border-zinc-300 bg-white px-1.5 py-1 focus-within:border-accent-500 focus-within:ring-2 focus-within:ring-accent-100',
        rawErrors?.length ? invalidClass : '',
      )}
    >
      {value.map((tag, index) => (
        <span
          key={`${tag}-${index}`}
          className="inline-flex items-center gap-0.5 rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-800"
        >
          {tag}
          {!disabled && !readonly ? (
            <button
              type="button"
              aria-label={`Remove ${tag}`}
              onClick={() => props.onChange(value.filter((_, i) => i !== index))}
              className="rounded text-zinc-500 hover:text-zinc-900"
            >
              <X className="size-3" />
            </button>
          ) : null}
        </span>
      ))}
      <input
        id={id}
        value={draft}
        disabled={disabled || readonly}
        placeholder={value.length === 0 ? 'Type and press Enter' : ''}
        onChange={(e) => (e.target.value.includes(',') ? add(e.target.value) : setDraft(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            add(draft);
          } else if (e.key === 'Backspace' && draft === '' && value.length > 0) {
            props.onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => draft && add(draft)}
        className="min-w-20 flex-1 border-0 bg-transparent px-1 text-sm outline-none"
      />
    </div>
  );
}

/** A record of strings (extra headers) as key → value rows. */
function KeyValueField(props: FieldProps) {
  const value = (props.formData ?? {}) as Record<string, string>;
  const entries = Object.entries(value);
  const set = (next: [string, string][]) => props.onChange(Object.fromEntries(next), props.fieldPathId.path);
  const disabled = props.disabled || props.readonly;
  const errors = props.errorSchema ? collectErrors(props.errorSchema) : [];
  return (
    <fieldset className="rounded-md border border-zinc-200 p-3">
      <legend className="px-1 text-xs font-semibold text-zinc-700">{props.schema.title ?? props.name}</legend>
      <div className="flex flex-col gap-1.5">
        {entries.map(([k, v], index) => (
          <div key={index} className="flex items-center gap-1.5">
            <input
              aria-label="Header name"
              value={k}
              disabled={disabled}
              onChange={(e) => set(entries.map((en, i) => (i === index ? [e.target.value, en[1]] : en)))}
              className={cn(inputClass, 'font-mono text-[13px]')}
            />
            <input
              aria-label="Header value"
              value={v}
              disabled={disabled}
              onChange={(e) => set(entries.map((en, i) => (i === index ? [en[0], e.target.value] : en)))}
              className={inputClass}
            />
            {!disabled ? (
              <IconButton label="Remove" onClick={() => set(entries.filter((_, i) => i !== index))}>
                <Trash2 className="size-3.5" />
              </IconButton>
            ) : null}
          </div>
        ))}
      </div>
      {!disabled ? (
        <button
          type="button"
          onClick={() => set([...entries, [`X-Header-${entries.length + 1}`, '']])}
          className="mt-2 inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-accent-700 hover:bg-accent-50"
        >
          <Plus className="size-3.5" /> Add header
        </button>
      ) : null}
      {errors.length > 0 ? <FieldErrors id={props.fieldPathId.$id} errors={errors} /> : null}
    </fieldset>
  );
}

/** An optional rectangle in image fractions: off = the whole image. */
function RegionField(props: FieldProps) {
  const region = props.formData as { x: number; y: number; width: number; height: number } | undefined;
  const disabled = props.disabled || props.readonly;
  const set = (next: typeof region) => props.onChange(next, props.fieldPathId.path);
  const errors = props.errorSchema ? collectErrors(props.errorSchema) : [];
  return (
    <fieldset className="rounded-md border border-zinc-200 p-3">
      <legend className="px-1 text-xs font-semibold text-zinc-700">{props.schema.title ?? 'Region'}</legend>
      <label className="flex items-center gap-2 text-xs text-zinc-700">
        <input
          type="checkbox"
          checked={region !== undefined}
          disabled={disabled}
          onChange={(e) => set(e.target.checked ? { x: 0, y: 0, width: 1, height: 1 } : undefined)}
          className="accent-accent-600"
        />
        Only look inside a region
      </label>
      {typeof props.schema.description === 'string' ? (
        <p className="mt-1 text-[11px] text-zinc-500">{props.schema.description}</p>
      ) : null}
      {region ? (
        <div className="mt-2 grid grid-cols-4 gap-1.5">
          {(['x', 'y', 'width', 'height'] as const).map((k) => (
            <label key={k} className="flex flex-col gap-0.5 text-[11px] text-zinc-600">
              {k}
              <input
                type="number"
                step={0.05}
                min={0}
                max={1}
                value={region[k]}
                disabled={disabled}
                onChange={(e) => set({ ...region, [k]: Number(e.target.value) })}
                className={cn(inputClass, 'px-1.5 tabular-nums')}
              />
            </label>
          ))}
        </div>
      ) : null}
      {errors.length > 0 ? <FieldErrors id={props.fieldPathId.$id} errors={errors} /> : null}
    </fieldset>
  );
}

function collectErrors(schema: object): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(schema)) {
    if (key === '__errors' && Array.isArray(value)) out.push(...(value as string[]));
    else if (value && typeof value === 'object') out.push(...collectErrors(value));
  }
  return out;
}

function NoErrorList() {
  return null;
}

export const tailwindTemplates: Partial<TemplatesType> = {
  FieldTemplate,
  ObjectFieldTemplate,
  ArrayFieldTemplate,
  ArrayFieldItemTemplate,
  BaseInputTemplate,
  ErrorListTemplate: NoErrorList,
  // Errors are shown by FieldTemplate (one per field); rjsf's own list would repeat them.
  FieldErrorTemplate: NoErrorList,
  FieldHelpTemplate: NoErrorList,
  DescriptionFieldTemplate: NoErrorList,
};

export const tailwindWidgets: RegistryWidgetsType = {
  slider: SliderWidget,
  switch: SwitchWidget,
  select: SelectWidget,
  SelectWidget,
  CheckboxWidget: SwitchWidget,
  TextareaWidget,
  textarea: TextareaWidget,
  tags: TagsWidget,
};

export const tailwindFields = { keyValue: KeyValueField, region: RegionField };
