'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/lib/trpc/react';

/**
 * Keeps inbox queries live: an EventSource on /w/[slug]/inbox/events invalidates them the
 * moment a task opens, is claimed, decided or escalated anywhere; EventSource reconnects by
 * itself. Returns whether the stream is connected (shown as "live" in the header).
 */
export function useInboxLive(slug: string): boolean {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    const source = new EventSource(`/w/${encodeURIComponent(slug)}/inbox/events`);
    const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
    source.addEventListener('ready', () => setLive(true));
    source.addEventListener('change', refresh);
    source.onerror = () => setLive(false);
    return () => source.close();
  }, [slug, queryClient, trpc]);
  return live;
}
