import { z } from 'zod';
import { defineNode } from '../sdk/define-node.ts';

export const frameSamplerConfigSchema = z.strictObject({
  mode: z.enum(['interval', 'scene']).default('interval').meta({
    title: 'Take frames',
    description: 'interval: at a fixed pace; scene: the first frame and wherever the picture changes',
    widget: 'select',
  }),
  everySeconds: z.number().min(0.1).max(3600).default(1).meta({
    title: 'One frame every (seconds)',
    description: 'In scene mode: the least time between two frames',
  }),
  sceneThreshold: z.number().min(0.05).max(0.95).default(0.3).meta({
    title: 'Scene change sensitivity',
    description: 'Scene mode: how much the picture must change (0.05 = any flicker, 0.95 = a hard cut)',
  }),
  startSeconds: z.number().min(0).default(0).meta({ title: 'Start at (seconds)' }),
  maxFrames: z
    .number()
    .int()
    .min(1)
    .max(600)
    .default(30)
    .meta({ title: 'Most frames per video', description: 'Caps model work for long videos' }),
  format: z.enum(['jpeg', 'png']).default('jpeg').meta({ title: 'Frame format', widget: 'select' }),
});

export const frameSamplerDefinition = defineNode({
  type: 'frame-sampler',
  version: 1,
  title: 'Sample video frames',
  category: 'vision',
  description: 'Turns each video into still frames at a fixed interval; photos pass through unchanged.',
  icon: 'film',
  config: frameSamplerConfigSchema,
  inputs: {
    media: { type: 'media[]', title: 'Videos and photos', required: true },
  },
  outputs: {
    frames: { type: 'media[]', title: 'Frames' },
    /** Per video: its frames with their timestamps and its duration, for reviewers and rules. */
    samples: { type: 'record', title: 'Frame times' },
    error: { type: 'record', title: 'Error', kind: 'error' },
  },
});
