import { hashToken, type Db, type Role } from '@conveyor/db';
import { problem } from '../../rest/problem.ts';
import { TOKEN_PREFIX } from './api-token-view.ts';

export interface ApiPrincipal {
  tokenId: string;
  workspaceId: string;
  role: Role;
  /** The user who created the token: decisions made with it are recorded as theirs. */
  userId: string | null;
}

const BEARER = new RegExp(`^Bearer\\s+(${TOKEN_PREFIX}_[A-Za-z0-9_-]{20,100})\\s*$`);

/**
 * `Authorization: Bearer cvy_…` → the token's workspace and role. One indexed read by
 * hash; `last_used_at` is written at most once a minute per token, so a busy client
 * does not turn every read into a write.
 */
export async function authenticateApiToken(db: Pick<Db, 'pool'>, header: string | null): Promise<ApiPrincipal> {
  if (!header)
    throw problem('token-missing', 'Send Authorization: Bearer cvy_… (create a token in Settings → API tokens)');
  const match = BEARER.exec(header);
  if (!match) throw problem('token-invalid', 'The Authorization header does not carry a Conveyor API token');
  const { rows } = await db.pool.query<{
    id: string;
    workspace_id: string;
    role: Role;
    created_by_id: string | null;
    stale: boolean;
  }>(
    `SELECT id, workspace_id, role, created_by_id,
            (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
       FROM api_tokens
      WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
    [hashToken(match[1]!)],
  );
  const row = rows[0];
  if (!row) throw problem('token-invalid', 'This API token is unknown, expired or revoked');
  if (row.stale) {
    void db.pool
      .query(
        `UPDATE api_tokens SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [row.id],
      )
      .catch(() => {});
  }
  return { tokenId: row.id, workspaceId: row.workspace_id, role: row.role, userId: row.created_by_id };
}
