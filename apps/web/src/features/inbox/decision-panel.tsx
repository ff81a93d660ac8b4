'use client';

import { useMutation } from '@tanstack/react-query';
import { Check, HelpCircle, X } from 'lucide-react';
import type { RefObject } from 'react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Badge, Button, Card, CardBody, CardHeader, Kbd, Textarea } from '@/components/ui';
import { useWorkspace } from '@/features/shell/workspace-context';
import { cn } from '@/lib/cn';
import { useTRPC } from '@/lib/trpc/react';
import type { Corrections } from '@/server/services/inbox/corrections';
import type { DecideOutput } from '@/server/services/inbox/decide-task';
import type { TaskDetail } from '@/server/services/inbox/get-task';
import { ACTION_LABEL, humanize } from './format';
import { useHotkeys } from './use-hotkeys';

export interface DecisionDraft {
  action: 'approve' | 'reject' | 'more_info';
  corrections?: Corrections;
}

const ACTIONS = [
  {
    id: 'approve',
    key: 'a',
    icon: Check,
    cls: 'border-emerald-300 bg-emerald-50 text-emerald-800 hover:bg-emerald-100',
    on: 'bg-emerald-600 text-white border-emerald-600',
  },
  {
    id: 'reject',
    key: 'r',
    icon: X,
    cls: 'border-red-300 bg-red-50 text-red-800 hover:bg-red-100',
    on: 'bg-red-600 text-white border-red-600',
  },
  {
    id: 'more_info',
    key: 'm',
    icon: HelpCircle,
    cls: 'border-amber-300 bg-amber-50 text-amber-900 hover:bg-amber-100',
    on: 'bg-amber-500 text-white border-amber-500',
  },
] as const;

/**
 * The decision, one key away: a / r / m picks the action, a digit picks the reason and
 * sends, Enter sends without one where the node allows it. Corrections made on the
 * evidence ride along and are listed before sending.
 */
export function DecisionPanel({
  task,
  disabled,
  action,
  onAction,
  commentRef,
  corrections,
  changes,
  nextTitle,
  onDecided,
}: {
  task: TaskDetail;
  disabled: boolean;
  action: DecisionDraft['action'] | null;
  onAction: (a: DecisionDraft['action'] | null) => void;
  commentRef: RefObject<HTMLTextAreaElement | null>;
  corrections: () => Corrections | undefined;
  changes: string[];
  nextTitle: string | null;
  onDecided: (out: DecideOutput) => void;
}) {
  const trpc = useTRPC();
  const workspace = useWorkspace();
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const decide = useMutation(
    trpc.inbox.decide.mutationOptions({
      onSuccess: (out) => {
        setSent(true);
        onDecided(out);
      },
      onError: (e) => {
        setError(e.message);
        toast.error(e.message);
      },
    }),
  );
  const config = action ? task.actions[action] : null;
  const reasons = config?.reasonCodes ?? [];
  const send = (reasonCode?: string) => {
    if (!action || decide.isPending || sent) return;
    if (config?.requireReason && !reasonCode) {
      setError('Pick a reason first (press its number)');
      return;
    }
    setError(null);
    const fixes = corrections();
    decide.mutate({
      workspaceId: workspace.id,
      taskId: task.id,
      action,
      ...(reasonCode ? { reasonCode } : {}),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
      ...(fixes ? { corrections: fixes } : {}),
      ...(action === 'more_info' && message.trim() ? { message: message.trim() } : {}),
    });
  };

  const digitKeys: Record<string, () => void> = {};
  reasons.slice(0, 9).forEach((code, i) => (digitKeys[String(i + 1)] = () => send(code)));
  useHotkeys({ ...digitKeys, Enter: () => send(), 'mod+Enter': () => send() }, action !== null && !disabled);

  if (task.decision) {
    const d = task.decision;
    return (
      <Card data-testid="decision-done">
        <CardHeader title="Decided" />
        <CardBody className="space-y-2 text-sm">
          <Badge tone={d.action === 'approve' ? 'success' : d.action === 'reject' ? 'danger' : 'warning'}>
            {ACTION_LABEL[d.action]}
          </Badge>
          {d.reasonCode ? <p className="text-zinc-700">{humanize(d.reasonCode)}</p> : null}
          {d.comment ? <p className="text-zinc-600 italic">“{d.comment}”</p> : null}
          <p className="text-xs text-zinc-500">
            by {d.decidedBy.name ?? d.decidedBy.email}, {new Date(d.decidedAt).toLocaleString()}
            {d.override ? ' · overrode the model' : ''}
          </p>
        </CardBody>
      </Card>
    );
  }

  return (
    <Card data-testid="decision-panel">
      <CardHeader title="Decision" description={disabled ? 'Read only' : 'Pick an action, then a reason'} />
      <CardBody className="space-y-4">
        {task.instructions ? (
          <p className="rounded-md bg-zinc-50 px-3 py-2 text-xs leading-relaxed text-zinc-600">{task.instructions}</p>
        ) : null}
        <div className="grid grid-cols-3 gap-2">
          {ACTIONS.map((a) => {
            const Icon = a.icon;
            const active = action === a.id;
            return (
              <button
                key={a.id}
                type="button"
                disabled={disabled || decide.isPending}
                aria-pressed={active}
                data-testid={`action-${a.id}`}
                onClick={() => onAction(active ? null : a.id)}
                className={cn(
                  'flex flex-col items-center gap-1 rounded-md border px-2 py-2.5 text-xs font-semibold transition-colors disabled:opacity-50',
                  active ? a.on : a.cls,
                )}
              >
                <Icon className="size-4" />
                {ACTION_LABEL[a.id]}
                <Kbd className={cn(active && 'border-white/40 bg-white/20 text-white')}>{a.key}</Kbd>
              </button>
            );
          })}
        </div>

        {action ? (
          <div className="space-y-2" data-testid="reason-list">
            <p className="text-xs font-medium text-zinc-600">
              Reason{config?.requireReason ? '' : ' (optional)'} — press its number to send
            </p>
            <ol className="space-y-1">
              {reasons.map((code, i) => (
                <li key={code}>
                  <button
                    type="button"
                    onClick={() => send(code)}
                    disabled={decide.isPending}
                    className="flex w-full items-center gap-2 rounded-md border border-zinc-200 px-2.5 py-1.5 text-left text-sm hover:border-accent-400 hover:bg-accent-50"
                  >
                    {i < 9 ? <Kbd>{i + 1}</Kbd> : null}
                    <span>{humanize(code)}</span>
                  </button>
                </li>
              ))}
            </ol>
            {!config?.requireReason ? (
              <Button className="w-full" onClick={() => send()} loading={decide.isPending} data-testid="send-decision">
                Send {ACTION_LABEL[action].toLowerCase()} without a reason <Kbd className="ml-1">Enter</Kbd>
              </Button>
            ) : null}
            {action === 'more_info' ? (
              task.evidenceRequestEnabled ? (
                <label className="block space-y-1 text-xs text-zinc-600">
                  Message to the claimant (sent with a signed upload link)
                  <Textarea
                    rows={3}
                    value={message}
                    onChange={(e) => setMessage(e.target.value)}
                    placeholder="e.g. Please send a close-up of the serial number label"
                    data-testid="more-info-message"
                  />
                </label>
              ) : (
                <p className="text-xs text-zinc-500">This node routes “more info” onward in the workflow.</p>
              )
            ) : null}
          </div>
        ) : null}

        <label className="block space-y-1 text-xs text-zinc-600">
          Comment <span className="text-zinc-400">(c)</span>
          <Textarea
            ref={commentRef}
            rows={2}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            disabled={disabled}
            placeholder="Optional note for the record"
            data-testid="decision-comment"
          />
        </label>

        {changes.length ? (
          <div
            className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900"
            data-testid="corrections-summary"
          >
            <p className="font-medium">Corrections sent with the decision</p>
            <ul className="mt-1 list-disc pl-4">
              {changes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {task.noSelfApproval ? (
          <p className="text-[11px] text-zinc-500">Four-eyes rule: whoever submitted this case cannot approve it.</p>
        ) : null}
        {error ? (
          <p className="text-xs text-red-600" role="alert">
            {error}
          </p>
        ) : null}
        {nextTitle ? <p className="text-[11px] text-zinc-400">After sending: {nextTitle}</p> : null}
      </CardBody>
    </Card>
  );
}
