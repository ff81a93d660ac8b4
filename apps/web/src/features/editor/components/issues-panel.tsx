'use client';

import { AlertTriangle, CheckCircle2, ChevronDown, ChevronUp } from 'lucide-react';
import { useState } from 'react';
import type { GraphIssue } from '@conveyor/engine';
import { describeIssueLocation, stripNodeName } from '../model/graph-issues';

/** Every validation issue; clicking one focuses its node on the canvas. */
export function IssuesPanel({
  issues,
  nodeName,
  onFocusNode,
  readOnly = false,
}: {
  readOnly?: boolean;
  issues: readonly GraphIssue[];
  nodeName: (id: string) => string;
  onFocusNode: (id: string) => void;
}) {
  const [open, setOpen] = useState(false);
  if (issues.length === 0) {
    return (
      <div
        className="flex items-center gap-1.5 rounded-md border border-emerald-200 bg-white/95 px-2.5 py-1.5 text-xs font-medium text-emerald-700 shadow-card"
        data-testid="issues-ok"
      >
        <CheckCircle2 className="size-3.5" /> {readOnly ? 'No issues' : 'No issues — ready to publish'}
      </div>
    );
  }
  return (
    <div
      className="flex w-[26rem] max-w-[calc(100vw-2rem)] flex-col-reverse rounded-md border border-amber-200 bg-white/95 shadow-pop"
      data-testid="issues-panel"
    >
      <button
        data-testid="issues-toggle"
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="flex w-full items-center justify-between gap-2 px-3 py-2 text-xs font-semibold text-amber-800"
      >
        <span className="flex items-center gap-1.5">
          <AlertTriangle className="size-3.5" />
          {issues.length} issue{issues.length === 1 ? '' : 's'} to fix before publishing
        </span>
        {open ? <ChevronDown className="size-3.5" /> : <ChevronUp className="size-3.5" />}
      </button>
      {open ? (
        <ul className="max-h-64 overflow-y-auto border-b border-amber-100 py-1">
          {issues.map((issue, index) => {
            const target = issue.nodeId ?? issue.nodeIds?.[0];
            const where = describeIssueLocation(issue);
            return (
              <li key={`${issue.path}-${index}`}>
                <button
                  type="button"
                  disabled={!target}
                  onClick={() => target && onFocusNode(target)}
                  className="flex w-full flex-col items-start gap-0.5 px-3 py-1.5 text-left hover:bg-amber-50 disabled:cursor-default"
                  data-testid="issue-item"
                >
                  <span className="text-xs text-zinc-800">{target ? stripNodeName(issue.message) : issue.message}</span>
                  <span className="text-[11px] text-zinc-500">
                    {target ? nodeName(target) : 'Workflow'}
                    {where ? ` · ${where}` : ''}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
