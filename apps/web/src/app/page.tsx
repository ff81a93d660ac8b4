import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { CreateWorkspaceForm } from '@/features/shell/create-workspace-dialog';
import { Brand } from '@/features/auth/brand';
import { SignOutButton } from '@/features/auth/sign-out-button';
import { requireUser } from '@/server/auth/require-workspace';
import { getDb } from '@/server/db';
import { listMyWorkspaces } from '@/server/services/workspaces/list-my-workspaces';

export const metadata: Metadata = { title: 'Welcome' };

/** `/`: the user's first workspace, or — with none yet — a place to create one. */
export default async function Home() {
  const user = await requireUser('/');
  const [first] = await listMyWorkspaces({ db: getDb(), userId: user.id });
  if (first) redirect(`/w/${first.slug}/workflows`);
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-6">
      <Brand />
      <Card className="w-full max-w-md p-8">
        <h1 className="text-lg font-semibold tracking-tight">Welcome, {user.name ?? user.email}</h1>
        <p className="mt-1 mb-6 text-sm text-zinc-500">
          You are not in a workspace yet. Ask a colleague for an invite link, or create your own workspace.
        </p>
        <CreateWorkspaceForm />
        <div className="mt-6 border-t border-zinc-100 pt-4 text-right">
          <SignOutButton />
        </div>
      </Card>
    </main>
  );
}
