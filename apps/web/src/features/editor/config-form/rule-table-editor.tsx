'use client';

import { ArrowDown, ArrowUp, Plus, Trash2, X } from 'lucide-react';
import type { ReactNode } from 'react';
import { COMPARE_OPS, type CompareOp } from '@conveyor/nodes';
import { cn } from '@/lib/cn';

/**
 * The rule node's decision table, as rows an analyst reads top to bottom: "if all of …
 * then → port". Edits the raw config (half-finished rows are allowed; the validator's
 * messages appear under the field they are about).
 */

type Condition = Record<string, unknown> & { kind: string };
interface Row {
  name?: string;
  match?: 'all' | 'any';
  conditions: Condition[];
  port: string;
  reasonCode?: string;
}
interface Port {
  name: string;
  title?: string;
}
export interface RuleConfigDraft {
  ports: Port[];
  rows: Row[];
  defaultPort: string;
}

const KINDS: { kind: string; label: string; make: () => Condition }[] = [
  {
    kind: 'band',
    label: 'Value in band',
    make: () => ({ kind: 'band', field: 'classification.scores.defect', min: 0.5 }),
  },
  {
    kind: 'compare',
    label: 'Compare a field',
    make: () => ({ kind: 'compare', field: 'record.', op: 'eq', value: '' }),
  },
  { kind: 'present', label: 'Field present', make: () => ({ kind: 'present', field: 'text.serial', present: true }) },
  {
    kind: 'label',
    label: 'Label detected',
    make: () => ({ kind: 'label', field: 'detections.items', labels: [], minScore: 0.5, present: true }),
  },
  {
    kind: 'count',
    label: 'Count items',
    make: () => ({ kind: 'count', field: 'detections.items', op: 'gte', value: 1 }),
  },
  { kind: 'expression', label: 'CEL expression', make: () => ({ kind: 'expression', expression: '' }) },
];

const OP_LABELS: Record<CompareOp, string> = {
  eq: 'equals',
  ne: 'does not equal',
  lt: 'is below',
  lte: 'is at most',
  gt: 'is above',
  gte: 'is at least',
};

const input =
  'h-7 rounded border border-zinc-300 bg-white px-2 text-xs text-zinc-900 focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none disabled:bg-zinc-50';

function asDraft(config: Record<string, unknown>): RuleConfigDraft {
  return {
    ports: Array.isArray(config['ports']) ? (config['ports'] as Port[]) : [],
    rows: Array.isArray(config['rows']) ? (config['rows'] as Row[]) : [],
    defaultPort: typeof config['defaultPort'] === 'string' ? config['defaultPort'] : 'review',
  };
}

function numberOrUndefined(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? undefined : n;
}

export function RuleTableEditor({
  config,
  fieldErrors,
  readOnly,
  onChange,
}: {
  config: Record<string, unknown>;
  fieldErrors: ReadonlyMap<string, string>;
  readOnly: boolean;
  onChange: (config: Record<string, unknown>, field: string) => void;
}) {
  const draft = asDraft(config);
  const set = (next: Partial<RuleConfigDraft>, field: string) => onChange({ ...config, ...next }, field);
  const setRow = (index: number, row: Row, field: string) =>
    set({ rows: draft.rows.map((r, i) => (i === index ? row : r)) }, `rows[${index}].${field}`);
  const err = (path: string) => fieldErrors.get(path);

  const portSelect = (value: string, onSelect: (v: string) => void, label: string, testId?: string) => (
    <select
      aria-label={label}
      value={value}
      disabled={readOnly}
      onChange={(e) => onSelect(e.target.value)}
      className={cn(input, 'font-medium')}
      data-testid={testId}
    >
      {draft.ports.some((p) => p.name === value) ? null : <option value={value}>{value || '—'} (not declared)</option>}
      {draft.ports.map((p) => (
        <option key={p.name} value={p.name}>
          {p.title ?? p.name}
        </option>
      ))}
    </select>
  );

  return (
    <div className="flex flex-col gap-4" data-testid="rule-editor">
      <section>
        <h4 className="mb-1 text-xs font-semibold text-zinc-700">Outcomes (output ports)</h4>
        <p className="mb-2 text-[11px] text-zinc-500">Each outcome is an output you can connect to the next step.</p>
        <ul className="flex flex-col gap-1">
          {draft.ports.map((port, index) => (
            <li key={index} className="flex items-center gap-1.5">
              <input
                aria-label="Outcome title"
                value={port.title ?? ''}
                placeholder="Title"
                disabled={readOnly}
                onChange={(e) =>
                  set(
                    {
                      ports: draft.ports.map((p, i) =>
                        i === index ? { ...p, title: e.target.value || undefined } : p,
                      ),
                    },
                    `ports[${index}].title`,
                  )
                }
                className={cn(input, 'w-28')}
              />
              <input
                aria-label="Port name"
                value={port.name}
                disabled={readOnly}
                onChange={(e) =>
                  set(
                    { ports: draft.ports.map((p, i) => (i === index ? { ...p, name: e.target.value } : p)) },
                    `ports[${index}].name`,
                  )
                }
                className={cn(input, 'flex-1 font-mono', err(`ports[${index}].name`) && 'border-red-400')}
              />
              {!readOnly && draft.ports.length > 1 ? (
                <IconButton
                  label={`Remove outcome ${port.name}`}
                  onClick={() => set({ ports: draft.ports.filter((_, i) => i !== index) }, 'ports')}
                >
                  <X className="size-3.5" />
                </IconButton>
              ) : null}
              <FieldError message={err(`ports[${index}].name`)} />
            </li>
          ))}
        </ul>
        {!readOnly ? (
          <AddButton
            onClick={() => {
              const taken = new Set(draft.ports.map((p) => p.name));
              let n = draft.ports.length + 1;
              while (taken.has(`outcome-${n}`)) n += 1;
              set({ ports: [...draft.ports, { name: `outcome-${n}`, title: `Outcome ${n}` }] }, 'ports');
            }}
          >
            Add outcome
          </AddButton>
        ) : null}
        <FieldError message={err('ports')} />
      </section>

      <section>
        <h4 className="mb-1 text-xs font-semibold text-zinc-700">Decision table</h4>
        <p className="mb-2 text-[11px] text-zinc-500">
          Rows are checked top to bottom; the first row that holds decides.
        </p>
        <ol className="flex flex-col gap-2">
          {draft.rows.map((row, index) => (
            <li
              key={index}
              className="rounded-md border border-zinc-200 bg-zinc-50/60 p-2"
              data-testid={`rule-row-${index}`}
            >
              <div className="mb-1.5 flex items-center gap-1.5">
                <span className="flex size-5 items-center justify-center rounded bg-zinc-200 text-[10px] font-semibold text-zinc-700">
                  {index + 1}
                </span>
                <input
                  aria-label={`Row ${index + 1} name`}
                  value={row.name ?? ''}
                  placeholder="Row name"
                  disabled={readOnly}
                  onChange={(e) => setRow(index, { ...row, name: e.target.value || undefined }, 'name')}
                  className={cn(input, 'flex-1')}
                />
                {!readOnly ? (
                  <>
                    <IconButton
                      label="Move row up"
                      disabled={index === 0}
                      onClick={() => set({ rows: move(draft.rows, index, index - 1) }, 'rows')}
                    >
                      <ArrowUp className="size-3.5" />
                    </IconButton>
                    <IconButton
                      label="Move row down"
                      disabled={index === draft.rows.length - 1}
                      onClick={() => set({ rows: move(draft.rows, index, index + 1) }, 'rows')}
                    >
                      <ArrowDown className="size-3.5" />
                    </IconButton>
                    <IconButton
                      label={`Delete row ${index + 1}`}
                      onClick={() => set({ rows: draft.rows.filter((_, i) => i !== index) }, 'rows')}
                    >
                      <Trash2 className="size-3.5" />
                    </IconButton>
                  </>
                ) : null}
              </div>
              <div className="mb-1 flex items-center gap-1 text-[11px] text-zinc-600">
                If
                <select
                  aria-label="Match"
                  value={row.match ?? 'all'}
                  disabled={readOnly}
                  onChange={(e) => setRow(index, { ...row, match: e.target.value as 'all' | 'any' }, 'match')}
                  className={input}
                >
                  <option value="all">all</option>
                  <option value="any">any</option>
                </select>
                of these hold:
              </div>
              <ul className="flex flex-col gap-1">
                {row.conditions.map((condition, ci) => (
                  <li key={ci} className="flex items-start gap-1">
                    <div className="min-w-0 flex-1">
                      <ConditionEditor
                        condition={condition}
                        readOnly={readOnly}
                        path={`rows[${index}].conditions[${ci}]`}
                        err={err}
                        onChange={(c) =>
                          setRow(
                            index,
                            { ...row, conditions: row.conditions.map((x, i) => (i === ci ? c : x)) },
                            `conditions[${ci}]`,
                          )
                        }
                      />
                    </div>
                    {!readOnly ? (
                      <IconButton
                        label="Remove condition"
                        onClick={() =>
                          setRow(index, { ...row, conditions: row.conditions.filter((_, i) => i !== ci) }, 'conditions')
                        }
                      >
                        <X className="size-3.5" />
                      </IconButton>
                    ) : null}
                  </li>
                ))}
              </ul>
              <FieldError message={err(`rows[${index}].conditions`)} />
              {!readOnly ? (
                <select
                  aria-label="Add condition"
                  value=""
                  onChange={(e) => {
                    const kind = KINDS.find((k) => k.kind === e.target.value);
                    if (kind) setRow(index, { ...row, conditions: [...row.conditions, kind.make()] }, 'conditions');
                  }}
                  className={cn(input, 'mt-1 text-accent-700')}
                  data-testid={`rule-row-${index}-add-condition`}
                >
                  <option value="">+ Add condition…</option>
                  {KINDS.map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.label}
                    </option>
                  ))}
                </select>
              ) : null}
              <div className="mt-2 flex flex-wrap items-center gap-1.5 text-[11px] text-zinc-600">
                then →
                {portSelect(
                  row.port,
                  (v) => setRow(index, { ...row, port: v }, 'port'),
                  `Row ${index + 1} outcome`,
                  `rule-row-${index}-port`,
                )}
                <input
                  aria-label={`Row ${index + 1} reason code`}
                  value={row.reasonCode ?? ''}
                  placeholder="reason-code"
                  disabled={readOnly}
                  onChange={(e) => setRow(index, { ...row, reasonCode: e.target.value || undefined }, 'reasonCode')}
                  className={cn(input, 'w-36 font-mono', err(`rows[${index}].reasonCode`) && 'border-red-400')}
                />
              </div>
              <FieldError message={err(`rows[${index}].port`) ?? err(`rows[${index}].reasonCode`)} />
            </li>
          ))}
        </ol>
        {!readOnly ? (
          <AddButton
            testId="rule-add-row"
            onClick={() =>
              set(
                {
                  rows: [
                    ...draft.rows,
                    {
                      name: `row-${draft.rows.length + 1}`,
                      match: 'all',
                      conditions: [KINDS[0]!.make()],
                      port: draft.ports[0]?.name ?? 'approve',
                    },
                  ],
                },
                'rows',
              )
            }
          >
            Add row
          </AddButton>
        ) : null}
      </section>

      <section className="flex flex-wrap items-center gap-1.5 rounded-md border border-dashed border-zinc-300 p-2 text-[11px] text-zinc-600">
        Otherwise →
        {portSelect(
          draft.defaultPort,
          (v) => set({ defaultPort: v }, 'defaultPort'),
          'Default outcome',
          'rule-default-port',
        )}
        <FieldError message={err('defaultPort')} />
      </section>
    </div>
  );
}

function ConditionEditor({
  condition,
  readOnly,
  path,
  err,
  onChange,
}: {
  condition: Condition;
  readOnly: boolean;
  path: string;
  err: (path: string) => string | undefined;
  onChange: (c: Condition) => void;
}) {
  const c = condition;
  const text = (key: string, placeholder: string, className = 'flex-1') => (
    <input
      aria-label={placeholder}
      value={typeof c[key] === 'string' ? (c[key] as string) : ''}
      placeholder={placeholder}
      disabled={readOnly}
      onChange={(e) => onChange({ ...c, [key]: e.target.value })}
      className={cn(input, 'font-mono', className, err(`${path}.${key}`) && 'border-red-400')}
    />
  );
  const number = (key: string, placeholder: string, step = 0.05) => (
    <input
      aria-label={placeholder}
      type="number"
      step={step}
      value={typeof c[key] === 'number' ? (c[key] as number) : ''}
      placeholder={placeholder}
      disabled={readOnly}
      onChange={(e) => {
        const value = numberOrUndefined(e.target.value);
        const next = { ...c };
        if (value === undefined) delete next[key];
        else next[key] = value;
        onChange(next);
      }}
      className={cn(input, 'w-16 tabular-nums', err(`${path}.${key}`) && 'border-red-400')}
    />
  );
  const op = (key = 'op') => (
    <select
      aria-label="Comparison"
      value={(c[key] as string) ?? 'gte'}
      disabled={readOnly}
      onChange={(e) => onChange({ ...c, [key]: e.target.value })}
      className={input}
    >
      {COMPARE_OPS.map((o) => (
        <option key={o} value={o}>
          {OP_LABELS[o]}
        </option>
      ))}
    </select>
  );
  const toggle = (key: string, yes: string, no: string) => (
    <select
      aria-label={yes}
      value={c[key] === false ? 'no' : 'yes'}
      disabled={readOnly}
      onChange={(e) => onChange({ ...c, [key]: e.target.value === 'yes' })}
      className={input}
    >
      <option value="yes">{yes}</option>
      <option value="no">{no}</option>
    </select>
  );
  let body: ReactNode;
  switch (c.kind) {
    case 'band':
      body = (
        <>
          {text('field', 'field', 'w-full')} from {number('min', 'min')} to {number('max', 'max')}
        </>
      );
      break;
    case 'compare':
      body = (
        <>
          {text('field', 'field', 'w-full')} {op()}
          <input
            aria-label="Value"
            value={c['value'] === undefined ? '' : String(c['value'])}
            disabled={readOnly}
            onChange={(e) => {
              const raw = e.target.value;
              const n = numberOrUndefined(raw);
              onChange({ ...c, value: raw === 'true' ? true : raw === 'false' ? false : (n ?? raw) });
            }}
            className={cn(input, 'w-24', err(`${path}.value`) && 'border-red-400')}
          />
        </>
      );
      break;
    case 'present':
      body = (
        <>
          {text('field', 'field', 'w-full')} {toggle('present', 'is present', 'is missing')}
        </>
      );
      break;
    case 'label':
      body = (
        <>
          {text('field', 'list', 'w-full')} {toggle('present', 'has', 'has no')}
          <input
            aria-label="Labels"
            value={Array.isArray(c['labels']) ? (c['labels'] as string[]).join(', ') : ''}
            placeholder="laptop, cell phone"
            disabled={readOnly}
            onChange={(e) =>
              onChange({
                ...c,
                labels: e.target.value
                  .split(',')
                  .map((s) => s.trimStart())
                  .filter((s, i, all) => s !== '' || i === all.length - 1),
              })
            }
            className={cn(input, 'flex-1', err(`${path}.labels`) && 'border-red-400')}
          />
          ≥ {number('minScore', 'score')}
        </>
      );
      break;
    case 'count':
      body = (
        <>
          {text('field', 'list', 'w-full')} count {op()} {number('value', 'count', 1)}
        </>
      );
      break;
    case 'expression':
      body = text('expression', 'CEL, e.g. record.amount < 500', 'w-full');
      break;
    default:
      body = <span className="text-red-600">Unknown condition kind “{c.kind}”</span>;
  }
  const messages = Object.keys(c)
    .concat(['', 'min', 'max'])
    .map((k) => err(k ? `${path}.${k}` : path))
    .filter((m): m is string => m !== undefined);
  return (
    <div>
      <div className="flex flex-wrap items-center gap-1 text-[11px] text-zinc-600">{body}</div>
      <FieldError message={[...new Set(messages)][0]} />
    </div>
  );
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

function FieldError({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="mt-0.5 w-full text-[11px] font-medium text-red-600" data-testid="field-error">
      {message}
    </p>
  );
}

function IconButton({
  label,
  onClick,
  disabled,
  children,
}: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className="rounded p-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 disabled:opacity-30"
    >
      {children}
    </button>
  );
}

function AddButton({ onClick, children, testId }: { onClick: () => void; children: ReactNode; testId?: string }) {
  return (
    <button
      type="button"
      onClick={onClick}
      data-testid={testId}
      className="mt-1.5 inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-accent-700 hover:bg-accent-50"
    >
      <Plus className="size-3.5" /> {children}
    </button>
  );
}
