import { describe, expect, it } from 'vitest';
import { configIssues, configJsonSchema, formatConfigPath } from '../sdk/config.ts';
import { detectorConfigSchema, detectorDefinition } from './detector.definition.ts';

const paths = (config: unknown) => configIssues(detectorDefinition, config).map((i) => formatConfigPath(i.path));

describe('detector definition', () => {
  it('takes a media list and emits detections or an error', () => {
    expect(detectorDefinition.inputs.media).toMatchObject({ type: 'media[]', required: true });
    expect(detectorDefinition.outputs.error.kind).toBe('error');
  });

  it('defaults to the COCO detector, all classes, 0.4 confidence', () => {
    expect(detectorConfigSchema.parse({})).toEqual({
      model: 'coco-detector',
      classes: [],
      minConfidence: 0.4,
      maxDetections: 100,
    });
  });

  it('accepts a pinned version, classes and a region of interest', () => {
    expect(
      paths({
        modelVersion: '1.2.0',
        classes: ['cell phone', 'laptop'],
        regionOfInterest: { x: 0.1, y: 0.1, width: 0.8, height: 0.5 },
      }),
    ).toEqual([]);
  });

  it('refuses bad values field by field', () => {
    expect(
      paths({ model: 'COCO Detector', modelVersion: 'latest', minConfidence: 1.5, maxDetections: 0, classes: [''] }),
    ).toEqual(['model', 'modelVersion', 'classes[0]', 'minConfidence', 'maxDetections']);
  });

  it('keeps the region inside the image', () => {
    expect(paths({ regionOfInterest: { x: 0.5, y: 0.6, width: 0.6, height: 0.5 } })).toEqual([
      'regionOfInterest.width',
      'regionOfInterest.height',
    ]);
    expect(paths({ regionOfInterest: { x: 0, y: 0, width: 0, height: 1 } })).toEqual(['regionOfInterest.width']);
  });

  it('exposes model picker and slider hints to the form', () => {
    const schema = configJsonSchema(detectorDefinition) as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties['model']).toMatchObject({
      widget: 'model-picker',
      task: 'detect',
      default: 'coco-detector',
    });
    expect(schema.properties['minConfidence']).toMatchObject({ widget: 'slider', minimum: 0, maximum: 1 });
    expect(schema.properties['regionOfInterest']).toMatchObject({ widget: 'region' });
  });
});
