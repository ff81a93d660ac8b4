'use client';

import { useQuery } from '@tanstack/react-query';
import { FileImage, Plus, Trash2, Upload } from 'lucide-react';
import { useRef, useState } from 'react';
import { toast } from 'sonner';
import { Button, Dialog, Skeleton } from '@/components/ui';
import { cn } from '@/lib/cn';
import { useTRPC } from '@/lib/trpc/react';

export type TestRunRequest =
  { demoSample: string; record: Record<string, string> } | { mediaIds: string[]; record: Record<string, string> };

interface Uploaded {
  mediaId: string;
  filename: string | null;
  contentType: string;
  size: number;
}

async function uploadFile(workspaceId: string, file: File): Promise<Uploaded> {
  const response = await fetch(`/api/uploads?workspaceId=${encodeURIComponent(workspaceId)}`, {
    method: 'POST',
    body: file,
    headers: {
      'Content-Type': file.type || 'application/octet-stream',
      'X-Filename': encodeURIComponent(file.name),
    },
  });
  const body = (await response.json().catch(() => ({}))) as { title?: string } & Partial<Uploaded>;
  if (!response.ok) throw new Error(body.title ?? `Upload failed (HTTP ${response.status})`);
  return body as Uploaded;
}

function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Pick a demo claim or upload photos/videos, fill the case fields, and run the draft. */
export function TestRunDialog({
  open,
  onClose,
  workspaceId,
  requiredFields,
  onStart,
}: {
  open: boolean;
  onClose: () => void;
  workspaceId: string;
  /** The ingest node's required case fields, prefilled so the run is not refused for them. */
  requiredFields: string[];
  onStart: (request: TestRunRequest) => Promise<boolean>;
}) {
  const trpc = useTRPC();
  const samples = useQuery({
    ...trpc.workflows.demoSamples.queryOptions({ workspaceId }),
    enabled: open,
    staleTime: Infinity,
  });
  const [mode, setMode] = useState<'demo' | 'upload'>('demo');
  const [demo, setDemo] = useState<string | null>(null);
  const [uploads, setUploads] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState(0);
  const [fields, setFields] = useState<[string, string][]>([]);
  const [busy, setBusy] = useState(false);
  const [dragOver, setDragOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const chosen = samples.data?.find((s) => s.key === (demo ?? samples.data?.[0]?.key));
  const effectiveFields: [string, string][] = (() => {
    const map = new Map<string, string>(requiredFields.map((f) => [f, '']));
    if (mode === 'demo' && chosen) for (const [k, v] of Object.entries(chosen.record)) map.set(k, v);
    for (const [k, v] of fields) map.set(k, v);
    return [...map];
  })();

  const addFiles = async (files: FileList | File[]) => {
    const list = [...files];
    setUploading((n) => n + list.length);
    for (const file of list) {
      try {
        const uploaded = await uploadFile(workspaceId, file);
        setUploads((u) => [...u, uploaded]);
      } catch (error) {
        toast.error(`${file.name}: ${(error as Error).message}`);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const setField = (key: string, value: string, rename?: string) =>
    setFields((current) => {
      const next = new Map(current.length ? current : effectiveFields);
      if (rename !== undefined) {
        next.delete(key);
        next.set(rename, value);
      } else next.set(key, value);
      return [...next];
    });

  const canRun = mode === 'demo' ? chosen !== undefined : uploads.length > 0 && uploading === 0;
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Test run the draft"
      description="Runs the current draft once, as an unpublished test: nothing is published and live triggers are untouched."
      className="w-[min(42rem,calc(100vw-2rem))]"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button
            loading={busy}
            disabled={!canRun}
            data-testid="test-run-start"
            onClick={async () => {
              setBusy(true);
              const record = Object.fromEntries(effectiveFields.filter(([k]) => k.trim() !== ''));
              const ok = await onStart(
                mode === 'demo' && chosen
                  ? { demoSample: chosen.key, record }
                  : { mediaIds: uploads.map((u) => u.mediaId), record },
              );
              setBusy(false);
              if (ok) onClose();
            }}
          >
            Run test
          </Button>
        </>
      }
    >
      <div role="tablist" className="mb-3 inline-flex rounded-md bg-zinc-100 p-0.5 text-sm">
        {(['demo', 'upload'] as const).map((m) => (
          <button
            key={m}
            role="tab"
            type="button"
            aria-selected={mode === m}
            onClick={() => setMode(m)}
            className={cn(
              'rounded px-3 py-1 font-medium',
              mode === m ? 'bg-white text-zinc-900 shadow-card' : 'text-zinc-600 hover:text-zinc-900',
            )}
            data-testid={`test-run-mode-${m}`}
          >
            {m === 'demo' ? 'Demo claim' : 'Upload files'}
          </button>
        ))}
      </div>

      {mode === 'demo' ? (
        samples.isLoading ? (
          <Skeleton className="h-28 w-full" />
        ) : (
          <div className="grid grid-cols-3 gap-2">
            {samples.data?.map((s) => (
              <button
                key={s.key}
                type="button"
                onClick={() => setDemo(s.key)}
                aria-pressed={chosen?.key === s.key}
                data-testid={`demo-${s.key}`}
                className={cn(
                  'overflow-hidden rounded-lg border text-left transition-shadow',
                  chosen?.key === s.key
                    ? 'border-accent-500 ring-2 ring-accent-200'
                    : 'border-zinc-200 hover:shadow-pop',
                )}
              >
                <img src={s.preview} alt="" className="h-24 w-full bg-zinc-900 object-cover" />
                <div className="p-2">
                  <div className="text-xs font-semibold text-zinc-900">{s.title}</div>
                  <div className="text-[11px] leading-4 text-zinc-500">{s.description}</div>
                  <div className="mt-1 text-[11px] text-zinc-400">
                    {s.fileCount} photo{s.fileCount === 1 ? '' : 's'}
                  </div>
                </div>
              </button>
            ))}
          </div>
        )
      ) : (
        <div>
          <div
            onDragOver={(e) => {
              e.preventDefault();
              setDragOver(true);
            }}
            onDragLeave={() => setDragOver(false)}
            onDrop={(e) => {
              e.preventDefault();
              setDragOver(false);
              void addFiles(e.dataTransfer.files);
            }}
            className={cn(
              'flex flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-4 py-6 text-center',
              dragOver ? 'border-accent-500 bg-accent-50' : 'border-zinc-300 bg-zinc-50',
            )}
          >
            <Upload className="size-5 text-zinc-400" />
            <p className="text-sm text-zinc-700">Drop photos or videos here</p>
            <Button size="sm" variant="secondary" onClick={() => fileInput.current?.click()}>
              Choose files
            </Button>
            <input
              ref={fileInput}
              type="file"
              multiple
              accept="image/*,video/*"
              className="sr-only"
              data-testid="test-run-file"
              onChange={(e) => {
                if (e.target.files) void addFiles(e.target.files);
                e.target.value = '';
              }}
            />
          </div>
          {uploads.length + uploading > 0 ? (
            <ul className="mt-2 flex flex-col gap-1">
              {uploads.map((u) => (
                <li
                  key={u.mediaId}
                  className="flex items-center gap-2 rounded-md border border-zinc-200 px-2 py-1 text-xs"
                >
                  <FileImage className="size-4 text-zinc-400" />
                  <span className="flex-1 truncate">{u.filename ?? u.mediaId}</span>
                  <span className="text-zinc-500">
                    {u.contentType} · {formatBytes(u.size)}
                  </span>
                  <button
                    type="button"
                    aria-label={`Remove ${u.filename ?? 'file'}`}
                    onClick={() => setUploads((list) => list.filter((x) => x.mediaId !== u.mediaId))}
                    className="rounded p-0.5 text-zinc-500 hover:bg-zinc-100"
                  >
                    <Trash2 className="size-3.5" />
                  </button>
                </li>
              ))}
              {uploading > 0 ? <li className="text-xs text-zinc-500">Uploading {uploading}…</li> : null}
            </ul>
          ) : null}
        </div>
      )}

      <h3 className="mt-4 mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">Case fields</h3>
      <div className="flex flex-col gap-1">
        {effectiveFields.map(([key, value], index) => (
          <div key={index} className="flex gap-1.5">
            <input
              aria-label="Field name"
              value={key}
              onChange={(e) => setField(key, value, e.target.value)}
              className="h-8 w-40 rounded-md border border-zinc-300 px-2 font-mono text-xs"
            />
            <input
              aria-label={`Value of ${key}`}
              value={value}
              onChange={(e) => setField(key, e.target.value)}
              className="h-8 flex-1 rounded-md border border-zinc-300 px-2 text-sm"
            />
          </div>
        ))}
        <button
          type="button"
          onClick={() => setField(`field${effectiveFields.length + 1}`, '')}
          className="inline-flex w-fit items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-accent-700 hover:bg-accent-50"
        >
          <Plus className="size-3.5" /> Add field
        </button>
      </div>
    </Dialog>
  );
}
