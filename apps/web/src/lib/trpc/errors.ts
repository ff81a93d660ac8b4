import { TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@/server/api/root';

/** The stable reason a procedure failed (`last_owner`, `permission_denied`, …) or null. */
export function errorReason(error: unknown): string | null {
  return error instanceof TRPCClientError ? ((error as TRPCClientError<AppRouter>).data?.reason ?? null) : null;
}

/** Field errors of a BAD_REQUEST, for forms. */
export function fieldErrors(error: unknown): Record<string, string[] | undefined> {
  if (!(error instanceof TRPCClientError)) return {};
  return ((error as TRPCClientError<AppRouter>).data?.zodError?.fieldErrors ?? {}) as Record<
    string,
    string[] | undefined
  >;
}

export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data;
    if (data?.code === 'BAD_REQUEST' && data.zodError) {
      const fields = data.zodError.fieldErrors as Record<string, string[] | undefined>;
      const first = Object.values(fields).flat()[0] ?? data.zodError.formErrors[0];
      if (first) return first;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : 'Something went wrong';
}
