'use client';

import { AlertTriangle, Info } from 'lucide-react';
import type { AnyNodeDefinition } from '@conveyor/nodes';
import { cn } from '@/lib/cn';
import type { EditorNode } from '../model/editor-graph';
import type { NodeIssues } from '../model/graph-issues';
import { CATEGORY_HEX, CATEGORY_STYLE, PORT_COLOURS, portsFor } from '../model/node-catalog-view';
import { NodeConfigForm } from '../config-form/node-config-form';
import { RuleTableEditor } from '../config-form/rule-table-editor';
import { NodeIcon } from './node-icon';

/** The selected node: what it does, its name, ports, config form and what is wrong with it. */
export function NodeConfigPanel({
  node,
  definition,
  issues,
  readOnly,
  onConfigChange,
  onLabelChange,
}: {
  node: EditorNode;
  definition: AnyNodeDefinition | undefined;
  issues: NodeIssues | undefined;
  readOnly: boolean;
  onConfigChange: (config: Record<string, unknown>, field: string) => void;
  onLabelChange: (label: string) => void;
}) {
  if (!definition) {
    return (
      <div className="p-4 text-sm text-red-700">
        This node is of an unknown type <code>{node.data.type}</code> (version {node.data.typeVersion}). Delete it or
        import a workflow made for this installation.
      </div>
    );
  }
  const { inputs, outputs } = portsFor(definition, node.data.config);
  const style = CATEGORY_STYLE[definition.category];
  const fieldErrors = issues?.fields ?? new Map<string, string>();
  const otherIssues = (issues?.all ?? []).filter((i) => i.code !== 'invalid_config');

  return (
    <div className="flex flex-col" data-testid="config-panel">
      <div className="border-b border-zinc-100 p-4">
        <div className="flex items-center gap-2">
          <span
            className="flex size-8 items-center justify-center rounded-md text-white"
            style={{ background: CATEGORY_HEX[definition.category] }}
          >
            <NodeIcon name={definition.icon} className="size-4" />
          </span>
          <div className="min-w-0">
            <div className="text-sm font-semibold text-zinc-900">{definition.title}</div>
            <div className={cn('text-[11px] font-medium', style.text)}>
              {style.label} · <span className="font-mono text-zinc-500">{node.id}</span> · v{definition.version}
            </div>
          </div>
        </div>
        <p className="mt-2 text-xs leading-5 text-zinc-600">{definition.description}</p>
        <label className="mt-3 flex flex-col gap-1">
          <span className="text-xs font-medium text-zinc-700">Name on the canvas</span>
          <input
            value={node.data.label ?? ''}
            placeholder={definition.title}
            disabled={readOnly}
            onChange={(e) => onLabelChange(e.target.value)}
            className="h-8 rounded-md border border-zinc-300 px-2.5 text-sm focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none disabled:bg-zinc-50"
            data-testid="node-label-input"
          />
        </label>
      </div>

      {otherIssues.length > 0 ? (
        <ul className="border-b border-amber-100 bg-amber-50 px-4 py-2">
          {otherIssues.map((issue, i) => (
            <li key={i} className="flex gap-1.5 text-xs text-amber-900">
              <AlertTriangle aria-hidden className="mt-0.5 size-3.5 shrink-0" />
              {issue.message}
            </li>
          ))}
        </ul>
      ) : null}

      <div className="p-4">
        <h3 className="mb-3 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Settings</h3>
        {definition.type === 'rule' ? (
          <RuleTableEditor
            config={node.data.config}
            fieldErrors={fieldErrors}
            readOnly={readOnly}
            onChange={onConfigChange}
          />
        ) : (
          <NodeConfigForm
            key={node.id}
            definition={definition}
            config={node.data.config}
            fieldErrors={fieldErrors}
            readOnly={readOnly}
            onChange={onConfigChange}
          />
        )}
        {fieldErrors.get('') ? (
          <p role="alert" className="mt-2 text-xs font-medium text-red-600">
            {fieldErrors.get('')}
          </p>
        ) : null}
      </div>

      <div className="border-t border-zinc-100 p-4">
        <h3 className="mb-2 flex items-center gap-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
          Ports <Info aria-hidden className="size-3" />
        </h3>
        <PortList
          title="Inputs"
          ports={inputs.map((p) => ({ ...p, note: p.required ? 'required' : p.multiple ? 'accepts several' : '' }))}
        />
        <PortList
          title="Outputs"
          ports={outputs.map((p) => ({ ...p, note: p.kind === 'error' ? 'on failure' : '' }))}
        />
      </div>
    </div>
  );
}

function PortList({
  title,
  ports,
}: {
  title: string;
  ports: {
    name: string;
    title: string;
    type: keyof typeof PORT_COLOURS;
    description: string | undefined;
    note: string;
  }[];
}) {
  if (ports.length === 0) return null;
  return (
    <div className="mb-2">
      <div className="mb-1 text-[11px] font-medium text-zinc-500">{title}</div>
      <ul className="flex flex-col gap-1">
        {ports.map((p) => (
          <li key={p.name} className="flex items-start gap-2 text-xs">
            <span className="mt-1 size-2.5 shrink-0 rounded-full" style={{ background: PORT_COLOURS[p.type] }} />
            <span className="min-w-0">
              <span className="font-medium text-zinc-800">{p.title}</span>{' '}
              <span className="font-mono text-[11px] text-zinc-500">{p.type}</span>
              {p.note ? <span className="text-[11px] text-zinc-500"> · {p.note}</span> : null}
              {p.description ? <span className="block text-[11px] text-zinc-500">{p.description}</span> : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
