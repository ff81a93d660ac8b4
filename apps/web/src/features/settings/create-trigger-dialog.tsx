'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input, Select } from '@/components/ui/input';
import { Field } from '@/components/ui/label';
import { useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage, fieldErrors } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';

/** Name, workflow and optional callback URL; on success the parent shows the secret. */
export function CreateTriggerDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (created: { secret: string; path: string; name: string }) => void;
}) {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const workflows = useQuery({ ...trpc.triggers.workflows.queryOptions({ workspaceId: workspace.id }), enabled: open });
  const [name, setName] = useState('');
  const [workflowId, setWorkflowId] = useState('');
  const [callbackUrl, setCallbackUrl] = useState('');
  const create = useMutation(
    trpc.triggers.create.mutationOptions({
      onSuccess: (data) => {
        void queryClient.invalidateQueries({ queryKey: trpc.triggers.list.queryKey() });
        onCreated({ secret: data.secret, path: data.trigger.path, name: data.trigger.name });
        close();
      },
    }),
  );
  const errors = fieldErrors(create.error);
  const close = () => {
    onClose();
    create.reset();
    setName('');
    setWorkflowId('');
    setCallbackUrl('');
  };
  const chosen = workflows.data?.find((w) => w.id === workflowId);

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New webhook trigger"
      description="External systems POST signed requests to its URL to start runs of the workflow."
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" form="create-trigger-form" loading={create.isPending} disabled={!workflowId}>
            Create trigger
          </Button>
        </>
      }
    >
      <form
        id="create-trigger-form"
        className="grid gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ workspaceId: workspace.id, workflowId, name, callbackUrl: callbackUrl.trim() || null });
        }}
      >
        <Field label="Name" error={errors.name?.[0]}>
          <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Claims portal" required />
        </Field>
        <Field
          label="Workflow"
          hint={chosen && !chosen.published ? 'Not published yet: requests get 409 until you publish it.' : undefined}
          error={errors.workflowId?.[0]}
        >
          <Select value={workflowId} onChange={(e) => setWorkflowId(e.target.value)} required>
            <option value="" disabled>
              {workflows.isPending ? 'Loading…' : 'Choose a workflow'}
            </option>
            {workflows.data?.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
                {w.published ? '' : ' (not published)'}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label="Callback URL (optional)"
          hint="When a run finishes, Conveyor POSTs the result here, signed with the same secret, retried with backoff."
          error={errors.callbackUrl?.[0]}
        >
          <Input
            type="url"
            value={callbackUrl}
            onChange={(e) => setCallbackUrl(e.target.value)}
            placeholder="https://claims.example.com/conveyor/callback"
          />
        </Field>
        {create.error && !Object.keys(errors).length ? (
          <p role="alert" className="text-sm text-red-700">
            {errorMessage(create.error)}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
