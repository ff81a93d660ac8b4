import type { SqlClient } from '@conveyor/db';
import { humanTaskDefinition } from '@conveyor/nodes';
import type { z } from 'zod';

export type HumanTaskConfig = z.output<typeof humanTaskDefinition.config>;

/**
 * The human-task node's config as the run's pinned workflow version has it (reason codes,
 * required reasons, no-self-approval, the evidence request). Versions are immutable, so an
 * edit to the draft never changes what an open task asks for.
 */
export async function loadNodeConfig(client: SqlClient, runId: string, nodeId: string): Promise<HumanTaskConfig> {
  const { rows } = await client.query<{ config: unknown }>(
    `SELECT n -> 'config' AS config
       FROM runs r JOIN workflow_versions v ON v.id = r.workflow_version_id,
            jsonb_array_elements(v.graph -> 'nodes') n
      WHERE r.id = $1 AND n ->> 'id' = $2`,
    [runId, nodeId],
  );
  const parsed = humanTaskDefinition.config.safeParse(rows[0]?.config ?? {});
  return parsed.success ? parsed.data : humanTaskDefinition.config.parse({});
}
