'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, ChevronRight, Clock, Keyboard, Pencil, SkipForward, Undo2, Users } from 'lucide-react';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Badge, Button, Card, CardBody, CardHeader, EmptyState, Input, Kbd, Skeleton } from '@/components/ui';
import { ClassifierScores, classColor, defaultMediaUrl, formatScore, RuleTrace } from '@/features/evidence';
import type { Classification, Decision, Detections, TextResult } from '@/features/evidence/evidence-model';
import { useCan, useCurrentUser, useWorkspace } from '@/features/shell/workspace-context';
import { cn } from '@/lib/cn';
import { useTRPC } from '@/lib/trpc/react';
import type { TaskDetail } from '@/server/services/inbox/get-task';
import { describeBoxChanges, moveBox, type Box, type EditableBox } from './box-geometry';
import { DecisionPanel, type DecisionDraft } from './decision-panel';
import { formatAge, formatDue, humanize, priorityName } from './format';
import { inboxQueryString, parseInboxQuery } from './inbox-query';
import { OcrEditor } from './ocr-editor';
import { PhotoStrip } from './photo-strip';
import { ReviewCanvas } from './review-canvas';
import { ShortcutsHelp } from './shortcuts-help';
import { isTyping, useHotkeys } from './use-hotkeys';
import { useInboxLive } from './use-inbox-live';

const LEASE_MS = 5 * 60_000;
const RENEW_MS = 60_000;

/** The task page: the evidence first, corrections in place, the decision one key away. */
export function TaskPage({ taskId }: { taskId: string }) {
  const trpc = useTRPC();
  const workspace = useWorkspace();
  const me = useCurrentUser();
  const canDecide = useCan('task:decide');
  const router = useRouter();
  const params = useSearchParams();
  const query = useMemo(() => parseInboxQuery(new URLSearchParams(params.toString())), [params]);
  const queryClient = useQueryClient();
  useInboxLive(workspace.slug);

  const task = useQuery(trpc.inbox.get.queryOptions({ workspaceId: workspace.id, taskId }));
  const next = useQuery(
    trpc.inbox.next.queryOptions({
      workspaceId: workspace.id,
      view: query.view,
      sort: query.sort,
      filters: query.filters,
      afterTaskId: taskId,
    }),
  );
  const inboxHref = `/w/${workspace.slug}/inbox${inboxQueryString(query)}`;
  const taskHref = (id: string) => `/w/${workspace.slug}/inbox/${id}${inboxQueryString(query)}`;

  // The next task is one keystroke away: its detail and its photos are fetched now.
  useEffect(() => {
    const n = next.data?.next;
    if (!n) return;
    void queryClient.prefetchQuery(trpc.inbox.get.queryOptions({ workspaceId: workspace.id, taskId: n.id }));
    for (const m of n.media) {
      if (!m.contentType.startsWith('image/')) continue;
      const img = new Image();
      img.src = defaultMediaUrl(m.mediaId);
    }
  }, [next.data, queryClient, trpc, workspace.id]);

  // Claim while the page is open (renewed), give it back on leaving undecided.
  const claim = useMutation(trpc.inbox.claim.mutationOptions());
  const release = useMutation(trpc.inbox.release.mutationOptions());
  const decidedRef = useRef(false);
  const status = task.data?.status;
  const holder = task.data?.claimedBy;
  const claimable = canDecide && (status === 'open' || (status === 'claimed' && holder?.id === me.id));
  const [claimError, setClaimError] = useState<string | null>(null);
  useEffect(() => {
    if (!claimable) return;
    decidedRef.current = false;
    let stopped = false;
    const take = () =>
      claim.mutate(
        { workspaceId: workspace.id, taskId, leaseMs: LEASE_MS },
        {
          onSuccess: () => setClaimError(null),
          onError: (e) => !stopped && setClaimError(e.message),
        },
      );
    take();
    const timer = setInterval(take, RENEW_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      if (!decidedRef.current) release.mutate({ workspaceId: workspace.id, taskId });
    };
  }, [claimable, taskId, workspace.id]);

  if (task.isLoading) {
    return (
      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <Skeleton className="h-[520px]" />
        <Skeleton className="h-[520px]" />
      </div>
    );
  }
  if (task.error || !task.data) {
    return (
      <EmptyState
        title="Task not found"
        description={task.error?.message ?? 'It may belong to another workspace.'}
        action={
          <Link href={inboxHref} className="text-sm text-accent-700 underline">
            Back to the inbox
          </Link>
        }
      />
    );
  }
  return (
    <TaskView
      key={task.data.id}
      task={task.data}
      canDecide={canDecide}
      heldByOther={status === 'claimed' && holder && holder.id !== me.id ? holder : null}
      claimError={claimError}
      onRelease={
        claimable
          ? () => {
              // Given back on purpose: the unmount must not release a second time.
              decidedRef.current = true;
              release.mutate(
                { workspaceId: workspace.id, taskId },
                {
                  onSuccess: () => toast.success('Task given back to the queue'),
                  onError: (e) => toast.error(e.message),
                },
              );
              router.push(inboxHref);
            }
          : null
      }
      inboxHref={inboxHref}
      nextHref={next.data?.next ? taskHref(next.data.next.id) : null}
      nextTitle={
        next.data?.next ? [next.data.next.title, next.data.next.correlationKey].filter(Boolean).join(' · ') : null
      }
      onDecided={async () => {
        decidedRef.current = true;
        // Ask again rather than trust the page's copy: the queue may have moved meanwhile.
        const fresh = await queryClient
          .fetchQuery({
            ...trpc.inbox.next.queryOptions({
              workspaceId: workspace.id,
              view: query.view,
              sort: query.sort,
              filters: query.filters,
              afterTaskId: taskId,
            }),
            staleTime: 0,
          })
          .catch(() => null);
        void queryClient.invalidateQueries({ queryKey: trpc.inbox.pathKey() });
        router.push(fresh?.next ? taskHref(fresh.next.id) : inboxHref);
      }}
    />
  );
}

function TaskView({
  task,
  canDecide,
  heldByOther,
  claimError,
  onRelease,
  inboxHref,
  nextHref,
  nextTitle,
  onDecided,
}: {
  task: TaskDetail;
  canDecide: boolean;
  heldByOther: TaskDetail['claimedBy'];
  claimError: string | null;
  onRelease: (() => void) | null;
  inboxHref: string;
  nextHref: string | null;
  nextTitle: string | null;
  onDecided: () => Promise<void>;
}) {
  const workspace = useWorkspace();
  const router = useRouter();
  const ev = task.evidence as {
    detections?: Detections;
    classification?: Classification;
    text?: TextResult & { crop?: { mediaId: string } };
    decision?: Decision;
    record?: Record<string, unknown>;
  };
  const photos = task.media.filter((m) => m.mediaId !== ev.text?.crop?.mediaId);
  const [mediaIndex, setMediaIndex] = useState(0);
  const current = photos[Math.min(mediaIndex, photos.length - 1)];

  const original = useMemo<EditableBox[]>(
    () =>
      (ev.detections?.items ?? []).map((d, i) => ({
        key: `m${i}`,
        modelIndex: i,
        mediaId: d.mediaId,
        label: d.label,
        score: d.score,
        box: d.box,
      })),
    [ev.detections],
  );
  const [boxes, setBoxes] = useState<EditableBox[]>(original);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [threshold, setThreshold] = useState(0);
  const [relabel, setRelabel] = useState<{ key: string; value: string } | null>(null);
  const [ocrText, setOcrText] = useState(ev.text?.text ?? '');
  const [help, setHelp] = useState(false);
  const [action, setAction] = useState<DecisionDraft['action'] | null>(null);
  const drawn = useRef(0);
  const ocrRef = useRef<HTMLTextAreaElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const relabelRef = useRef<HTMLInputElement>(null);

  const onMedia = boxes.filter((b) => b.mediaId === current?.mediaId);
  const classes = useMemo(() => [...new Set(boxes.map((b) => b.label))].sort(), [boxes]);
  const boxChanges = describeBoxChanges(original, boxes);
  const ocrChanged = ev.text !== undefined && ocrText !== ev.text.text;
  const open = task.status === 'open' || task.status === 'claimed';
  const decidable = canDecide && open && !heldByOther;

  useEffect(() => {
    if (relabel) relabelRef.current?.focus();
  }, [relabel]);

  const corrections = () => {
    const changedMedia = new Set<string>();
    for (const b of boxes) if (b.modelIndex === undefined) changedMedia.add(b.mediaId);
    for (const o of original) {
      const now = boxes.find((b) => b.key === o.key);
      if (!now || now.label !== o.label || JSON.stringify(now.box) !== JSON.stringify(o.box))
        changedMedia.add(o.mediaId);
    }
    const out: NonNullable<DecisionDraft['corrections']> = {};
    if (changedMedia.size)
      out.boxes = [...changedMedia].map((mediaId) => ({
        mediaId,
        items: boxes
          .filter((b) => b.mediaId === mediaId)
          .map((b) => ({
            label: b.label,
            box: b.box,
            ...(b.modelIndex === undefined ? {} : { modelIndex: b.modelIndex }),
          })),
      }));
    if (ocrChanged) out.ocr = { text: ocrText };
    return out.boxes || out.ocr ? out : undefined;
  };

  const selectedIdx = onMedia.findIndex((b) => b.key === selectedKey);
  const cycle = (d: number) => {
    if (!onMedia.length) return;
    const i = selectedIdx < 0 ? 0 : (selectedIdx + d + onMedia.length) % onMedia.length;
    setSelectedKey(onMedia[i]!.key);
  };
  const nudge = (dx: number, dy: number) => (e: KeyboardEvent) => {
    if (!editing || !selectedKey) return;
    const step = e.shiftKey ? 0.05 : 0.005;
    setBoxes((bs) => bs.map((b) => (b.key === selectedKey ? { ...b, box: moveBox(b.box, dx * step, dy * step) } : b)));
  };
  const removeSelected = () => {
    if (!editing || !selectedKey) return;
    setBoxes((bs) => bs.filter((b) => b.key !== selectedKey));
    setSelectedKey(null);
  };
  const onDrawn = (box: Box) => {
    if (!current) return;
    const key = `h${++drawn.current}`;
    const label = classes[0] ?? 'object';
    setBoxes((bs) => [...bs, { key, mediaId: current.mediaId, label, box }]);
    setSelectedKey(key);
    setRelabel({ key, value: label });
  };

  const keys: Record<string, (e: KeyboardEvent) => void> = {
    '?': () => setHelp(true),
    j: () => nextHref && router.push(nextHref),
    k: () => router.back(),
    u: () => router.push(inboxHref),
    e: () => {
      setEditing((v) => !v);
      setAction(null);
    },
    t: () => ocrRef.current?.focus(),
    c: () => commentRef.current?.focus(),
    ',': () => setMediaIndex((i) => Math.max(0, i - 1)),
    '.': () => setMediaIndex((i) => Math.min(photos.length - 1, i + 1)),
    Escape: () => {
      // In a text field Escape only leaves it: the action picked stays picked.
      if (isTyping(document.activeElement)) (document.activeElement as HTMLElement).blur();
      else if (relabel) setRelabel(null);
      else if (action) setAction(null);
      else if (editing) setEditing(false);
      else (document.activeElement as HTMLElement | null)?.blur();
    },
  };
  if (editing) {
    Object.assign(keys, {
      '[': () => cycle(-1),
      ']': () => cycle(1),
      ArrowLeft: nudge(-1, 0),
      ArrowRight: nudge(1, 0),
      ArrowUp: nudge(0, -1),
      ArrowDown: nudge(0, 1),
      Delete: removeSelected,
      Backspace: removeSelected,
      l: () => {
        const b = boxes.find((x) => x.key === selectedKey);
        if (b) setRelabel({ key: b.key, value: b.label });
      },
    });
  } else if (decidable) {
    Object.assign(keys, {
      a: () => setAction('approve'),
      r: () => setAction('reject'),
      m: () => setAction('more_info'),
    });
  }
  useHotkeys(keys, !help);

  const due = formatDue(task.dueAt);
  const mediaUrl = defaultMediaUrl;

  return (
    <div className="space-y-4" data-testid="task-page" data-task-id={task.id}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <Link href={inboxHref} className="inline-flex items-center gap-1 text-xs text-zinc-500 hover:text-zinc-800">
            <ArrowLeft className="size-3.5" /> Inbox
          </Link>
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold text-zinc-900">
            {task.title}
            {task.run.correlationKey ? (
              <span className="font-mono text-sm font-normal text-zinc-500">{task.run.correlationKey}</span>
            ) : null}
          </h1>
          <div className="flex flex-wrap items-center gap-2 text-xs text-zinc-500">
            <StatusChip status={task.status} />
            {task.priority !== 0 ? (
              <Badge tone={task.priority > 1 ? 'danger' : task.priority > 0 ? 'warning' : 'muted'}>
                {priorityName(task.priority)} priority
              </Badge>
            ) : null}
            {task.escalationLevel > 0 ? <Badge tone="danger">escalated</Badge> : null}
            {task.round > 0 ? <Badge tone="info">evidence round {task.round}</Badge> : null}
            <span className={cn('inline-flex items-center gap-1', due.overdue && 'font-medium text-red-600')}>
              <Clock className="size-3.5" /> {due.text}
            </span>
            <span>opened {formatAge(task.createdAt)}</span>
            {task.group ? (
              <span className="inline-flex items-center gap-1">
                <Users className="size-3.5" /> {humanize(task.group.name)}
              </span>
            ) : null}
            <span>
              {task.workflow.name} · {task.nodeId} ·{' '}
              <Link className="underline" href={`/w/${workspace.slug}/runs/${task.run.id}`}>
                run
              </Link>
            </span>
          </div>
        </div>
        <div className="flex items-center gap-2">
          <Button variant="ghost" size="sm" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
            <Keyboard /> <Kbd>?</Kbd>
          </Button>
          {onRelease && open ? (
            <Button
              variant="secondary"
              size="sm"
              onClick={onRelease}
              data-testid="release-task"
              title="Give it back to the queue"
            >
              <Undo2 /> Give back
            </Button>
          ) : null}
          {nextHref ? (
            <Link
              href={nextHref}
              className="inline-flex items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-xs font-medium text-zinc-700 shadow-card hover:bg-zinc-50"
              title={nextTitle ?? undefined}
            >
              <SkipForward className="size-3.5" /> Skip to next <Kbd>j</Kbd>
            </Link>
          ) : null}
        </div>
      </div>

      {heldByOther ? (
        <div className="rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" role="status">
          {heldByOther.name ?? heldByOther.email} is working on this task. You can look; deciding opens when their claim
          ends.
        </div>
      ) : claimError ? (
        <div className="rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" role="status">
          {claimError}
        </div>
      ) : null}

      <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-5">
          <Card>
            <CardHeader
              title={`Photos (${photos.length})`}
              description={
                current
                  ? `${current.width ?? '?'}×${current.height ?? '?'} · ${current.contentType}${current.round > 0 ? ` · sent in round ${current.round}` : ''}`
                  : undefined
              }
              actions={
                current?.contentType.startsWith('image/') ? (
                  <Button
                    size="sm"
                    variant={editing ? 'primary' : 'secondary'}
                    onClick={() => setEditing((v) => !v)}
                    data-testid="edit-boxes"
                    disabled={!decidable}
                  >
                    <Pencil /> {editing ? 'Done editing' : 'Edit boxes'} <Kbd className="ml-1">e</Kbd>
                  </Button>
                ) : null
              }
            />
            <CardBody className="space-y-3">
              {current ? (
                current.contentType.startsWith('video/') ? (
                  <video
                    src={mediaUrl(current.mediaId)}
                    controls
                    className="max-h-[560px] w-full rounded-md bg-black"
                  />
                ) : (
                  <ReviewCanvas
                    key={current.mediaId}
                    src={mediaUrl(current.mediaId)}
                    alt={`Evidence photo ${mediaIndex + 1}`}
                    width={current.width}
                    height={current.height}
                    boxes={onMedia}
                    hidden={hidden}
                    threshold={threshold}
                    editing={editing}
                    selectedKey={selectedKey}
                    onSelect={setSelectedKey}
                    onChange={(changed) =>
                      setBoxes((bs) => [...bs.filter((b) => b.mediaId !== current.mediaId), ...changed])
                    }
                    onDrawn={onDrawn}
                  />
                )
              ) : (
                <p className="text-sm text-zinc-500">No media in this case.</p>
              )}
              {relabel ? (
                <form
                  className="flex items-center gap-2"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const value = relabel.value.trim();
                    if (value) setBoxes((bs) => bs.map((b) => (b.key === relabel.key ? { ...b, label: value } : b)));
                    setRelabel(null);
                  }}
                >
                  <label className="text-xs text-zinc-600" htmlFor="relabel">
                    Label
                  </label>
                  <Input
                    id="relabel"
                    ref={relabelRef}
                    className="h-8 w-56"
                    list="known-labels"
                    value={relabel.value}
                    onChange={(e) => setRelabel({ ...relabel, value: e.target.value })}
                    data-testid="relabel-input"
                  />
                  <datalist id="known-labels">
                    {classes.map((c) => (
                      <option key={c} value={c} />
                    ))}
                  </datalist>
                  <Button size="sm" type="submit">
                    Set
                  </Button>
                </form>
              ) : null}
              <div className="flex flex-wrap items-center gap-2 text-xs">
                {classes.map((c) => {
                  const off = hidden.has(c);
                  return (
                    <button
                      key={c}
                      type="button"
                      aria-pressed={!off}
                      onClick={() =>
                        setHidden((h) => {
                          const n = new Set(h);
                          if (n.has(c)) n.delete(c);
                          else n.add(c);
                          return n;
                        })
                      }
                      className={cn(
                        'inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5',
                        off ? 'border-zinc-200 text-zinc-400 line-through' : 'border-zinc-300 text-zinc-700',
                      )}
                    >
                      <span className="size-2 rounded-full" style={{ background: classColor(c) }} />
                      {c} ({boxes.filter((b) => b.label === c).length})
                    </button>
                  );
                })}
                {original.length ? (
                  <label className="ml-auto flex items-center gap-2 text-zinc-500">
                    Min score
                    <input
                      type="range"
                      min={0}
                      max={1}
                      step={0.05}
                      value={threshold}
                      onChange={(e) => setThreshold(Number(e.target.value))}
                      aria-label="Minimum score"
                    />
                    <span className="w-8 tabular-nums">{formatScore(threshold)}</span>
                  </label>
                ) : null}
              </div>
              {photos.length > 1 ? (
                <PhotoStrip
                  photos={photos.map((m) => ({
                    mediaId: m.mediaId,
                    src: mediaUrl(m.mediaId),
                    contentType: m.contentType,
                    round: m.round,
                    boxes: boxes.filter((b) => b.mediaId === m.mediaId).length,
                  }))}
                  selectedId={current?.mediaId ?? null}
                  onSelect={(id) => setMediaIndex(photos.findIndex((p) => p.mediaId === id))}
                />
              ) : null}
              {boxChanges.length ? (
                <p className="text-xs text-amber-700" data-testid="box-changes">
                  Your corrections: {boxChanges.join(' · ')}{' '}
                  <button
                    type="button"
                    className="ml-1 inline-flex items-center gap-0.5 underline"
                    onClick={() => setBoxes(original)}
                  >
                    <Undo2 className="size-3" /> undo all
                  </button>
                </p>
              ) : null}
            </CardBody>
          </Card>

          <div className="grid gap-5 xl:grid-cols-2">
            {ev.decision ? (
              <Card className={ev.classification ? undefined : 'xl:col-span-2'}>
                <CardHeader title="Why it came to you" description="The rule that routed this case to a person" />
                <CardBody>
                  <RuleTrace decision={ev.decision} />
                </CardBody>
              </Card>
            ) : null}
            {ev.classification ? (
              <Card className={ev.decision ? undefined : 'xl:col-span-2'}>
                <CardHeader
                  title="Classifier"
                  description={`${ev.classification.model.name} ${ev.classification.model.version}`}
                />
                <CardBody>
                  <ClassifierScores scores={ev.classification.scores} label={ev.classification.label} />
                </CardBody>
              </Card>
            ) : null}
          </div>

          {ev.text ? (
            <Card>
              <CardHeader
                title="Text read (OCR)"
                description={`${ev.text.model.name} ${ev.text.model.version} · confidence ${formatScore(ev.text.confidence)}`}
              />
              <CardBody>
                <OcrEditor
                  ref={ocrRef}
                  text={ev.text}
                  cropSrc={ev.text.crop ? mediaUrl(ev.text.crop.mediaId) : undefined}
                  value={ocrText}
                  onChange={setOcrText}
                  disabled={!decidable}
                />
              </CardBody>
            </Card>
          ) : null}

          <div className="grid gap-5 xl:grid-cols-2">
            <Card>
              <CardHeader title="Claim" description="Fields sent with the case" />
              <CardBody>
                {ev.record && Object.keys(ev.record).length ? (
                  <dl
                    className="grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm"
                    data-testid="record-fields"
                  >
                    {Object.entries(ev.record).map(([k, v]) => (
                      <div key={k} className="contents">
                        <dt className="truncate text-zinc-500">{k}</dt>
                        <dd className="font-mono text-xs break-words text-zinc-900">
                          {typeof v === 'string' ? v : JSON.stringify(v)}
                        </dd>
                      </div>
                    ))}
                  </dl>
                ) : (
                  <p className="text-sm text-zinc-500">No fields.</p>
                )}
              </CardBody>
            </Card>
            <Card>
              <CardHeader title="History of this claim" description="Earlier decisions and evidence rounds" />
              <CardBody>
                <History task={task} />
              </CardBody>
            </Card>
          </div>
        </div>

        <div className="lg:sticky lg:top-4 lg:self-start">
          <DecisionPanel
            task={task}
            disabled={!decidable}
            action={action}
            onAction={setAction}
            commentRef={commentRef}
            corrections={corrections}
            changes={[...boxChanges, ...(ocrChanged ? [`OCR “${ev.text?.text}” → “${ocrText}”`] : [])]}
            nextTitle={nextTitle}
            onDecided={(out) => {
              if (out.evidenceRequest)
                toast.success('Asked the claimant for more evidence', { description: 'The run waits for the upload.' });
              else toast.success(`Decided: ${out.action.replace('_', ' ')}`);
              void onDecided();
            }}
          />
          {nextHref ? (
            <p className="mt-2 flex items-center gap-1 text-xs text-zinc-500">
              <ChevronRight className="size-3.5" /> Next: {nextTitle}
            </p>
          ) : null}
        </div>
      </div>
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}

function StatusChip({ status }: { status: TaskDetail['status'] }) {
  const tone = { open: 'info', claimed: 'accent', done: 'success', expired: 'danger', canceled: 'muted' } as const;
  return <Badge tone={tone[status]}>{status}</Badge>;
}

function History({ task }: { task: TaskDetail }) {
  const entries = [
    ...task.earlierDecisions.map((d) => ({ at: d.decidedAt, key: `d${d.taskId}`, d })),
    ...task.evidenceRounds.map((r) => ({ at: r.requestedAt, key: `r${r.round}`, r })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  if (!entries.length) return <p className="text-sm text-zinc-500">First time this claim is reviewed.</p>;
  return (
    <ol className="space-y-2.5 text-sm" data-testid="claim-history">
      {entries.map((e) =>
        'd' in e && e.d ? (
          <li key={e.key} className="space-y-0.5">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={e.d.action === 'approve' ? 'success' : e.d.action === 'reject' ? 'danger' : 'warning'}>
                {e.d.action.replace('_', ' ')}
              </Badge>
              {e.d.reasonCode ? <span className="text-xs text-zinc-600">{humanize(e.d.reasonCode)}</span> : null}
              {e.d.override ? <Badge tone="muted">overrode model</Badge> : null}
            </div>
            <p className="text-xs text-zinc-500">
              {e.d.decidedBy.name ?? e.d.decidedBy.email} · {new Date(e.d.decidedAt).toLocaleString()} ·{' '}
              {e.d.sameRun ? `this run, round ${e.d.round}` : 'an earlier run'}
            </p>
            {e.d.comment ? <p className="text-xs text-zinc-700 italic">“{e.d.comment}”</p> : null}
          </li>
        ) : 'r' in e && e.r ? (
          <li key={e.key} className="space-y-0.5">
            <div className="flex items-center gap-2">
              <Badge tone="info">evidence round {e.r.round}</Badge>
              <span className="text-xs text-zinc-600">
                {e.r.fulfilledAt
                  ? `received ${new Date(e.r.fulfilledAt).toLocaleString()}`
                  : 'waiting for the claimant'}
              </span>
            </div>
            {e.r.message ? <p className="text-xs text-zinc-700 italic">asked: “{e.r.message}”</p> : null}
            <p className="text-xs text-zinc-500">
              {e.r.remindersSent} reminder{e.r.remindersSent === 1 ? '' : 's'} sent
            </p>
          </li>
        ) : null,
      )}
    </ol>
  );
}
