import Link from 'next/link';
import { buttonClasses } from '@/components/ui/button';
import { Brand } from '@/features/auth/brand';

/** Unknown pages, and workspaces or records the user cannot see (the same answer on purpose). */
export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-6 p-6 text-center">
      <Brand />
      <div>
        <p className="text-sm font-semibold text-accent-700">404</p>
        <h1 className="mt-1 text-xl font-semibold tracking-tight">This page does not exist, or is not yours to see</h1>
        <p className="mt-2 max-w-md text-sm text-zinc-500">
          The link may be old, or the workspace may belong to a team you are not in. Ask its admin for an invite.
        </p>
      </div>
      <Link href="/" className={buttonClasses({ variant: 'secondary' })}>
        Go to my workspace
      </Link>
    </main>
  );
}
