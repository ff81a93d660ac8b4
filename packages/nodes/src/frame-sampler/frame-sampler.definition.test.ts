import { describe, expect, it } from 'vitest';
import { portsCompatible } from '../sdk/port-types.ts';
import { configIssues, formatConfigPath } from '../sdk/config.ts';
import { frameSamplerConfigSchema, frameSamplerDefinition } from './frame-sampler.definition.ts';

const paths = (config: unknown) => configIssues(frameSamplerDefinition, config).map((i) => formatConfigPath(i.path));

describe('frame sampler definition', () => {
  it('turns media into frames that vision nodes accept', () => {
    expect(portsCompatible(frameSamplerDefinition.outputs.frames.type, 'media[]')).toBe(true);
  });

  it('defaults to one JPEG frame a second, at most 30', () => {
    expect(frameSamplerConfigSchema.parse({})).toEqual({
      mode: 'interval',
      everySeconds: 1,
      sceneThreshold: 0.3,
      startSeconds: 0,
      maxFrames: 30,
      format: 'jpeg',
    });
  });

  it('refuses bad values field by field', () => {
    expect(
      paths({ mode: 'cuts', everySeconds: 0.05, sceneThreshold: 1, startSeconds: -1, maxFrames: 601, format: 'gif' }),
    ).toEqual(['mode', 'everySeconds', 'sceneThreshold', 'startSeconds', 'maxFrames', 'format']);
    expect(paths({ everySeconds: 0.5, maxFrames: 600, format: 'png' })).toEqual([]);
  });
});
