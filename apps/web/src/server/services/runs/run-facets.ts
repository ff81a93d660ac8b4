import type { Db } from '@conveyor/db';

export interface RunFacets {
  workflows: {
    id: string;
    name: string;
    deleted: boolean;
    versions: { id: string; number: number; published: boolean }[];
  }[];
}

/**
 * What the runs filters offer: the workspace's workflows (deleted ones too while they
 * have runs) with the versions that ran.
 */
export async function getRunFacets({ db, workspaceId }: { db: Db; workspaceId: string }): Promise<RunFacets> {
  const { rows } = await db.pool.query<{
    id: string;
    name: string;
    deleted: boolean;
    versions: { id: string; number: number; published: boolean }[] | null;
  }>(
    `SELECT w.id, w.name, w.deleted_at IS NOT NULL AS deleted,
            (SELECT json_agg(json_build_object('id', v.id, 'number', v.version, 'published', v.published) ORDER BY v.version DESC)
               FROM workflow_versions v
              WHERE v.workflow_id = w.id AND EXISTS (SELECT 1 FROM runs r WHERE r.workflow_version_id = v.id)) AS versions
       FROM workflows w
      WHERE w.workspace_id = $1 AND (w.deleted_at IS NULL OR EXISTS (SELECT 1 FROM runs r WHERE r.workflow_id = w.id))
      ORDER BY lower(w.name)`,
    [workspaceId],
  );
  return { workflows: rows.map((r) => ({ ...r, versions: r.versions ?? [] })) };
}
