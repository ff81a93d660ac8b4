'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MailPlus, Trash2, UserPlus, Users } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { Dialog } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Select } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/spinner';
import { useCan, useCurrentUser, useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { InviteDialog } from './invite-dialog';
import { ROLE_OPTIONS, type RoleValue } from './role-labels';

const roleLabel = (role: RoleValue) => ROLE_OPTIONS.find((r) => r.value === role)?.label ?? role;

const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export function MembersSettings({ workspaceName }: { workspaceName: string }) {
  const workspace = useWorkspace();
  const me = useCurrentUser();
  const canManage = useCan('member:manage');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState<{ membershipId: string; label: string } | null>(null);

  const members = useQuery(trpc.members.list.queryOptions({ workspaceId: workspace.id }));
  const invites = useQuery({
    ...trpc.members.listInvites.queryOptions({ workspaceId: workspace.id }),
    enabled: canManage,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.pathKey() });

  const changeRole = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: () => toast.success('Role changed'),
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: refresh,
    }),
  );
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: () => {
        toast.success('Member removed');
        setRemoving(null);
      },
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: refresh,
    }),
  );
  const revoke = useMutation(
    trpc.members.revokeInvite.mutationOptions({
      onSuccess: () => toast.success('Invitation revoked'),
      onError: (e) => toast.error(errorMessage(e)),
      onSettled: refresh,
    }),
  );

  const roleOptions = ROLE_OPTIONS.filter((r) => r.value !== 'owner' || workspace.role === 'owner');
  const mayEdit = (role: RoleValue) => canManage && (role !== 'owner' || workspace.role === 'owner');

  return (
    <>
      <PageHeader
        title="Members"
        description={`People in ${workspaceName} and what they may do.`}
        breadcrumbs={[{ label: 'Settings' }, { label: 'Members' }]}
        actions={
          canManage ? (
            <Button onClick={() => setInviting(true)}>
              <UserPlus aria-hidden />
              Invite member
            </Button>
          ) : null
        }
      />

      <Card>
        <CardHeader
          title="Members"
          description={members.data ? `${members.data.length} ${members.data.length === 1 ? 'person' : 'people'}` : ' '}
        />
        {members.isPending ? (
          <div className="grid gap-3 p-5">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-9" />
            ))}
          </div>
        ) : members.error ? (
          <p role="alert" className="p-5 text-sm text-red-700">
            {errorMessage(members.error)}
          </p>
        ) : (
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-zinc-100 text-left text-xs font-medium text-zinc-500">
                <th className="px-5 py-2 font-medium">Name</th>
                <th className="px-5 py-2 font-medium">Role</th>
                <th className="px-5 py-2 font-medium">Joined</th>
                <th className="px-5 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((m) => {
                const label = m.name ?? m.email;
                const isMe = m.userId === me.id;
                return (
                  <tr key={m.membershipId} className="border-b border-zinc-100 last:border-0" data-testid="member-row">
                    <td className="px-5 py-3">
                      <div className="font-medium text-zinc-900">
                        {label}
                        {isMe ? <span className="ml-1.5 text-xs font-normal text-zinc-500">(you)</span> : null}
                      </div>
                      <div className="text-xs text-zinc-500">{m.email}</div>
                    </td>
                    <td className="px-5 py-3">
                      {mayEdit(m.role) ? (
                        <Select
                          aria-label={`Role of ${label}`}
                          value={m.role}
                          className="h-8 w-32"
                          disabled={changeRole.isPending}
                          onChange={(e) =>
                            changeRole.mutate({
                              workspaceId: workspace.id,
                              membershipId: m.membershipId,
                              role: e.target.value as RoleValue,
                            })
                          }
                        >
                          {(m.role === 'owner' ? ROLE_OPTIONS : roleOptions).map((r) => (
                            <option key={r.value} value={r.value}>
                              {r.label}
                            </option>
                          ))}
                        </Select>
                      ) : (
                        <Badge tone={m.role === 'owner' || m.role === 'admin' ? 'accent' : 'neutral'}>
                          {roleLabel(m.role)}
                        </Badge>
                      )}
                    </td>
                    <td className="px-5 py-3 text-zinc-500">{dateFmt.format(m.joinedAt)}</td>
                    <td className="px-5 py-3 text-right">
                      {mayEdit(m.role) ? (
                        <Button
                          variant="ghost"
                          size="icon"
                          aria-label={`Remove ${label}`}
                          onClick={() => setRemoving({ membershipId: m.membershipId, label })}
                        >
                          <Trash2 aria-hidden className="text-zinc-500" />
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>

      {canManage ? (
        <Card className="mt-6">
          <CardHeader
            title="Pending invitations"
            description="Links not yet used. Each works once and expires after 7 days."
          />
          {invites.isPending ? (
            <div className="p-5">
              <Skeleton className="h-9" />
            </div>
          ) : invites.data && invites.data.length > 0 ? (
            <ul>
              {invites.data.map((inv) => (
                <li
                  key={inv.id}
                  className="flex items-center gap-4 border-b border-zinc-100 px-5 py-3 last:border-0"
                  data-testid="invite-row"
                >
                  <MailPlus aria-hidden className="size-4 text-zinc-400" />
                  <div className="min-w-0 flex-1">
                    <div className="truncate font-medium text-zinc-900">{inv.email}</div>
                    <div className="text-xs text-zinc-500">
                      {inv.invitedBy ? `Invited by ${inv.invitedBy} · ` : ''}expires {dateFmt.format(inv.expiresAt)}
                    </div>
                  </div>
                  <Badge>{roleLabel(inv.role)}</Badge>
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => revoke.mutate({ workspaceId: workspace.id, invitationId: inv.id })}
                    disabled={revoke.isPending}
                  >
                    Revoke
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <div className="p-5">
              <EmptyState
                icon={<Users />}
                title="No pending invitations"
                description="Invite colleagues by link; you choose their role."
                className="border-0 py-6"
              />
            </div>
          )}
        </Card>
      ) : null}

      <InviteDialog open={inviting} onClose={() => setInviting(false)} />
      <Dialog
        open={removing !== null}
        onClose={() => setRemoving(null)}
        title={`Remove ${removing?.label ?? ''}?`}
        description="They lose access to this workspace at once. Their past decisions and runs stay in the audit log."
        footer={
          <>
            <Button variant="secondary" onClick={() => setRemoving(null)}>
              Cancel
            </Button>
            <Button
              variant="danger"
              loading={remove.isPending}
              onClick={() =>
                removing && remove.mutate({ workspaceId: workspace.id, membershipId: removing.membershipId })
              }
            >
              Remove member
            </Button>
          </>
        }
      />
    </>
  );
}
