import { z } from 'zod';
import { modelField, modelVersionField, regionField } from '../sdk/config-fields.ts';
import { defineNode } from '../sdk/define-node.ts';

export const classifierConfigSchema = z.strictObject({
  model: modelField('defect-classifier', 'classify'),
  modelVersion: modelVersionField,
  aggregate: z.enum(['max', 'mean']).default('max').meta({
    title: 'Combine photos by',
    description: 'max: the strongest photo decides (one clear photo of a defect is enough); mean: the average',
    widget: 'select',
  }),
  regionOfInterest: regionField,
});

export const classifierDefinition = defineNode({
  type: 'classifier',
  version: 1,
  title: 'Classifier',
  category: 'vision',
  description: 'Scores each image against the model’s labels (e.g. defect vs. ok) and reports the winning label.',
  icon: 'tags',
  config: classifierConfigSchema,
  inputs: {
    media: { type: 'media[]', title: 'Images', required: true },
  },
  outputs: {
    classification: { type: 'classification', title: 'Classification' },
    error: { type: 'record', title: 'Error', kind: 'error' },
  },
});
