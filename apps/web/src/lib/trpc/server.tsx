import 'server-only';
import { dehydrate, HydrationBoundary, type QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { cache, type ReactNode } from 'react';
import { createRequestContext } from '@/server/api/context';
import { appRouter, createCaller } from '@/server/api/root';
import { makeQueryClient } from './query-client';

/** One QueryClient per server request. */
export const getQueryClient = cache(makeQueryClient);

/**
 * Server components: `await api().workspaces.list()` calls a procedure directly (same
 * permission checks as over HTTP), or prefetch with
 * `prefetch(trpc.members.list.queryOptions({ workspaceId }))` inside `<HydrateClient>` so the
 * client component's useQuery starts with the data.
 */
export const api = cache(() => createCaller(createRequestContext));

export const trpc = createTRPCOptionsProxy({
  ctx: createRequestContext,
  router: appRouter,
  queryClient: getQueryClient,
});

type PrefetchOptions = Parameters<QueryClient['prefetchQuery']>[0];

export function prefetch(queryOptions: { queryKey: readonly unknown[] }) {
  void getQueryClient().prefetchQuery(queryOptions as PrefetchOptions);
}

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
