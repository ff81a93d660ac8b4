import { z } from 'zod';
import { confidenceField, modelField, modelVersionField, regionField } from '../sdk/config-fields.ts';
import { defineNode } from '../sdk/define-node.ts';

/** OCR'd text is short, so a bounded pattern over it cannot stall the worker for long. */
const serialPattern = z
  .string()
  .min(1)
  .max(200)
  .superRefine((pattern, ctx) => {
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `Not a valid regular expression: ${(error as Error).message}` });
    }
  })
  .meta({
    title: 'Serial number pattern',
    description: 'Regular expression; the first match in the text becomes the serial number, e.g. [A-Z]{2}[0-9]{8}',
    widget: 'regex',
  });

export const ocrConfigSchema = z.strictObject({
  model: modelField('tesseract-eng', 'ocr'),
  modelVersion: modelVersionField,
  language: z.enum(['eng']).default('eng').meta({ title: 'Language', widget: 'select' }),
  serialPattern: serialPattern.optional(),
  minConfidence: confidenceField(0.6, 'Minimum word confidence', 'Words read with less confidence are left out'),
  regionOfInterest: regionField,
});

export const ocrDefinition = defineNode({
  type: 'ocr',
  version: 1,
  title: 'Read text (OCR)',
  category: 'vision',
  description: 'Reads printed text such as serial-number labels and picks out the serial number by pattern.',
  icon: 'scan-text',
  config: ocrConfigSchema,
  inputs: {
    media: { type: 'media[]', title: 'Images', required: true },
  },
  outputs: {
    text: { type: 'text', title: 'Text' },
    error: { type: 'record', title: 'Error', kind: 'error' },
  },
});
