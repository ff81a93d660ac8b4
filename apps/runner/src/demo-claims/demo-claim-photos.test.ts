import { describe, expect, it } from 'vitest';
import { createDefectClassifierBackend } from '@conveyor/inference';
import { DEMO_CLAIMS, demoClaimPng } from './demo-claim-photos.ts';

// The demo mix only shows what it promises if the shipped classifier scores each photo in
// its band: a retrained model that moves them must come with new photos.
const BANDS = {
  'clear-defect': [0.85, 1],
  uncertain: [0.4, 0.85],
  'no-damage': [0, 0.4],
  'poor-photo': [0, 0.4],
} as const;

describe('demo claim photos', () => {
  it('are distinct claims, one photo each, covering every scenario', () => {
    expect(new Set(DEMO_CLAIMS.map((c) => c.claimId)).size).toBe(DEMO_CLAIMS.length);
    expect(new Set(DEMO_CLAIMS.map((c) => c.scenario))).toEqual(new Set(Object.keys(BANDS)));
  });

  it('score in their scenario band with the shipped defect classifier', async () => {
    const backend = createDefectClassifierBackend({ intraOpNumThreads: 1 });
    const results = await backend.run(
      DEMO_CLAIMS.map((claim) => ({
        media: { mediaId: claim.claimId, sha256: '0'.repeat(64), contentType: 'image/png' } as never,
        bytes: demoClaimPng(claim),
        params: {},
        putMedia: () => Promise.reject(new Error('not used')),
      })),
    );
    const scores = results.map((r, i) => {
      if (r instanceof Error) throw r;
      const defect = (r as { scores: { label: string; score: number }[] }).scores.find((s) => s.label === 'defect');
      return { claim: DEMO_CLAIMS[i]!.claimId, scenario: DEMO_CLAIMS[i]!.scenario, defect: defect!.score };
    });
    for (const s of scores) {
      const [min, max] = BANDS[s.scenario];
      expect(s.defect, `${s.claim} (${s.scenario})`).toBeGreaterThanOrEqual(min);
      expect(s.defect, `${s.claim} (${s.scenario})`).toBeLessThan(max);
    }
  }, 60_000);
});
