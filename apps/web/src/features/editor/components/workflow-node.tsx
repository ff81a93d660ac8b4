'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { AlertTriangle, CheckCircle2, Clock, Loader2, MinusCircle, XCircle } from 'lucide-react';
import { memo } from 'react';
import { cn } from '@/lib/cn';
import type { EditorNode } from '../model/editor-graph';
import { CATEGORY_HEX, CATEGORY_STYLE, PORT_COLOURS, definitionFor, portsFor } from '../model/node-catalog-view';
import { NodeIcon } from './node-icon';
import { useEditorView, type StepStatus } from './editor-view-context';

const STATUS: Record<StepStatus, { label: string; ring: string; icon: React.ReactNode }> = {
  pending: { label: 'Pending', ring: 'ring-zinc-300', icon: <Clock className="size-3.5 text-zinc-400" /> },
  running: {
    label: 'Running',
    ring: 'ring-accent-500 ring-2',
    icon: <Loader2 className="size-3.5 animate-spin text-accent-600" />,
  },
  succeeded: {
    label: 'Succeeded',
    ring: 'ring-emerald-500 ring-2',
    icon: <CheckCircle2 className="size-3.5 text-emerald-600" />,
  },
  failed: { label: 'Failed', ring: 'ring-red-500 ring-2', icon: <XCircle className="size-3.5 text-red-600" /> },
  waiting: { label: 'Waiting', ring: 'ring-amber-500 ring-2', icon: <Clock className="size-3.5 text-amber-600" /> },
  skipped: { label: 'Skipped', ring: 'ring-zinc-200', icon: <MinusCircle className="size-3.5 text-zinc-400" /> },
  canceled: { label: 'Canceled', ring: 'ring-zinc-300', icon: <MinusCircle className="size-3.5 text-zinc-400" /> },
};

/**
 * A node on the canvas: category colour, icon, title, its ports as labelled handles
 * coloured by port type, an issue badge, and its live status during a test run.
 */
export const WorkflowNode = memo(function WorkflowNode({ id, data, selected }: NodeProps<EditorNode>) {
  const view = useEditorView();
  const def = definitionFor(data.type, data.typeVersion);
  const { inputs, outputs } = portsFor(def, data.config);
  const issues = view.issues.get(id);
  const run = view.runStatus.get(id);
  const status = run ? STATUS[run.status] : undefined;
  const accent = def ? CATEGORY_HEX[def.category] : '#a1a1aa';
  const title = data.label ?? def?.title ?? data.type;
  const issueCount = issues?.all.length ?? 0;

  return (
    <div
      data-testid={`node-${id}`}
      data-node-type={data.type}
      data-status={run?.status}
      data-issues={issueCount}
      className={cn(
        'w-60 rounded-lg border bg-white text-left shadow-card transition-shadow',
        selected ? 'border-accent-500 shadow-pop ring-2 ring-accent-200' : 'border-zinc-200 hover:shadow-pop',
        !selected && status ? `ring-offset-0 ${status.ring}` : '',
        !def && 'border-red-300 bg-red-50',
      )}
    >
      <div className="h-1 rounded-t-lg" style={{ background: accent }} />
      <div className="flex items-start gap-2 px-3 pt-2 pb-2">
        <div
          className="mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-md text-white"
          style={{ background: accent }}
        >
          <NodeIcon name={def?.icon} className="size-4" />
        </div>
        <div className="min-w-0 flex-1">
          <div className="truncate text-[13px] leading-5 font-semibold text-zinc-900" title={title}>
            {title}
          </div>
          <div className="truncate text-[11px] leading-4 text-zinc-500">
            {def
              ? data.label
                ? def.title
                : CATEGORY_STYLE[def.category].label
              : `Unknown type ${data.type}@${data.typeVersion}`}
            <span className="text-zinc-400"> · {id}</span>
          </div>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {issueCount > 0 ? (
            <span
              className="inline-flex items-center gap-0.5 rounded-full bg-amber-100 px-1.5 py-0.5 text-[10px] font-semibold text-amber-800"
              title={issues!.all.map((i) => i.message).join('\n')}
              aria-label={`${issueCount} issue${issueCount === 1 ? '' : 's'}`}
              data-testid="node-issue-badge"
            >
              <AlertTriangle className="size-3" />
              {issueCount}
            </span>
          ) : null}
          {status ? (
            <span
              className="inline-flex items-center"
              title={`${status.label}${run?.durationMs != null ? ` · ${run.durationMs} ms` : ''}`}
              aria-label={status.label}
              data-testid="node-status"
            >
              {status.icon}
            </span>
          ) : null}
        </div>
      </div>
      {inputs.length + outputs.length > 0 ? (
        <div className="grid grid-cols-2 gap-x-2 border-t border-zinc-100 py-1.5">
          <div className="flex flex-col gap-0.5">
            {inputs.map((port) => (
              <div key={port.name} className="relative flex h-5 items-center pl-3 pr-1">
                <Handle
                  type="target"
                  position={Position.Left}
                  id={port.name}
                  isConnectable={!view.readOnly}
                  data-testid={`handle-${id}-in-${port.name}`}
                  className="!size-3 !border-2 !border-white !shadow"
                  style={{ background: PORT_COLOURS[port.type], left: -6 }}
                  title={`${port.title} (${port.type})${port.required ? ' · required' : ''}${port.multiple ? ' · accepts several' : ''}`}
                />
                <span
                  className={cn(
                    'truncate text-[11px] text-zinc-600',
                    issues?.ports.has(port.name) && 'font-medium text-amber-700',
                  )}
                >
                  {port.title}
                  {port.required ? <span className="text-zinc-400">*</span> : null}
                </span>
              </div>
            ))}
          </div>
          <div className="flex flex-col gap-0.5">
            {outputs.map((port) => (
              <div key={port.name} className="relative flex h-5 items-center justify-end pr-3 pl-1">
                <span className={cn('truncate text-[11px] text-zinc-600', port.kind === 'error' && 'text-red-600')}>
                  {port.title}
                </span>
                <Handle
                  type="source"
                  position={Position.Right}
                  id={port.name}
                  isConnectable={!view.readOnly}
                  data-testid={`handle-${id}-out-${port.name}`}
                  className="!size-3 !border-2 !border-white !shadow"
                  style={{ background: port.kind === 'error' ? '#dc2626' : PORT_COLOURS[port.type], right: -6 }}
                  title={`${port.title} (${port.type})`}
                />
              </div>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  );
});
