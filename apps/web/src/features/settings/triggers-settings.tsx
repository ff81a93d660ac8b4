'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Pencil, Plus, Trash2, Webhook } from 'lucide-react';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/spinner';
import { useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { CodeBlock } from './code-block';
import { CreateTriggerDialog } from './create-trigger-dialog';
import { SecretDialog } from './secret-dialog';
import { curlExample, verifyExample } from './signing-examples';
import { TriggerLimitsDialog, type EditableTrigger } from './trigger-limits-dialog';

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 100) / 100} MB`;

function useOrigin() {
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);
  return origin;
}

export function TriggersSettings() {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const origin = useOrigin();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<EditableTrigger | null>(null);
  const [revealed, setRevealed] = useState<{ title: string; secret: string; path: string } | null>(null);
  const [confirm, setConfirm] = useState<{ kind: 'rotate' | 'delete'; id: string; name: string } | null>(null);

  const triggers = useQuery(trpc.triggers.list.queryOptions({ workspaceId: workspace.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.triggers.list.queryKey() });
  const update = useMutation(
    trpc.triggers.update.mutationOptions({
      onSuccess: (t) => toast.success(t.enabled ? `“${t.name}” enabled` : `“${t.name}” disabled`),
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: refresh,
    }),
  );
  const rotate = useMutation(
    trpc.triggers.rotateSecret.mutationOptions({
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.triggers.delete.mutationOptions({
      onSuccess: () => toast.success('Trigger deleted'),
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: refresh,
    }),
  );

  return (
    <>
      <PageHeader
        title="Webhook triggers"
        description="Signed URLs that start runs of a published workflow, with an optional callback when a run ends."
        breadcrumbs={[{ label: 'Settings' }, { label: 'Triggers' }]}
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden />
            New trigger
          </Button>
        }
      />

      <Card>
        <CardHeader title="Triggers" description={triggers.data ? `${triggers.data.length} in this workspace` : ' '} />
        {triggers.isPending ? (
          <div className="grid gap-3 p-5">
            {[0, 1].map((i) => (
              <Skeleton key={i} className="h-16" />
            ))}
          </div>
        ) : triggers.error ? (
          <p role="alert" className="p-5 text-sm text-red-700">
            {errorMessage(triggers.error)}
          </p>
        ) : triggers.data.length === 0 ? (
          <div className="p-5">
            <EmptyState
              icon={<Webhook />}
              title="No triggers yet"
              description="Create one to let a claims portal or an RPA bot start runs over HTTPS."
              className="border-0 py-6"
            />
          </div>
        ) : (
          <ul>
            {triggers.data.map((t) => {
              const url = `${origin}${t.path}`;
              return (
                <li
                  key={t.id}
                  className="grid gap-2 border-b border-zinc-100 px-5 py-4 last:border-0"
                  data-testid="trigger-row"
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium text-zinc-900">{t.name}</span>
                    <span className="text-sm text-zinc-500">→ {t.workflowName}</span>
                    {t.enabled ? <Badge tone="success">Enabled</Badge> : <Badge tone="muted">Disabled</Badge>}
                    {!t.published ? <Badge tone="warning">Workflow not published</Badge> : null}
                    <div className="ml-auto flex items-center gap-1">
                      <Button
                        variant="secondary"
                        size="sm"
                        disabled={update.isPending}
                        onClick={() =>
                          update.mutate({ workspaceId: workspace.id, triggerId: t.id, enabled: !t.enabled })
                        }
                      >
                        {t.enabled ? 'Disable' : 'Enable'}
                      </Button>
                      <Button variant="ghost" size="icon" aria-label={`Edit ${t.name}`} onClick={() => setEditing(t)}>
                        <Pencil aria-hidden />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Rotate the secret of ${t.name}`}
                        onClick={() => setConfirm({ kind: 'rotate', id: t.id, name: t.name })}
                      >
                        <KeyRound aria-hidden />
                      </Button>
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Delete ${t.name}`}
                        onClick={() => setConfirm({ kind: 'delete', id: t.id, name: t.name })}
                      >
                        <Trash2 aria-hidden className="text-zinc-500" />
                      </Button>
                    </div>
                  </div>
                  <div className="flex items-center gap-2">
                    <code className="min-w-0 flex-1 truncate rounded bg-zinc-50 px-2 py-1 font-mono text-xs text-zinc-700">
                      POST {url}
                    </code>
                    <CopyButton value={url} label="Copy URL" />
                  </div>
                  <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-500">
                    <span>Callback: {t.callbackUrl ?? 'none'}</span>
                    <span>
                      JSON ≤ {mb(t.settings.maxJsonBytes)} · uploads ≤ {mb(t.settings.maxUploadBytes)} ·{' '}
                      {t.settings.maxFiles} files
                    </span>
                    <span>
                      {t.settings.ratePerSecond}/s (burst {t.settings.burst}) · wait ≤ {t.settings.maxWaitSeconds} s
                    </span>
                    <span>Secret {t.secretRotatedAt ? `set ${dateFmt.format(t.secretRotatedAt)}` : 'missing'}</span>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </Card>

      <Card className="mt-6">
        <CardHeader
          title="Signing requests"
          description="Every request carries Conveyor-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of “t.body”>. Signatures older than 5 minutes, or used twice, are refused."
        />
        <div className="grid gap-4 p-5">
          <CodeBlock
            label="curl + openssl"
            code={curlExample(`${origin}/api/hooks/<triggerId>`, '<your trigger secret>')}
          />
          <CodeBlock label="Verifying a run callback (Node.js)" code={verifyExample()} />
        </div>
      </Card>

      <CreateTriggerDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => setRevealed({ title: `“${c.name}” is ready`, secret: c.secret, path: c.path })}
      />
      <TriggerLimitsDialog trigger={editing} onClose={() => setEditing(null)} />
      {revealed ? (
        <SecretDialog
          open
          onClose={() => setRevealed(null)}
          title={revealed.title}
          secret={revealed.secret}
          url={`${origin}${revealed.path}`}
        />
      ) : null}
      <Dialog
        open={!!confirm}
        onClose={() => setConfirm(null)}
        title={confirm?.kind === 'rotate' ? `Rotate the secret of “${confirm.name}”?` : `Delete “${confirm?.name}”?`}
        description={
          confirm?.kind === 'rotate'
            ? 'Requests signed with the current secret are refused from now on. Update the sender right after.'
            : 'Its URL stops working at once. Runs it started are kept.'
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirm(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={rotate.isPending || remove.isPending}
              onClick={() => {
                if (!confirm) return;
                const args = { workspaceId: workspace.id, triggerId: confirm.id };
                if (confirm.kind === 'delete') remove.mutate(args, { onSuccess: () => setConfirm(null) });
                else
                  rotate.mutate(args, {
                    onSuccess: (r) => {
                      const t = triggers.data?.find((x) => x.id === confirm.id);
                      setConfirm(null);
                      setRevealed({ title: `New secret for “${confirm.name}”`, secret: r.secret, path: t?.path ?? '' });
                    },
                  });
              }}
            >
              {confirm?.kind === 'rotate' ? 'Rotate secret' : 'Delete trigger'}
            </Button>
          </>
        }
      />
    </>
  );
}
