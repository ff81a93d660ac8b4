'use client';

import { useMutation } from '@tanstack/react-query';
import { signIn, signOut } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button, buttonClasses } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Field } from '@/components/ui/label';
import { errorMessage, fieldErrors } from '@/lib/trpc/errors';
import { useTRPC } from '@/lib/trpc/react';

interface Invite {
  workspaceName: string;
  workspaceSlug: string;
  email: string;
  role: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  invitedBy: string | null;
  accountExists: boolean;
}

const STATUS_TEXT: Record<Exclude<Invite['status'], 'pending'>, string> = {
  accepted: 'This invitation has already been used.',
  revoked: 'This invitation was withdrawn.',
  expired: 'This invitation has expired.',
};

export function InviteAcceptance({
  token,
  invite,
  user,
}: {
  token: string;
  invite: Invite;
  user: { email: string; name: string | null } | null;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const goToWorkspace = (slug: string) => {
    router.replace(`/w/${slug}/workflows`);
    router.refresh();
  };
  const accept = useMutation(
    trpc.members.acceptInvite.mutationOptions({ onSuccess: (r) => goToWorkspace(r.workspaceSlug) }),
  );
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const create = useMutation(
    trpc.members.acceptInviteWithNewAccount.mutationOptions({
      onSuccess: async (r) => {
        setSigningIn(true);
        const result = await signIn('credentials', { email: r.email, password, redirect: false });
        if (!result || result.error) {
          setSigningIn(false);
          setFormError('Your account was created, but signing in failed. Sign in with your new password.');
          return;
        }
        goToWorkspace(r.workspaceSlug);
      },
    }),
  );
  const selfPath = `/invite/${encodeURIComponent(token)}`;

  const heading = (
    <>
      <h1 className="text-lg font-semibold tracking-tight">Join {invite.workspaceName}</h1>
      <p className="mt-1 mb-6 text-sm text-zinc-500">
        {invite.invitedBy ? `${invite.invitedBy} invited ` : 'An invitation for '}
        <strong className="font-medium text-zinc-800">{invite.email}</strong> to join as{' '}
        <strong className="font-medium text-zinc-800">{invite.role}</strong>.
      </p>
    </>
  );

  if (invite.status !== 'pending') {
    return (
      <div role="alert">
        <h1 className="text-lg font-semibold">{STATUS_TEXT[invite.status]}</h1>
        <p className="mt-2 text-sm text-zinc-500">Ask a workspace admin for a new invite link.</p>
        <Link href="/" className={buttonClasses({ variant: 'secondary' }) + ' mt-6 w-full'}>
          Go to Conveyor
        </Link>
      </div>
    );
  }

  if (user) {
    const matches = user.email.toLowerCase() === invite.email;
    return (
      <div>
        {heading}
        {matches ? (
          <>
            {accept.error ? (
              <p role="alert" className="mb-4 text-sm text-red-700">
                {errorMessage(accept.error)}
              </p>
            ) : null}
            <Button className="w-full" loading={accept.isPending} onClick={() => accept.mutate({ token })}>
              Join workspace
            </Button>
          </>
        ) : (
          <>
            <p
              role="alert"
              className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
            >
              You are signed in as {user.email}, but this invitation is for {invite.email}.
            </p>
            <Button variant="secondary" className="w-full" onClick={() => void signOut({ callbackUrl: selfPath })}>
              Sign out and continue as {invite.email}
            </Button>
          </>
        )}
      </div>
    );
  }

  if (invite.accountExists) {
    return (
      <div>
        {heading}
        <Link
          href={`/sign-in?callbackUrl=${encodeURIComponent(selfPath)}&email=${encodeURIComponent(invite.email)}`}
          className={buttonClasses() + ' w-full'}
        >
          Sign in to accept
        </Link>
      </div>
    );
  }

  const errors = fieldErrors(create.error);
  return (
    <div>
      {heading}
      <form
        className="grid gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          setFormError(null);
          if (password !== confirm) {
            setFormError('The passwords do not match.');
            return;
          }
          create.mutate({ token, name, password });
        }}
      >
        <Field label="Email">
          <Input value={invite.email} readOnly disabled autoComplete="username" />
        </Field>
        <Field label="Your name" error={errors.name?.[0]}>
          <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" autoFocus required />
        </Field>
        <Field label="Password" hint="At least 10 characters." error={errors.password?.[0]}>
          <Input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            required
            minLength={10}
          />
        </Field>
        <Field label="Confirm password">
          <Input
            type="password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            autoComplete="new-password"
            required
          />
        </Field>
        {formError || (create.error && !errors.name && !errors.password) ? (
          <p role="alert" className="text-sm text-red-700">
            {formError ?? errorMessage(create.error)}
          </p>
        ) : null}
        <Button type="submit" className="w-full" loading={create.isPending || signingIn}>
          Create account and join
        </Button>
      </form>
    </div>
  );
}
