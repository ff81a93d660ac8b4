/**
 * Errors the runs services throw, with the code the API answers with. `NOT_FOUND` also
 * covers another workspace's ids: whether such a run exists is not the caller's business.
 */
export type RunsErrorCode = 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST';

export class RunsError extends Error {
  override name = 'RunsError';
  constructor(
    readonly code: RunsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const runNotFound = (runId: string) =>
  new RunsError('NOT_FOUND', `Run ${runId} was not found in this workspace`);
