/**
 * What the models said, kept beside the human's answer on every decision, and whether the
 * human overrode them. The models' leaning is read from the evidence the task was opened
 * with: the classifier's winning label (a "clean" label leans reject, any other leans
 * approve) or, without a classifier, whether any detection is confident. A decision
 * overrides the models when it approves or rejects against that leaning, or when the
 * reviewer corrected boxes or text.
 */
export interface TaskEvidence {
  media?: { mediaId: string; sha256: string }[];
  detections?: { model?: { name: string; version: string }; items?: { label: string; score: number }[] };
  classification?: { model?: { name: string; version: string }; label: string; score: number };
  text?: { model?: { name: string; version: string }; text: string; confidence: number; serial?: string | null };
  decision?: { outcome?: string; reasonCode?: string; trace?: string[] };
}

const CLEAN_LABELS = new Set(['ok', 'no-defect', 'none', 'normal', 'pass', 'clean', 'good']);

export type Leaning = 'approve' | 'reject' | null;

export function modelLeaning(e: TaskEvidence): Leaning {
  if (e.classification) return CLEAN_LABELS.has(e.classification.label.toLowerCase()) ? 'reject' : 'approve';
  const items = e.detections?.items ?? [];
  if (items.length) return items.some((d) => d.score >= 0.5) ? 'approve' : 'reject';
  return null;
}

export function modelVersions(e: TaskEvidence): string[] {
  const out = new Set<string>();
  for (const m of [e.detections?.model, e.classification?.model, e.text?.model]) {
    if (m?.name && m.version) out.add(`${m.name}@${m.version}`);
  }
  return [...out].sort();
}

export function modelOutput(e: TaskEvidence) {
  return {
    leaning: modelLeaning(e),
    models: modelVersions(e),
    classification: e.classification ? { label: e.classification.label, score: e.classification.score } : null,
    detections: (e.detections?.items ?? []).length,
    text: e.text ? { text: e.text.text, confidence: e.text.confidence, serial: e.text.serial ?? null } : null,
    routing: e.decision ? { outcome: e.decision.outcome ?? null, reasonCode: e.decision.reasonCode ?? null } : null,
  };
}

export function isOverride(action: 'approve' | 'reject' | 'more_info', leaning: Leaning, corrected: boolean): boolean {
  if (corrected) return true;
  if (action === 'more_info' || leaning === null) return false;
  return action !== leaning;
}
