import { verifyPassword, type Db } from '@conveyor/db';
import { AppError } from '@/server/errors';
import type { LoginThrottles } from './login-throttle';

// A valid hash of a random password: unknown emails cost the same scrypt time as known
// ones, so response time does not reveal which emails have accounts.
const DUMMY_HASH = '$scrypt$ln=15,r=8,p=1$3q2+7w3q2+7w3q2+7w3q2w==$Pq0yq0mKX6n0lC0k8x2b2Yc2o9bq0mKX6n0lC0k8x2Y=';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
}

/**
 * Checks an email and password. Returns the user, or null for any mismatch (never saying
 * which part was wrong). Throws TOO_MANY_REQUESTS while the email or client address is
 * being throttled.
 */
export async function verifyCredentials(input: {
  db: Pick<Db, 'prisma'>;
  throttle: LoginThrottles;
  email: string;
  password: string;
  clientAddress?: string;
}): Promise<SignedInUser | null> {
  const email = normalizeEmail(input.email);
  const { byEmail, byAddress } = input.throttle;
  const emailKeys = [email];
  const addressKeys = input.clientAddress ? [input.clientAddress] : [];
  const wait = Math.max(byEmail.retryAfterMs(emailKeys), byAddress.retryAfterMs(addressKeys));
  if (wait > 0) {
    throw new AppError('TOO_MANY_REQUESTS', 'sign_in_throttled', 'Too many failed sign-in attempts', {
      retryAfterMs: wait,
    });
  }
  const user = await input.db.prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user?.passwordHash || !ok) {
    byEmail.recordFailure(emailKeys);
    byAddress.recordFailure(addressKeys);
    return null;
  }
  byEmail.recordSuccess(emailKeys);
  return { id: user.id, email: user.email, name: user.name };
}
