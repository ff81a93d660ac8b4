import type { z } from 'zod';
import type { Permission } from '../../auth/permissions.ts';
import type { ApiPrincipal } from '../../services/api-tokens/authenticate-api-token.ts';
import type { ProblemSlug } from '../problem.ts';
import type { RestContext } from '../rest-context.ts';

type AnyObject = z.ZodObject<z.ZodRawShape>;
type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

/**
 * One REST v1 operation. The same object validates requests (params, query, body),
 * validates and serialises the response, and is registered in the OpenAPI document — so
 * the document cannot describe a route the server does not have, or the other way round.
 */
export interface V1Route<
  P extends AnyObject | undefined = AnyObject | undefined,
  Q extends AnyObject | undefined = AnyObject | undefined,
  B extends z.ZodType | undefined = z.ZodType | undefined,
  R extends z.ZodType | undefined = z.ZodType | undefined,
> {
  method: 'get' | 'post';
  /** OpenAPI template under /api/v1, e.g. `/runs/{runId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  permission: Permission;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * Request headers the operation reads, for the OpenAPI document only: the handler checks
   * them itself, so each can fail with its own problem type (e.g. `idempotency-key-invalid`).
   */
  headers?: AnyObject;
  /** JSON response schema, or `binary` for a byte stream (media); `headers` are documented. */
  response: { status: 200 | 202; description: string; headers?: AnyObject } & ({ schema: R } | { binary: true });
  /** The problem types this operation can answer besides auth ones. */
  problems: ProblemSlug[];
  /** A request that must validate against the schemas (the OpenAPI test sends it). */
  example?: { params?: Record<string, string>; query?: Record<string, string>; body?: unknown };
  handle(args: {
    ctx: RestContext;
    principal: ApiPrincipal;
    params: Out<P>;
    query: Out<Q>;
    body: Out<B>;
    /** The body's bytes as received (before parsing), for hashing; undefined without a body schema. */
    rawBody: Uint8Array | undefined;
    request: Request;
  }): Promise<(R extends z.ZodType ? z.input<R> : never) | Response>;
}

export function defineRoute<
  P extends AnyObject | undefined = undefined,
  Q extends AnyObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends z.ZodType | undefined = undefined,
>(route: V1Route<P, Q, B, R>): V1Route {
  return route as unknown as V1Route;
}
