'use client';

import { ArrowRight, Minus, MoveRight, Pencil, Plus } from 'lucide-react';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/api/root';

export type GraphDiffView = inferRouterOutputs<AppRouter>['workflows']['diff'];

function show(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** Nodes added, removed and changed (with field-level before → after) and edges added/removed. */
export function GraphDiffList({ diff, nodeName }: { diff: GraphDiffView; nodeName?: (id: string) => string }) {
  const name = (n: { id: string; label: string | null; type: string }) => n.label ?? nodeName?.(n.id) ?? n.id;
  const behaviour = diff.nodes.changed.filter((c) => c.fields.length > 0 || c.labelChange || c.typeVersionChange);
  const movedOnly = diff.nodes.changed.length - behaviour.length;
  if (diff.identical) return <p className="text-sm text-zinc-600">No changes.</p>;
  return (
    <div className="flex flex-col gap-3 text-sm" data-testid="graph-diff">
      {diff.nodes.added.length + diff.nodes.removed.length + behaviour.length > 0 ? (
        <ul className="flex flex-col gap-1.5">
          {diff.nodes.added.map((n) => (
            <li key={`a-${n.id}`} className="flex items-center gap-2">
              <Plus className="size-3.5 text-emerald-600" aria-label="added" />
              <span className="font-medium">{name(n)}</span>
              <span className="text-xs text-zinc-500">{n.type} added</span>
            </li>
          ))}
          {diff.nodes.removed.map((n) => (
            <li key={`r-${n.id}`} className="flex items-center gap-2">
              <Minus className="size-3.5 text-red-600" aria-label="removed" />
              <span className="font-medium line-through decoration-red-300">{name(n)}</span>
              <span className="text-xs text-zinc-500">{n.type} removed</span>
            </li>
          ))}
          {behaviour.map((n) => (
            <li key={`c-${n.id}`}>
              <div className="flex items-center gap-2">
                <Pencil className="size-3.5 text-amber-600" aria-label="changed" />
                <span className="font-medium">{name(n)}</span>
                <span className="text-xs text-zinc-500">{n.type} changed</span>
              </div>
              <ul className="mt-1 ml-5 flex flex-col gap-0.5">
                {n.labelChange ? (
                  <FieldLine path="name" before={n.labelChange.before} after={n.labelChange.after} />
                ) : null}
                {n.typeVersionChange ? (
                  <FieldLine
                    path="node version"
                    before={n.typeVersionChange.before}
                    after={n.typeVersionChange.after}
                  />
                ) : null}
                {n.fields.map((f) => (
                  <FieldLine key={f.path} path={f.path} before={f.before} after={f.after} />
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : null}
      {diff.edges.added.length + diff.edges.removed.length > 0 ? (
        <div>
          <h4 className="mb-1 text-xs font-semibold text-zinc-500 uppercase">Connections</h4>
          <ul className="flex flex-col gap-0.5 font-mono text-xs">
            {diff.edges.added.map((e, i) => (
              <li key={`ea-${i}`} className="text-emerald-700">
                + {e.from.node}.{e.from.port} <MoveRight className="inline size-3" /> {e.to.node}.{e.to.port}
              </li>
            ))}
            {diff.edges.removed.map((e, i) => (
              <li key={`er-${i}`} className="text-red-700">
                − {e.from.node}.{e.from.port} <MoveRight className="inline size-3" /> {e.to.node}.{e.to.port}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {movedOnly > 0 ? (
        <p className="text-xs text-zinc-500">
          {movedOnly} node{movedOnly === 1 ? '' : 's'} only moved on the canvas.
        </p>
      ) : null}
    </div>
  );
}

function FieldLine({ path, before, after }: { path: string; before: unknown; after: unknown }) {
  return (
    <li className="flex flex-wrap items-center gap-1.5 text-xs">
      <code className="rounded bg-zinc-100 px-1 text-zinc-700">{path}</code>
      <span className="text-red-700 line-through decoration-red-300">{show(before)}</span>
      <ArrowRight className="size-3 text-zinc-400" />
      <span className="font-medium text-emerald-700">{show(after)}</span>
    </li>
  );
}
