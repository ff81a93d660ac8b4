import type { GraphIssue } from '@conveyor/engine';
import { AppError, type AppErrorCode } from '../../errors.ts';

export type WorkflowErrorCode =
  'NOT_FOUND' | 'CONFLICT' | 'INVALID_GRAPH' | 'NOTHING_TO_PUBLISH' | 'BAD_REQUEST' | 'PAYLOAD_TOO_LARGE';

/** How each workflow failure reaches the API: its class and its stable reason. */
const API: Record<WorkflowErrorCode, { code: AppErrorCode; reason: string }> = {
  NOT_FOUND: { code: 'NOT_FOUND', reason: 'not_found' },
  CONFLICT: { code: 'CONFLICT', reason: 'draft_conflict' },
  INVALID_GRAPH: { code: 'PRECONDITION_FAILED', reason: 'invalid_graph' },
  NOTHING_TO_PUBLISH: { code: 'PRECONDITION_FAILED', reason: 'nothing_to_publish' },
  BAD_REQUEST: { code: 'BAD_REQUEST', reason: 'input_invalid' },
  PAYLOAD_TOO_LARGE: { code: 'BAD_REQUEST', reason: 'payload_too_large' },
};

/**
 * What workflow services throw for a caller's mistake. An AppError, so the API layer maps
 * it (code + reason) without a line of its own; none is worth retrying as-is except
 * CONFLICT, after reloading the draft.
 */
export class WorkflowError extends AppError {
  override name = 'WorkflowError';
  readonly kind: WorkflowErrorCode;
  /** Graph issues for INVALID_GRAPH; the current revision for CONFLICT. */
  readonly issues: readonly GraphIssue[] | undefined;
  readonly currentRevision: number | undefined;

  constructor(
    kind: WorkflowErrorCode,
    message: string,
    extra: { issues?: readonly GraphIssue[]; currentRevision?: number } = {},
  ) {
    super(API[kind].code, API[kind].reason, message);
    this.kind = kind;
    this.issues = extra.issues;
    this.currentRevision = extra.currentRevision;
  }
}
