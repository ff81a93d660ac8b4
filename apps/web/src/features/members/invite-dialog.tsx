'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Dialog } from '@/components/ui/dialog';
import { Input, Select } from '@/components/ui/input';
import { Field } from '@/components/ui/label';
import { useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage, fieldErrors } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import { ROLE_OPTIONS, type RoleValue } from './role-labels';

/**
 * Invite by link: Conveyor sends no mail, so the link is shown once, to be copied and sent
 * by the inviter. Only its hash is stored; closing the dialog loses it (re-invite to renew).
 */
export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<RoleValue>('editor');
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.members.listInvites.queryKey() }),
    }),
  );
  const link = invite.data ? new URL(invite.data.invitePath, window.location.origin).toString() : null;
  const errors = fieldErrors(invite.error);
  const close = () => {
    onClose();
    invite.reset();
    setEmail('');
    setRole('editor');
  };
  const roles = ROLE_OPTIONS.filter((r) => r.value !== 'owner' || workspace.role === 'owner');

  return (
    <Dialog
      open={open}
      onClose={close}
      title={link ? 'Invite link ready' : 'Invite a member'}
      description={link ? undefined : `They will join ${workspace.name} with the role you choose.`}
      footer={
        link ? (
          <Button onClick={close}>Done</Button>
        ) : (
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" form="invite-form" loading={invite.isPending}>
              Create invite link
            </Button>
          </>
        )
      }
    >
      {link && invite.data ? (
        <div className="grid gap-3">
          <p className="text-sm text-zinc-600">
            Send this link to <strong className="font-medium text-zinc-900">{invite.data.email}</strong>. It works once
            and expires on {invite.data.expiresAt.toLocaleDateString(undefined, { dateStyle: 'medium' })}.
          </p>
          <div className="flex items-center gap-2">
            <Input
              readOnly
              value={link}
              aria-label="Invite link"
              data-testid="invite-link"
              onFocus={(e) => e.currentTarget.select()}
              className="font-mono text-xs"
            />
            <CopyButton value={link} label="Copy link" />
          </div>
          <p className="text-xs text-zinc-500">
            The link is shown only now. If it gets lost, invite the same email again.
          </p>
        </div>
      ) : (
        <form
          id="invite-form"
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            invite.mutate({ workspaceId: workspace.id, email, role });
          }}
        >
          <Field label="Email" error={errors.email?.[0]}>
            <Input
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              placeholder="name@company.com"
              autoFocus
              required
            />
          </Field>
          <Field label="Role" hint={ROLE_OPTIONS.find((r) => r.value === role)?.description}>
            <Select value={role} onChange={(e) => setRole(e.target.value as RoleValue)}>
              {roles.map((r) => (
                <option key={r.value} value={r.value}>
                  {r.label}
                </option>
              ))}
            </Select>
          </Field>
          {invite.error && !errors.email ? (
            <p role="alert" className="text-sm text-red-700">
              {errorMessage(invite.error)}
            </p>
          ) : null}
        </form>
      )}
    </Dialog>
  );
}
