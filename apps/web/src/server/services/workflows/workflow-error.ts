import type { GraphIssue } from '@conveyor/engine';

export type WorkflowErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_GRAPH'
  | 'NOTHING_TO_PUBLISH'
  | 'BAD_REQUEST'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE';

/**
 * What workflow services throw for a caller's mistake. The code maps one-to-one onto an
 * API status (tRPC code / HTTP status), so procedures stay thin; none of these is worth
 * retrying as-is except CONFLICT, after reloading.
 */
export class WorkflowError extends Error {
  override name = 'WorkflowError';
  readonly code: WorkflowErrorCode;
  /** Graph issues for INVALID_GRAPH; the current revision for CONFLICT. */
  readonly issues: readonly GraphIssue[] | undefined;
  readonly currentRevision: number | undefined;

  constructor(
    code: WorkflowErrorCode,
    message: string,
    extra: { issues?: readonly GraphIssue[]; currentRevision?: number } = {},
  ) {
    super(message);
    this.code = code;
    this.issues = extra.issues;
    this.currentRevision = extra.currentRevision;
  }
}

export function isWorkflowError(error: unknown): error is WorkflowError {
  return error instanceof WorkflowError;
}
