import { z } from 'zod';

/**
 * Config fields shared by several node types, so the same setting looks and validates
 * the same everywhere in the editor.
 */

/** Registry model names: `coco-detector`, `defect-classifier`, `tesseract-eng`. */
export function modelField(defaultModel: string, task: 'detect' | 'classify' | 'ocr') {
  return z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'Model names use lowercase letters, digits, ".", "_" and "-"')
    .default(defaultModel)
    .meta({ title: 'Model', description: 'Model from the registry', widget: 'model-picker', task });
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Leaving the version out follows the registry's current version; pinning freezes it. */
export const modelVersionField = z.string().regex(SEMVER, 'Use a semantic version such as 1.2.0').optional().meta({
  title: 'Model version',
  description: 'Pin an exact version; leave empty to use the current one',
  widget: 'model-version',
});

export function confidenceField(defaultValue: number, title: string, description: string) {
  return z.number().min(0).max(1).default(defaultValue).meta({ title, description, widget: 'slider', step: 0.05 });
}

const fraction = z.number().min(0).max(1);

/** A rectangle in image fractions (0..1), so it applies to any resolution. */
export const regionSchema = z
  .strictObject({ x: fraction, y: fraction, width: fraction.positive(), height: fraction.positive() })
  .superRefine((r, ctx) => {
    if (r.x + r.width > 1 + 1e-9)
      ctx.addIssue({ code: 'custom', path: ['width'], message: 'Region extends past the right edge' });
    if (r.y + r.height > 1 + 1e-9)
      ctx.addIssue({ code: 'custom', path: ['height'], message: 'Region extends past the bottom edge' });
  });

export const regionField = regionSchema.optional().meta({
  title: 'Region of interest',
  description: 'Only look inside this part of the image; leave empty for the whole image',
  widget: 'region',
});

/** Class and label names as models report them ("cell phone", "scratch"). */
export const labelField = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}]+$/u, 'Labels cannot contain control characters');

/** Reason codes and group names: short, stable, kebab-case identifiers for reporting. */
export const codeField = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lowercase letters, digits and dashes, e.g. serial-unreadable')
  .max(64);
