'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeySquare, Plus } from 'lucide-react';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, Select } from '@/components/ui/input';
import { Field } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/spinner';
import { useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage, fieldErrors } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { CodeBlock } from './code-block';
import { apiExample } from './signing-examples';

const ROLES = ['owner', 'admin', 'editor', 'reviewer', 'viewer'] as const;
type Role = (typeof ROLES)[number];
const ROLE_HINT: Record<Role, string> = {
  owner: 'everything',
  admin: 'everything but ownership',
  editor: 'start and cancel runs, read everything',
  reviewer: 'decide review tasks, read everything',
  viewer: 'read only',
};
const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function TokensSettings() {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [origin, setOrigin] = useState('');
  useEffect(() => setOrigin(window.location.origin), []);
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [expires, setExpires] = useState('');
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);

  const tokens = useQuery(trpc.tokens.list.queryOptions({ workspaceId: workspace.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
  const create = useMutation(trpc.tokens.create.mutationOptions({ onSettled: refresh }));
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSuccess: () => {
        toast.success('Token revoked');
        setRevoking(null);
      },
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: refresh,
    }),
  );
  const errors = fieldErrors(create.error);
  const rank = ROLES.indexOf(workspace.role as Role);
  const closeCreate = () => {
    setCreating(false);
    create.reset();
    setName('');
    setRole('editor');
    setExpires('');
  };

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens for the REST API (/api/v1): each acts in this workspace with one role."
        breadcrumbs={[{ label: 'Settings' }, { label: 'API tokens' }]}
        actions={
          <Button onClick={() => setCreating(true)}>
            <Plus aria-hidden />
            New token
          </Button>
        }
      />
      <Card>
        <CardHeader
          title="Tokens"
          description="Only a hash of each token is stored; a lost token cannot be shown again."
        />
        {tokens.isPending ? (
          <div className="grid gap-3 p-5">
            <Skeleton className="h-9" />
          </div>
        ) : tokens.error ? (
          <p role="alert" className="p-5 text-sm text-red-700">
            {errorMessage(tokens.error)}
          </p>
        ) : tokens.data.length === 0 ? (
          <div className="p-5">
            <EmptyState
              icon={<KeySquare />}
              title="No tokens yet"
              description="Create one per system that calls the API."
              className="border-0 py-6"
            />
          </div>
        ) : (
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-zinc-100 text-left text-xs font-medium text-zinc-500">
                <th className="px-5 py-2 font-medium">Name</th>
                <th className="px-5 py-2 font-medium">Role</th>
                <th className="px-5 py-2 font-medium">Created</th>
                <th className="px-5 py-2 font-medium">Last used</th>
                <th className="px-5 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => {
                const expired = t.expiresAt && t.expiresAt < new Date();
                return (
                  <tr key={t.id} className="border-b border-zinc-100 last:border-0" data-testid="token-row">
                    <td className="px-5 py-3">
                      <div className="font-medium text-zinc-900">{t.name}</div>
                      <div className="font-mono text-xs text-zinc-500">{t.prefix}…</div>
                    </td>
                    <td className="px-5 py-3">
                      <Badge className="capitalize">{t.role}</Badge>
                    </td>
                    <td className="px-5 py-3 text-zinc-500">
                      {when.format(t.createdAt)}
                      {t.createdBy ? <div className="text-xs">by {t.createdBy.name ?? t.createdBy.email}</div> : null}
                    </td>
                    <td className="px-5 py-3 text-zinc-500" data-testid="token-last-used">
                      {t.lastUsedAt ? when.format(t.lastUsedAt) : 'never'}
                    </td>
                    <td className="px-5 py-3 text-right">
                      {t.revokedAt ? (
                        <Badge tone="muted">Revoked {when.format(t.revokedAt)}</Badge>
                      ) : expired ? (
                        <Badge tone="muted">Expired</Badge>
                      ) : (
                        <Button variant="ghost" size="sm" onClick={() => setRevoking({ id: t.id, name: t.name })}>
                          Revoke
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>
      <Card className="mt-6">
        <CardHeader
          title="Using a token"
          description="Send it as a bearer token. The OpenAPI document describes every route."
        />
        <div className="p-5">
          <CodeBlock label="curl" code={apiExample(origin, '<your token>')} />
        </div>
      </Card>

      <Dialog
        open={creating}
        onClose={closeCreate}
        title={create.data ? 'Token created' : 'New API token'}
        description={create.data ? 'Copy it now: it is shown only once.' : 'Give it the least role that does the job.'}
        className={create.data ? 'w-[min(44rem,calc(100vw-2rem))]!' : undefined}
        footer={
          create.data ? (
            <Button onClick={closeCreate}>Done</Button>
          ) : (
            <>
              <Button variant="secondary" onClick={closeCreate}>
                Cancel
              </Button>
              <Button type="submit" form="create-token-form" loading={create.isPending}>
                Create token
              </Button>
            </>
          )
        }
      >
        {create.data ? (
          <div className="grid gap-3">
            <div className="flex items-center gap-2">
              <Input
                readOnly
                value={create.data.token}
                aria-label="API token"
                data-testid="api-token"
                className="font-mono text-xs"
                onFocus={(e) => e.currentTarget.select()}
              />
              <CopyButton value={create.data.token} label="Copy token" />
            </div>
            <CodeBlock label="Try it" code={apiExample(origin, create.data.token)} />
          </div>
        ) : (
          <form
            id="create-token-form"
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({
                workspaceId: workspace.id,
                name,
                role,
                ...(expires ? { expiresInDays: Number(expires) } : {}),
              });
            }}
          >
            <Field label="Name" error={errors.name?.[0]}>
              <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Claims portal" required />
            </Field>
            <Field label="Role" hint={ROLE_HINT[role]} error={errors.role?.[0]}>
              <Select value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {ROLES.filter((r) => ROLES.indexOf(r) >= rank).map((r) => (
                  <option key={r} value={r} className="capitalize">
                    {r}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Expires after (days, optional)" error={errors.expiresInDays?.[0]}>
              <Input type="number" min="1" max="3650" value={expires} onChange={(e) => setExpires(e.target.value)} />
            </Field>
            {create.error && !Object.keys(errors).length ? (
              <p role="alert" className="text-sm text-red-700">
                {errorMessage(create.error)}
              </p>
            ) : null}
          </form>
        )}
      </Dialog>
      <Dialog
        open={!!revoking}
        onClose={() => setRevoking(null)}
        title={`Revoke “${revoking?.name}”?`}
        description="Requests with it are refused from the next one on. This cannot be undone."
        footer={
          <>
            <Button variant="secondary" onClick={() => setRevoking(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={revoke.isPending}
              onClick={() => revoking && revoke.mutate({ workspaceId: workspace.id, tokenId: revoking.id })}
            >
              Revoke token
            </Button>
          </>
        }
      />
    </>
  );
}
