'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Field } from '@/components/ui/label';
import { errorMessage, fieldErrors } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';
import type { CurrentWorkspace } from './workspace-context';

export function RenameWorkspaceDialog({
  workspace,
  open,
  onClose,
}: {
  workspace: CurrentWorkspace;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState(workspace.name);
  const rename = useMutation(
    trpc.workspaces.rename.mutationOptions({
      onSuccess: (ws) => {
        toast.success(`Renamed to ${ws.name}`);
        void queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() });
        onClose();
        router.refresh(); // the shell is server-rendered: fetch the new name
      },
    }),
  );
  const errors = fieldErrors(rename.error);
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Rename workspace"
      description="The address (URL) stays the same, so links keep working."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="rename-workspace" loading={rename.isPending}>
            Save
          </Button>
        </>
      }
    >
      <form
        id="rename-workspace"
        onSubmit={(e) => {
          e.preventDefault();
          rename.mutate({ workspaceId: workspace.id, name });
        }}
      >
        <Field
          label="Name"
          error={errors.name?.[0] ?? (rename.error && !errors.name ? errorMessage(rename.error) : undefined)}
        >
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            minLength={2}
            maxLength={80}
            autoFocus
          />
        </Field>
      </form>
    </Dialog>
  );
}
