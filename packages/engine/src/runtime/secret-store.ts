import { decryptSecret, type Db } from '@conveyor/db';
import { NodeConfigError, type SecretStore } from '@conveyor/nodes/server';

/** `ctx.secrets`: workspace credentials, decrypted (AES-256-GCM) only when a node asks. */
export function createSecretStore(db: Pick<Db, 'pool'>, key: Buffer, workspaceId: string): SecretStore {
  return {
    async get(name) {
      const { rows } = await db.pool.query<{ ciphertext: string }>(
        'SELECT ciphertext FROM credentials WHERE workspace_id = $1 AND name = $2',
        [workspaceId, name],
      );
      if (!rows[0])
        throw new NodeConfigError(`No credential named "${name}" in this workspace`, { field: 'credential' });
      return decryptSecret(key, rows[0].ciphertext);
    },
  };
}
