'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Field } from '@/components/ui/label';
import { useWorkspace } from '@/features/shell/workspace-context';
import { errorMessage, fieldErrors } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';

export interface EditableTrigger {
  id: string;
  name: string;
  callbackUrl: string | null;
  settings: {
    maxJsonBytes: number;
    maxUploadBytes: number;
    maxFiles: number;
    ratePerSecond: number;
    burst: number;
    maxWaitSeconds: number;
  };
}

const MB = 1024 * 1024;

/** Callback URL and limits of one trigger. */
export function TriggerLimitsDialog({ trigger, onClose }: { trigger: EditableTrigger | null; onClose: () => void }) {
  return trigger ? <Form key={trigger.id} trigger={trigger} onClose={onClose} /> : null;
}

function Form({ trigger, onClose }: { trigger: EditableTrigger; onClose: () => void }) {
  const workspace = useWorkspace();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(trigger.name);
  const [callbackUrl, setCallbackUrl] = useState(trigger.callbackUrl ?? '');
  const [jsonMb, setJsonMb] = useState(String(trigger.settings.maxJsonBytes / MB));
  const [uploadMb, setUploadMb] = useState(String(trigger.settings.maxUploadBytes / MB));
  const [maxFiles, setMaxFiles] = useState(String(trigger.settings.maxFiles));
  const [rate, setRate] = useState(String(trigger.settings.ratePerSecond));
  const [burst, setBurst] = useState(String(trigger.settings.burst));
  const [maxWait, setMaxWait] = useState(String(trigger.settings.maxWaitSeconds));
  const update = useMutation(
    trpc.triggers.update.mutationOptions({
      onSuccess: () => {
        toast.success('Trigger saved');
        void queryClient.invalidateQueries({ queryKey: trpc.triggers.list.queryKey() });
        onClose();
      },
    }),
  );
  const errors = fieldErrors(update.error);
  const settingsError = (k: string) => errors[`settings.${k}`]?.[0] ?? errors.settings?.[0];

  return (
    <Dialog
      open
      onClose={onClose}
      title={`Edit “${trigger.name}”`}
      description="Limits apply per request; the rate limit is per web process."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="trigger-limits-form" loading={update.isPending}>
            Save
          </Button>
        </>
      }
    >
      <form
        id="trigger-limits-form"
        className="grid grid-cols-2 gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({
            workspaceId: workspace.id,
            triggerId: trigger.id,
            name,
            callbackUrl: callbackUrl.trim() || null,
            settings: {
              maxJsonBytes: Math.round(Number(jsonMb) * MB),
              maxUploadBytes: Math.round(Number(uploadMb) * MB),
              maxFiles: Number(maxFiles),
              ratePerSecond: Number(rate),
              burst: Number(burst),
              maxWaitSeconds: Number(maxWait),
            },
          });
        }}
      >
        <Field label="Name" className="col-span-2" error={errors.name?.[0]}>
          <Input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
        <Field label="Callback URL" className="col-span-2" hint="Empty: no callback." error={errors.callbackUrl?.[0]}>
          <Input type="url" value={callbackUrl} onChange={(e) => setCallbackUrl(e.target.value)} />
        </Field>
        <Field label="Largest JSON body (MB)" error={settingsError('maxJsonBytes')}>
          <Input type="number" min="0.001" step="any" value={jsonMb} onChange={(e) => setJsonMb(e.target.value)} />
        </Field>
        <Field label="Largest upload (MB)" error={settingsError('maxUploadBytes')}>
          <Input type="number" min="0.001" step="any" value={uploadMb} onChange={(e) => setUploadMb(e.target.value)} />
        </Field>
        <Field label="Files per request" error={settingsError('maxFiles')}>
          <Input type="number" min="0" max="50" value={maxFiles} onChange={(e) => setMaxFiles(e.target.value)} />
        </Field>
        <Field label="Longest Prefer: wait (s)" error={settingsError('maxWaitSeconds')}>
          <Input type="number" min="0" max="60" value={maxWait} onChange={(e) => setMaxWait(e.target.value)} />
        </Field>
        <Field label="Requests per second" error={settingsError('ratePerSecond')}>
          <Input type="number" min="0.1" step="any" value={rate} onChange={(e) => setRate(e.target.value)} />
        </Field>
        <Field label="Burst" error={settingsError('burst')}>
          <Input type="number" min="1" value={burst} onChange={(e) => setBurst(e.target.value)} />
        </Field>
        {update.error && !Object.keys(errors).length ? (
          <p role="alert" className="col-span-2 text-sm text-red-700">
            {errorMessage(update.error)}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}
