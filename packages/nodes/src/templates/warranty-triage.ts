import type { TemplateGraph, WorkflowTemplate } from './workflow-template.ts';

type Edge = TemplateGraph['edges'][number];

function edge(from: string, fromPort: string, to: string, toPort: string): Edge {
  return {
    id: `${from}.${fromPort}->${to}.${toPort}`,
    from: { node: from, port: fromPort },
    to: { node: to, port: toPort },
  };
}

/** Products the COCO detector can recognise that the demo retailer sells. */
const PRODUCT_CLASSES = ['cell phone', 'laptop', 'tv', 'keyboard', 'mouse', 'microwave', 'toaster', 'hair drier'];

const DEFECT_SCORE = 'classification.scores.defect';

/**
 * The reference case: a retailer's warranty claims. Photos go to three models at once
 * (fan-out); the rule waits for all three (fan-in) and routes by defect confidence:
 * high → approve automatically, medium → a reviewer, low → ask the claimant for more.
 * Decisions from the rule and the reviewer converge on one outbound webhook.
 */
export const warrantyTriageTemplate: WorkflowTemplate = {
  key: 'warranty-triage',
  name: 'Warranty claim triage',
  description:
    'Detects the product, scores visible defects and reads the serial number on claim photos; approves ' +
    'clear defects automatically, sends uncertain ones to a reviewer and asks for more evidence when the photos show too little.',
  graph: {
    nodes: [
      {
        id: 'claim',
        type: 'ingest',
        typeVersion: 1,
        label: 'Claim photos',
        position: { x: 0, y: 240 },
        config: {
          acceptedTypes: ['image/jpeg', 'image/png', 'image/webp'],
          maxFileMb: 25,
          minFiles: 1,
          maxFiles: 10,
          requiredFields: ['claimId', 'productSku'],
        },
      },
      {
        id: 'detect-product',
        type: 'detector',
        typeVersion: 1,
        label: 'Detect product',
        position: { x: 320, y: 40 },
        config: { model: 'coco-detector', classes: PRODUCT_CLASSES, minConfidence: 0.4, maxDetections: 50 },
      },
      {
        id: 'classify-defect',
        type: 'classifier',
        typeVersion: 1,
        label: 'Classify defect',
        position: { x: 320, y: 240 },
        config: { model: 'defect-classifier', aggregate: 'max' },
      },
      {
        id: 'read-serial',
        type: 'ocr',
        typeVersion: 1,
        label: 'Read serial number',
        position: { x: 320, y: 440 },
        config: { model: 'tesseract-eng', serialPattern: '[A-Z]{2}[0-9]{8}', minConfidence: 0.6 },
      },
      {
        id: 'triage',
        type: 'rule',
        typeVersion: 1,
        label: 'Triage by confidence',
        position: { x: 640, y: 240 },
        config: {
          ports: [
            { name: 'approve', title: 'Approve' },
            { name: 'review', title: 'Review' },
            { name: 'more-info', title: 'More info' },
          ],
          rows: [
            {
              name: 'auto-approve',
              match: 'all',
              port: 'approve',
              reasonCode: 'high-confidence-defect',
              conditions: [
                { kind: 'band', field: DEFECT_SCORE, min: 0.85, label: 'defect score' },
                { kind: 'present', field: 'text.serial', label: 'serial number' },
                {
                  kind: 'label',
                  field: 'detections.items',
                  labels: PRODUCT_CLASSES,
                  minScore: 0.5,
                  label: 'product detections',
                },
              ],
            },
            {
              name: 'review',
              match: 'all',
              port: 'review',
              reasonCode: 'medium-confidence',
              conditions: [{ kind: 'band', field: DEFECT_SCORE, min: 0.4, max: 0.85, label: 'defect score' }],
            },
            {
              name: 'more-info',
              match: 'all',
              port: 'more-info',
              reasonCode: 'low-confidence',
              conditions: [{ kind: 'band', field: DEFECT_SCORE, max: 0.4, label: 'defect score' }],
            },
          ],
          // A confident defect without a readable serial or a recognisable product needs a person.
          defaultPort: 'review',
        },
      },
      {
        id: 'review',
        type: 'human-task',
        typeVersion: 1,
        label: 'Review claim',
        position: { x: 960, y: 320 },
        config: {
          title: 'Review warranty claim',
          instructions:
            'Check that the photos show the claimed product, that the damage is a manufacturing defect ' +
            'rather than accidental, and that the serial number matches the claim.',
          group: 'warranty-reviewers',
          priority: 'normal',
          slaMinutes: 480,
          noSelfApproval: true,
          escalation: { afterMinutes: 360, priorityBump: 1 },
          // "More info" from the reviewer: a signed upload link to the claimant; the same run
          // waits, re-runs the models on the new photos and reopens the review.
          evidenceRequest: {
            url: 'https://claims.example.com/hooks/conveyor/evidence-request',
            secret: 'claims-webhook',
            slaMinutes: 4320,
            reminderMinutes: 1440,
          },
        },
      },
      {
        id: 'send-decision',
        type: 'webhook',
        typeVersion: 1,
        label: 'Send decision to claims system',
        position: { x: 1280, y: 160 },
        config: {
          url: 'https://claims.example.com/hooks/conveyor/decision',
          method: 'POST',
          secret: 'claims-webhook',
          timeoutMs: 10_000,
          maxAttempts: 5,
        },
      },
      {
        id: 'request-evidence',
        type: 'webhook',
        typeVersion: 1,
        label: 'Ask claimant for more evidence',
        position: { x: 1280, y: 480 },
        config: {
          url: 'https://claims.example.com/hooks/conveyor/evidence-request',
          method: 'POST',
          secret: 'claims-webhook',
          timeoutMs: 10_000,
          maxAttempts: 5,
        },
      },
    ],
    edges: [
      // Fan-out: every model sees the claim photos.
      edge('claim', 'media', 'detect-product', 'media'),
      edge('claim', 'media', 'classify-defect', 'media'),
      edge('claim', 'media', 'read-serial', 'media'),
      // Fan-in: the rule runs once all three models have answered.
      edge('detect-product', 'detections', 'triage', 'detections'),
      edge('classify-defect', 'classification', 'triage', 'classification'),
      edge('read-serial', 'text', 'triage', 'text'),
      edge('claim', 'record', 'triage', 'record'),
      // The reviewer gets the routing trace and all the evidence.
      edge('triage', 'review', 'review', 'decision'),
      edge('claim', 'media', 'review', 'media'),
      edge('detect-product', 'detections', 'review', 'detections'),
      edge('classify-defect', 'classification', 'review', 'classification'),
      edge('read-serial', 'text', 'review', 'text'),
      edge('claim', 'record', 'review', 'record'),
      // Results out: automatic and human decisions converge on the same deliveries.
      edge('triage', 'approve', 'send-decision', 'payload'),
      edge('review', 'approve', 'send-decision', 'payload'),
      edge('review', 'reject', 'send-decision', 'payload'),
      edge('triage', 'more-info', 'request-evidence', 'payload'),
      edge('review', 'more-info', 'request-evidence', 'payload'),
    ],
  },
};
