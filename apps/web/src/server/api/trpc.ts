import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import type { Db, Role } from '@conveyor/db';
import { can, permissionsOf, type Permission } from '@/server/auth/permissions';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';

/**
 * tRPC infrastructure. Procedures are built from three bases:
 * - `publicProcedure`: no session needed (rare: invite preview).
 * - `authedProcedure`: a signed-in user, no workspace (workspaces.list/create, invites).
 * - `workspaceProcedure(permission)`: input carries `workspaceId`; the caller's membership is
 *   loaded and the role must hold `permission` (server/auth/permissions.ts). The context then
 *   has `ctx.workspace` and `ctx.membership`; every query must be scoped by that workspace.
 * Each base records its permission in the procedure's meta so the role-matrix test can read it.
 */

export interface TRPCContext {
  db: Db;
  user: SessionUser | null;
}

/** Meta every procedure carries; `permission` is set by the base procedure. */
export interface ProcedureMeta {
  permission: Permission | 'authenticated' | 'public';
}

const t = initTRPC
  .context<TRPCContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      // Unexpected failures keep their details in the server log, not in the browser.
      const internal = error.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof AppError);
      return {
        ...shape,
        message: internal ? 'Something went wrong on the server' : shape.message,
        data: {
          ...shape.data,
          // Stable machine-readable reason (`last_owner`, `invite_expired`, `input_invalid`…).
          reason: cause instanceof AppError ? cause.reason : error.code === 'BAD_REQUEST' ? 'input_invalid' : null,
          retryAfterMs: cause instanceof AppError ? (cause.retryAfterMs ?? null) : null,
          // Field errors for forms: { fieldErrors: { name: ['…'] }, formErrors: [] }.
          zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
        },
      };
    },
  });

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/** Services throw AppError; the client sees its code and reason. Anything else is a 500. */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(appErrors).meta({ permission: 'public' });

export const authedProcedure = t.procedure
  .use(appErrors)
  .meta({ permission: 'authenticated' })
  .use(({ ctx, next }) => {
    if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
    return next({ ctx: { ...ctx, user: ctx.user } });
  });

const workspaceRef = z.looseObject({ workspaceId: z.uuid() });

export interface WorkspaceScope {
  workspace: { id: string; slug: string; name: string };
  membership: { id: string; role: Role; permissions: Permission[] };
}

/**
 * A procedure scoped to one workspace. The membership check runs on the raw input BEFORE
 * the procedure's own input schema, so a caller without access learns nothing from
 * validation errors. Non-members get NOT_FOUND (indistinguishable from a workspace that
 * does not exist); members lacking the permission get FORBIDDEN.
 */
export function workspaceProcedure(permission: Permission) {
  return authedProcedure
    .meta({ permission })
    .use(async ({ ctx, next, getRawInput }) => {
      const parsed = workspaceRef.safeParse(await getRawInput());
      if (!parsed.success) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'workspaceId (a UUID) is required', cause: parsed.error });
      }
      const membership = await ctx.db.prisma.membership.findUnique({
        where: { workspaceId_userId: { workspaceId: parsed.data.workspaceId, userId: ctx.user.id } },
        select: { id: true, role: true, workspace: { select: { id: true, slug: true, name: true } } },
      });
      if (!membership) {
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: 'Workspace not found',
          cause: new AppError('NOT_FOUND', 'workspace_not_found', 'Workspace not found'),
        });
      }
      if (!can(membership.role, permission)) {
        throw new TRPCError({
          code: 'FORBIDDEN',
          message: `Your role (${membership.role}) does not allow this (${permission})`,
          cause: new AppError('FORBIDDEN', 'permission_denied', `Requires ${permission}`),
        });
      }
      const scope: WorkspaceScope = {
        workspace: membership.workspace,
        membership: { id: membership.id, role: membership.role, permissions: permissionsOf(membership.role) },
      };
      return next({ ctx: { ...ctx, ...scope } });
    })
    .input(z.object({ workspaceId: z.uuid() }));
}
