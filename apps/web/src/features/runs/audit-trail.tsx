import { ShieldAlert, ShieldCheck } from 'lucide-react';
import { cn } from '@/lib/cn';
import type { RunDetail } from '@/server/services/runs/run-views';
import { formatDateTime } from './format';

/** The run's audit events, oldest first, with the hash chain's verdict on top. */
export function AuditTrail({ audit, titles }: { audit: RunDetail['audit']; titles: Map<string, string> }) {
  const { chain, events } = audit;
  return (
    <div className="space-y-3">
      <p
        data-testid="audit-chain"
        className={cn(
          'flex items-center gap-2 rounded-md px-3 py-2 text-sm',
          chain.valid ? 'bg-emerald-50 text-emerald-900' : 'bg-red-50 text-red-900',
        )}
      >
        {chain.valid ? <ShieldCheck aria-hidden className="size-4" /> : <ShieldAlert aria-hidden className="size-4" />}
        {chain.valid
          ? `Hash chain verified: ${chain.checked} event${chain.checked === 1 ? '' : 's'}, none altered, removed or inserted.`
          : `Hash chain broken at event #${chain.brokenAtId}: that event or one before it was altered, removed or inserted.`}
      </p>
      <div className="max-h-96 overflow-auto">
        <table className="w-full text-left text-sm">
          <thead className="sticky top-0 bg-white text-xs text-zinc-500">
            <tr>
              <th className="py-1 font-medium">Time</th>
              <th className="py-1 font-medium">Event</th>
              <th className="py-1 font-medium">By</th>
              <th className="py-1 font-medium">Details</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => {
              const data = (e.data ?? {}) as Record<string, unknown>;
              const broken = !chain.valid && chain.brokenAtId === e.id;
              return (
                <tr key={e.id} className={cn('border-t border-zinc-100 align-top', broken && 'bg-red-50')}>
                  <td className="py-1.5 pr-3 text-xs whitespace-nowrap text-zinc-600">{formatDateTime(e.createdAt)}</td>
                  <td className="py-1.5 pr-3">
                    <span className="font-mono text-xs">{e.action}</span>
                    {typeof data.nodeId === 'string' ? (
                      <span className="ml-1 text-xs text-zinc-500">· {titles.get(data.nodeId) ?? data.nodeId}</span>
                    ) : null}
                  </td>
                  <td className="py-1.5 pr-3 text-xs text-zinc-600">
                    {e.actorType === 'user' ? (e.actorName ?? 'a user') : e.actorType}
                  </td>
                  <td className="py-1.5 text-xs text-zinc-600">{summarize(data)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function summarize(data: Record<string, unknown>): string {
  const parts: string[] = [];
  if (Array.isArray(data.models) && data.models.length) parts.push(data.models.join(', '));
  if (typeof data.maxScore === 'number') parts.push(`max score ${data.maxScore.toFixed(2)}`);
  if (Array.isArray(data.firedPorts) && data.firedPorts.length) parts.push(`→ ${data.firedPorts.join(', ')}`);
  if (typeof data.attempt === 'number' && typeof data.nextAttempt === 'number')
    parts.push(`attempt ${data.attempt} failed, retry ${data.nextAttempt}`);
  const error = data.error as { message?: string } | undefined;
  if (error?.message) parts.push(error.message);
  if (typeof data.rerunOf === 'string')
    parts.push(`re-run of ${data.rerunOf.slice(0, 8)} from ${String(data.fromNode)}`);
  if (typeof data.outputsHash === 'string') parts.push(`outputs ${data.outputsHash.slice(0, 10)}…`);
  return parts.join(' · ') || '—';
}
