import { z } from 'zod';
import { codeField } from '../sdk/config-fields.ts';
import { defineNode } from '../sdk/define-node.ts';

export const HUMAN_TASK_ACTIONS = ['approve', 'reject', 'more-info'] as const;
export type HumanTaskAction = (typeof HUMAN_TASK_ACTIONS)[number];

function actionSchema(title: string, reasonCodes: string[], requireReason: boolean) {
  return (
    z
      .strictObject({
        reasonCodes: z
          .array(codeField)
          .min(1)
          .max(30)
          .default(reasonCodes)
          .superRefine((codes, ctx) => {
            codes.forEach((code, index) => {
              if (codes.indexOf(code) !== index) {
                ctx.addIssue({ code: 'custom', path: [index], message: `Reason code '${code}' is listed twice` });
              }
            });
          })
          .meta({
            title: 'Reason codes',
            description: 'The reviewer picks one; reports group decisions by it',
            widget: 'tags',
          }),
        requireReason: z.boolean().default(requireReason).meta({ title: 'Reason required', widget: 'switch' }),
      })
      // prefault (not default) runs {} through the schema, so the field defaults above apply.
      .prefault({})
      .meta({ title })
  );
}

export const humanTaskConfigSchema = z.strictObject({
  title: z.string().trim().min(1).max(120).default('Review case').meta({ title: 'Task title' }),
  instructions: z
    .string()
    .max(5000)
    .default('')
    .meta({ title: 'Instructions', description: 'What the reviewer should check (Markdown)', widget: 'markdown' }),
  group: codeField
    .default('reviewers')
    .meta({ title: 'Team', description: 'Whose inbox receives the task', widget: 'group-picker' }),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal').meta({ title: 'Priority', widget: 'select' }),
  slaMinutes: z
    .number()
    .int()
    .min(1)
    .max(43_200)
    .default(240)
    .meta({ title: 'SLA (minutes)', description: 'When it passes undecided, the task expires and Timeout fires' }),
  actions: z
    .strictObject({
      approve: actionSchema('Approve', ['defect-confirmed', 'goodwill'], false),
      reject: actionSchema(
        'Reject',
        ['no-defect-visible', 'customer-damage', 'serial-mismatch', 'out-of-warranty'],
        true,
      ),
      'more-info': actionSchema(
        'Ask for more information',
        ['photo-unclear', 'serial-unreadable', 'receipt-needed'],
        true,
      ),
    })
    .prefault({})
    .meta({ title: 'Actions' }),
  escalation: z
    .strictObject({
      afterMinutes: z.number().int().min(1).max(43_200).meta({
        title: 'Escalate after (minutes)',
        description: 'Still undecided after this long: raise its priority and hand it to the escalation team',
      }),
      toGroup: codeField.optional().meta({ title: 'Escalation team', widget: 'group-picker' }),
      priorityBump: z.number().int().min(0).max(3).default(1).meta({ title: 'Raise priority by' }),
    })
    .optional()
    .meta({ title: 'Escalation', description: 'Before the SLA runs out; leave empty for none' }),
  evidenceRequest: z
    .strictObject({
      url: z
        .url({ protocol: /^https?$/, error: 'Use an http:// or https:// address' })
        .max(2048)
        .meta({ title: 'Claimant system address', description: 'Receives the signed request with the upload link' }),
      secret: z
        .string()
        .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Credential names use letters, digits, ".", "_" and "-"')
        .meta({ title: 'Signing credential', widget: 'credential-picker' }),
      slaMinutes: z.number().int().min(1).max(43_200).default(2880).meta({
        title: 'Wait for evidence (minutes)',
        description: 'The upload link expires then, and Timeout fires',
      }),
      reminderMinutes: z
        .number()
        .int()
        .min(1)
        .max(43_200)
        .default(1440)
        .meta({ title: 'Remind every (minutes)', description: 'Signed reminders until the evidence arrives' }),
    })
    .optional()
    .meta({
      title: 'Ask the claimant for evidence',
      description:
        'When set, "More info" sends an upload link and the same run waits; new media re-run the evidence steps and reopen the review. When empty, More info fires its port.',
    }),
  noSelfApproval: z.boolean().default(true).meta({
    title: 'No self-approval',
    description: 'Whoever submitted or last corrected the case cannot approve it (four-eyes principle)',
    widget: 'switch',
  }),
});

export const humanTaskDefinition = defineNode({
  type: 'human-task',
  version: 1,
  title: 'Human review',
  category: 'human',
  description:
    'Puts the case in a team’s inbox with its evidence and waits for a reviewer to approve, reject or ask for more.',
  icon: 'user-check',
  config: humanTaskConfigSchema,
  inputs: {
    media: { type: 'media[]', title: 'Evidence media', required: true },
    detections: { type: 'detections', title: 'Detections' },
    classification: { type: 'classification', title: 'Classification' },
    text: { type: 'text', title: 'Text (OCR)' },
    decision: {
      type: 'decision',
      title: 'Routing decision',
      description: 'The rule trace that sent the case here; when connected, the review opens only if this branch fires',
      gate: true,
    },
    record: { type: 'record', title: 'Case fields' },
  },
  outputs: {
    approve: { type: 'decision', title: 'Approved' },
    reject: { type: 'decision', title: 'Rejected' },
    'more-info': { type: 'decision', title: 'More info' },
    timeout: { type: 'decision', title: 'Timed out' },
  },
});
