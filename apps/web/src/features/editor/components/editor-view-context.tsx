'use client';

import { createContext, useContext } from 'react';
import type { NodeIssues } from '../model/graph-issues';

export type StepStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'waiting' | 'canceled';

export interface EditorView {
  issues: ReadonlyMap<string, NodeIssues>;
  /** Live status of each node during (and after) a test run. */
  runStatus: ReadonlyMap<string, { status: StepStatus; durationMs: number | null }>;
  readOnly: boolean;
}

export const EditorViewContext = createContext<EditorView>({
  issues: new Map(),
  runStatus: new Map(),
  readOnly: false,
});

export function useEditorView(): EditorView {
  return useContext(EditorViewContext);
}
