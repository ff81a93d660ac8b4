import { z } from 'zod';
import { defineNode } from '../sdk/define-node.ts';

const contentTypePattern = z
  .string()
  .regex(/^[a-z]+\/(?:\*|[a-z0-9][a-z0-9.+-]*)$/, 'Use a MIME type such as image/jpeg or image/*');

const caseField = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'Field names use letters, digits and _, e.g. claimId');

export const ingestConfigSchema = z
  .strictObject({
    acceptedTypes: z
      .array(contentTypePattern)
      .min(1)
      .max(20)
      .default(['image/jpeg', 'image/png', 'image/webp'])
      .meta({ title: 'Accepted file types', description: 'image/* accepts every image type', widget: 'tags' }),
    maxFileMb: z
      .number()
      .positive()
      .max(2048)
      .default(25)
      .meta({ title: 'Largest file (MB)', description: 'Larger uploads are refused (413), never truncated' }),
    minFiles: z.number().int().min(1).max(50).default(1).meta({ title: 'Fewest files' }),
    maxFiles: z.number().int().min(1).max(50).default(10).meta({ title: 'Most files' }),
    requiredFields: z.array(caseField).max(50).default([]).meta({
      title: 'Required case fields',
      description: 'Fields every submission must carry, e.g. claimId, productSku',
      widget: 'tags',
    }),
  })
  .superRefine((config, ctx) => {
    if (config.minFiles > config.maxFiles) {
      ctx.addIssue({ code: 'custom', path: ['minFiles'], message: 'Fewest files cannot exceed most files' });
    }
  });

export const ingestDefinition = defineNode({
  type: 'ingest',
  version: 1,
  title: 'Ingest',
  category: 'input',
  description: 'Starts a run with the submitted photos, videos or documents and the case fields sent with them.',
  icon: 'inbox',
  entry: true,
  config: ingestConfigSchema,
  inputs: {},
  outputs: {
    media: { type: 'media[]', title: 'Media' },
    record: { type: 'record', title: 'Case fields' },
  },
});
