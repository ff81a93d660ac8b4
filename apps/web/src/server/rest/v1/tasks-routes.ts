import { z } from 'zod';
import { decideInputSchema, decideOutputSchema, decideTask } from '../../services/inbox/decide-task.ts';
import { getTask, taskDetailSchema } from '../../services/inbox/get-task.ts';
import { listTasks, taskListItemSchema } from '../../services/inbox/list-tasks.ts';
import { problem } from '../problem.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { limitQuery } from './common-schemas.ts';
import { defineRoute } from './define-route.ts';

const taskIdParams = z.object({ taskId: z.uuid() });
const offsetCursor = (v: unknown): v is { o: number } => typeof (v as { o?: unknown })?.o === 'number';
/** Tasks are listed by the inbox's own order (priority, age); the cursor carries the position. */
const NOBODY = '00000000-0000-0000-0000-000000000000';

export const taskRoutes = [
  defineRoute({
    method: 'get',
    path: '/tasks',
    operationId: 'listTasks',
    summary: 'Open and claimed review tasks, most urgent first',
    tags: ['tasks'],
    permission: 'task:read',
    query: z.object({
      workflowId: z.uuid().optional(),
      nodeId: z.string().max(100).optional(),
      label: z.string().max(100).optional(),
      limit: limitQuery,
      cursor: z.string().max(200).optional(),
    }),
    response: {
      status: 200,
      description: 'A page of tasks',
      schema: z
        .object({ data: z.array(taskListItemSchema.meta({ id: 'TaskSummary' })), nextCursor: z.string().nullable() })
        .meta({ id: 'TaskPage' }),
    },
    problems: ['validation-failed', 'invalid-cursor'],
    example: { query: { limit: '20' } },
    async handle({ ctx, principal, query }) {
      const offset = query.cursor ? decodeCursor(query.cursor, offsetCursor).o : 0;
      const page = await listTasks({
        db: ctx.db,
        workspaceId: principal.workspaceId,
        userId: principal.userId ?? NOBODY,
        input: {
          view: 'all',
          filters: {
            ...(query.workflowId ? { workflowId: query.workflowId } : {}),
            ...(query.nodeId ? { nodeId: query.nodeId } : {}),
            ...(query.label ? { label: query.label } : {}),
          },
          limit: query.limit,
          offset,
        },
      });
      return { data: page.items, nextCursor: page.nextOffset === null ? null : encodeCursor({ o: page.nextOffset }) };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/tasks/{taskId}',
    operationId: 'getTask',
    summary: 'A review task with its evidence and earlier decisions',
    tags: ['tasks'],
    permission: 'task:read',
    params: taskIdParams,
    response: { status: 200, description: 'The task', schema: taskDetailSchema.meta({ id: 'Task' }) },
    problems: ['not-found', 'validation-failed'],
    example: { params: { taskId: '00000000-0000-4000-8000-000000000000' } },
    handle: ({ ctx, principal, params }) =>
      getTask({ db: ctx.db, workspaceId: principal.workspaceId, taskId: params.taskId }),
  }),
  defineRoute({
    method: 'post',
    path: '/tasks/{taskId}/decision',
    operationId: 'decideTask',
    summary: 'Decide a task (approve, reject, ask for more); the run resumes exactly once',
    description: 'Recorded as a decision by the user who created the token. A second decision on the same task is 409.',
    tags: ['tasks'],
    permission: 'task:decide',
    params: taskIdParams,
    body: decideInputSchema.meta({ id: 'DecisionInput' }),
    response: { status: 200, description: 'The decision', schema: decideOutputSchema.meta({ id: 'Decision' }) },
    problems: ['not-found', 'conflict', 'forbidden', 'validation-failed'],
    example: {
      params: { taskId: '00000000-0000-4000-8000-000000000000' },
      body: { action: 'approve', comment: 'Serial matches the receipt' },
    },
    async handle({ ctx, principal, params, body }) {
      if (!principal.userId)
        throw problem('conflict', 'This token’s creator no longer exists; create a new token to decide tasks');
      return decideTask({
        db: ctx.db,
        engine: ctx.engine,
        workspaceId: principal.workspaceId,
        taskId: params.taskId,
        userId: principal.userId,
        input: body,
        actor: { type: 'api_token', id: principal.tokenId },
        // Only a "more info" sends an upload link, signed like the inbox's.
        ...(body.action === 'more_info' && ctx.evidenceLinks ? { evidenceLinks: ctx.evidenceLinks } : {}),
      });
    },
  }),
];
