import type { Metadata } from 'next';
import { AuthFrame } from '@/features/auth/brand';
import { InviteAcceptance } from '@/features/members/invite-acceptance';
import { getSessionUser } from '@/server/auth/session';
import { getDb } from '@/server/db';
import { AppError } from '@/server/errors';
import { previewInvite } from '@/server/services/members/accept-invite';

export const metadata: Metadata = { title: 'Invitation' };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token: raw } = await params;
  const token = decodeURIComponent(raw);
  const preview = await previewInvite({ db: getDb(), token }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return null;
    throw error;
  });
  const user = await getSessionUser();
  return (
    <AuthFrame>
      {preview ? (
        <InviteAcceptance token={token} invite={preview} user={user} />
      ) : (
        <div role="alert">
          <h1 className="text-lg font-semibold">This invite link is not valid</h1>
          <p className="mt-2 text-sm text-zinc-500">
            Check that you copied the whole link, or ask the person who invited you for a new one.
          </p>
        </div>
      )}
    </AuthFrame>
  );
}
