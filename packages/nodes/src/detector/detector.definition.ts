import { z } from 'zod';
import { confidenceField, labelField, modelField, modelVersionField, regionField } from '../sdk/config-fields.ts';
import { defineNode } from '../sdk/define-node.ts';

export const detectorConfigSchema = z.strictObject({
  model: modelField('coco-detector', 'detect'),
  modelVersion: modelVersionField,
  classes: z.array(labelField).max(100).default([]).meta({
    title: 'Classes to keep',
    description: 'e.g. cell phone, laptop; leave empty to keep every class the model knows',
    widget: 'model-labels',
  }),
  minConfidence: confidenceField(0.4, 'Minimum confidence', 'Detections scoring lower are dropped'),
  maxDetections: z.number().int().min(1).max(500).default(100).meta({ title: 'Most detections per image' }),
  regionOfInterest: regionField,
});

export const detectorDefinition = defineNode({
  type: 'detector',
  version: 1,
  title: 'Object detector',
  category: 'vision',
  description: 'Finds objects in each image and draws a box around each, with a label and a confidence score.',
  icon: 'scan-search',
  config: detectorConfigSchema,
  inputs: {
    media: { type: 'media[]', title: 'Images', required: true },
  },
  outputs: {
    detections: { type: 'detections', title: 'Detections' },
    error: { type: 'record', title: 'Error', kind: 'error' },
  },
});
