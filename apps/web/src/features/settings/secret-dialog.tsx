'use client';

import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { CodeBlock } from './code-block';
import { curlExample, multipartExample, nodeExample } from './signing-examples';

/**
 * A new or rotated trigger secret: shown this once, with the webhook URL and signed
 * examples already filled in. Only the ciphertext is stored; closing loses the secret.
 */
export function SecretDialog({
  open,
  onClose,
  title,
  secret,
  url,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  secret: string;
  url: string;
}) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={title}
      description="Copy the secret now: it is shown only once. Anyone with it can start runs of this workflow."
      className="w-[min(48rem,calc(100vw-2rem))]!"
      footer={<Button onClick={onClose}>I have stored the secret</Button>}
    >
      <div className="grid gap-4">
        <div className="grid gap-1.5">
          <span className="text-xs font-medium text-zinc-600">Signing secret</span>
          <div className="flex items-center gap-2">
            <Input
              readOnly
              value={secret}
              aria-label="Signing secret"
              data-testid="trigger-secret"
              className="font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton value={secret} label="Copy secret" />
          </div>
        </div>
        <div className="grid gap-1.5">
          <span className="text-xs font-medium text-zinc-600">Webhook URL</span>
          <div className="flex items-center gap-2">
            <Input readOnly value={url} aria-label="Webhook URL" className="font-mono text-xs" />
            <CopyButton value={url} label="Copy URL" />
          </div>
        </div>
        <CodeBlock
          label="curl + openssl (JSON, waits up to 30 s for the result)"
          code={curlExample(url, secret)}
          testId="curl-example"
        />
        <CodeBlock label="curl + openssl (multipart upload)" code={multipartExample(url, secret)} />
        <CodeBlock label="Node.js" code={nodeExample(url, secret)} />
      </div>
    </Dialog>
  );
}
