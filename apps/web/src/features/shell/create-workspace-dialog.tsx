'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Field } from '@/components/ui/label';
import { errorMessage, fieldErrors } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';

export function CreateWorkspaceForm({ onCreated }: { onCreated?: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.workspaces.create.mutationOptions({
      onSuccess: (ws) => {
        toast.success(`Created ${ws.name}`);
        onCreated?.();
        router.push(`/w/${ws.slug}/workflows`);
        router.refresh();
      },
    }),
  );
  const errors = fieldErrors(create.error);
  return (
    <form
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ name });
      }}
    >
      <Field label="Name" hint="Usually your team or business unit." error={errors.name?.[0]}>
        <Input
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Claims operations"
          autoFocus
          required
          minLength={2}
          maxLength={80}
        />
      </Field>
      {create.error && !errors.name ? (
        <p role="alert" className="text-sm text-red-700">
          {errorMessage(create.error)}
        </p>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" loading={create.isPending}>
          Create workspace
        </Button>
      </div>
    </form>
  );
}

export function CreateWorkspaceDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Create a workspace"
      description="You will be its owner and can invite others."
    >
      <CreateWorkspaceForm onCreated={onClose} />
    </Dialog>
  );
}
