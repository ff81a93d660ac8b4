import { z } from 'zod';
import type { Db } from '@conveyor/db';

export const exportInputSchema = z.object({
  format: z.enum(['coco', 'jsonl']),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  workflowId: z.uuid().optional(),
  /** `only`: labels where the reviewer disagreed with the model. */
  disagreement: z.enum(['any', 'only']).default('any'),
  limit: z.number().int().min(1).max(100_000).default(10_000),
});
export type ExportInput = z.input<typeof exportInputSchema>;

interface LabelRow {
  id: string;
  kind: 'box' | 'ocr' | 'class';
  data: {
    mediaSha256?: string | null;
    boxes?: { label: string; box: { x: number; y: number; width: number; height: number }; origin: string }[];
    changes?: unknown[];
    before?: string;
    after?: string;
    crop?: boolean;
    model?: { name: string; version: string } | null;
  };
  disagreement: number;
  created_at: Date;
  media_id: string | null;
  width: number | null;
  height: number | null;
  content_type: string | null;
  sha256: string | null;
  model_version: string | null;
  model_name: string | null;
  decision_id: string;
  action: string;
  reason_code: string | null;
  override: boolean;
  decided_at: Date;
  reviewer_id: string;
  reviewer_email: string;
  task_id: string;
  run_id: string;
  node_id: string;
  workflow_id: string;
  workflow_name: string;
  correlation_key: string | null;
}

/** Where a label came from: enough to trace it back to the run, the bytes and the model. */
function lineage(r: LabelRow) {
  const model = r.data.model ?? (r.model_name ? { name: r.model_name, version: r.model_version } : null);
  return {
    runId: r.run_id,
    taskId: r.task_id,
    decisionId: r.decision_id,
    workflowId: r.workflow_id,
    workflow: r.workflow_name,
    nodeId: r.node_id,
    correlationKey: r.correlation_key,
    mediaSha256: r.sha256 ?? r.data.mediaSha256 ?? null,
    model: model ? `${model.name}@${model.version}` : null,
    reviewer: { id: r.reviewer_id, email: r.reviewer_email },
    decision: { action: r.action, reasonCode: r.reason_code, override: r.override },
    decidedAt: r.decided_at.toISOString(),
    disagreement: r.disagreement,
  };
}

async function loadLabels(db: Pick<Db, 'pool'>, workspaceId: string, input: z.output<typeof exportInputSchema>) {
  const params: unknown[] = [workspaceId];
  const where = ['l.workspace_id = $1'];
  const add = (sql: (p: string) => string, v: unknown) => {
    params.push(v);
    where.push(sql(`$${params.length}`));
  };
  if (input.from) add((p) => `l.created_at >= ${p}`, input.from);
  if (input.to) add((p) => `l.created_at < ${p}`, input.to);
  if (input.workflowId) add((p) => `t.workflow_id = ${p}`, input.workflowId);
  if (input.disagreement === 'only') where.push('l.disagreement > 0');
  params.push(input.limit);
  const { rows } = await db.pool.query<LabelRow>(
    `SELECT l.id, l.kind, l.data, l.disagreement, l.created_at, m.id AS media_id, m.width, m.height, m.content_type, m.sha256,
            mv.version AS model_version, mo.name AS model_name,
            d.id AS decision_id, d.action, d.reason_code, d.override, d.decided_at, u.id AS reviewer_id, u.email AS reviewer_email,
            t.id AS task_id, t.run_id, t.node_id, t.workflow_id, w.name AS workflow_name, r.correlation_key
       FROM labels l
       JOIN decisions d ON d.id = l.decision_id
       JOIN users u ON u.id = d.decided_by_id
       JOIN human_tasks t ON t.id = d.task_id
       JOIN runs r ON r.id = t.run_id
       JOIN workflows w ON w.id = t.workflow_id
       LEFT JOIN media_objects m ON m.id = l.media_id
       LEFT JOIN model_versions mv ON mv.id = l.model_version_id
       LEFT JOIN models mo ON mo.id = mv.model_id
      WHERE ${where.join(' AND ')}
      ORDER BY l.disagreement DESC, l.created_at ASC, l.id
      LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/**
 * The learning loop's output: reviewers' corrections as training data, most-disputed
 * first. COCO JSON carries the corrected boxes (pixels when the image size is known);
 * JSONL carries one line per label (boxes, OCR before/after) — both with lineage.
 */
export async function exportDataset(x: {
  db: Pick<Db, 'pool'>;
  workspaceId: string;
  input: ExportInput;
}): Promise<{ contentType: string; filename: string; body: string; count: number }> {
  const input = exportInputSchema.parse(x.input);
  const rows = await loadLabels(x.db, x.workspaceId, input);
  const stamp = new Date().toISOString().slice(0, 10);
  if (input.format === 'jsonl') {
    const lines = rows.map((r) =>
      JSON.stringify(
        r.kind === 'ocr'
          ? {
              kind: 'ocr',
              labelId: r.id,
              text: r.data.after,
              modelText: r.data.before,
              crop: r.data.crop ?? false,
              lineage: lineage(r),
            }
          : {
              kind: r.kind,
              labelId: r.id,
              boxes: r.data.boxes ?? [],
              changes: r.data.changes ?? [],
              lineage: lineage(r),
            },
      ),
    );
    return {
      contentType: 'application/x-ndjson',
      filename: `conveyor-labels-${stamp}.jsonl`,
      body: lines.join('\n') + (lines.length ? '\n' : ''),
      count: rows.length,
    };
  }
  const boxes = rows.filter((r) => r.kind === 'box');
  const categories = new Map<string, number>();
  const images: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [];
  boxes.forEach((r, index) => {
    const imageId = index + 1;
    const w = r.width ?? 1;
    const h = r.height ?? 1;
    images.push({
      id: imageId,
      file_name: `${r.sha256 ?? r.data.mediaSha256}`,
      width: r.width,
      height: r.height,
      conveyor_media_id: r.media_id,
      conveyor_lineage: lineage(r),
    });
    for (const b of r.data.boxes ?? []) {
      if (!categories.has(b.label)) categories.set(b.label, categories.size + 1);
      const bbox = [b.box.x * w, b.box.y * h, b.box.width * w, b.box.height * h].map((v) => Math.round(v * 100) / 100);
      annotations.push({
        id: annotations.length + 1,
        image_id: imageId,
        category_id: categories.get(b.label),
        bbox,
        area: Math.round(bbox[2]! * bbox[3]! * 100) / 100,
        iscrowd: 0,
        conveyor_origin: b.origin,
      });
    }
  });
  const coco = {
    info: {
      description: 'Conveyor reviewer corrections',
      version: '1.0',
      date_created: new Date().toISOString(),
      conveyor_filters: input,
      conveyor_bbox_units: 'pixels when the image size is known, else fractions of the image',
    },
    images,
    annotations,
    categories: [...categories].map(([name, id]) => ({ id, name, supercategory: 'object' })),
  };
  return {
    contentType: 'application/json',
    filename: `conveyor-boxes-${stamp}.coco.json`,
    body: JSON.stringify(coco, null, 2),
    count: boxes.length,
  };
}

export const overrideStatsSchema = z.array(
  z.object({
    nodeId: z.string(),
    workflowName: z.string(),
    model: z.string().nullable(),
    decisions: z.number().int(),
    overrides: z.number().int(),
    rate: z.number(),
  }),
);

/**
 * Override rate per human-task node and model version over a window: how often reviewers
 * disagree with what the models said (the drift signal reviewers see in the inbox header).
 */
export async function overrideStats(x: {
  db: Pick<Db, 'pool'>;
  workspaceId: string;
  days?: number;
}): Promise<z.infer<typeof overrideStatsSchema>> {
  const { rows } = await x.db.pool.query<{
    node_id: string;
    workflow_name: string;
    model: string | null;
    decisions: number;
    overrides: number;
  }>(
    `SELECT t.node_id, w.name AS workflow_name, mv.model, count(*)::int AS decisions,
            count(*) FILTER (WHERE d.override)::int AS overrides
       FROM decisions d
       JOIN human_tasks t ON t.id = d.task_id
       JOIN workflows w ON w.id = t.workflow_id
       LEFT JOIN LATERAL (
         SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(d.model_output -> 'models') = 'array'
                                               AND jsonb_array_length(d.model_output -> 'models') > 0
                                               THEN d.model_output -> 'models' ELSE '[null]'::jsonb END) AS model
       ) mv ON true
      WHERE t.workspace_id = $1 AND d.decided_at > now() - make_interval(days => $2)
      GROUP BY t.node_id, w.name, mv.model
      ORDER BY count(*) DESC, t.node_id, mv.model`,
    [x.workspaceId, x.days ?? 30],
  );
  return rows.map((r) => ({
    nodeId: r.node_id,
    workflowName: r.workflow_name,
    model: r.model,
    decisions: r.decisions,
    overrides: r.overrides,
    rate: r.decisions ? Math.round((r.overrides / r.decisions) * 1000) / 1000 : 0,
  }));
}
