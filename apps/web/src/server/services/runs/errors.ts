import { AppError } from '../../errors.ts';

/**
 * Errors of the runs services. NOT_FOUND also covers another workspace's ids: whether
 * such a run exists is not the caller's business.
 */
export const runNotFound = (runId: string) =>
  new AppError('NOT_FOUND', 'run_not_found', `Run ${runId} was not found in this workspace`);

/** The run's state forbids the action (cancel a finished run, re-run a running one). */
export const runStateConflict = (message: string) => new AppError('CONFLICT', 'run_state', message);

export const badRunCursor = () =>
  new AppError('BAD_REQUEST', 'bad_cursor', 'The page cursor is malformed; start again from the first page');
