import type { MediaRef } from '@conveyor/nodes';
import { cleanHousingJpeg, crackedScreenJpeg, scratchedPanelJpeg, serialLabelJpeg } from './demo-samples.data.ts';

/**
 * Demo claim photos an analyst can test-run a draft with when they have no photo at hand.
 * Drawn once by packages/inference's own generators — the synthetic surface renderer the
 * defect classifier was trained on (`generateSample(seed, 0, { label, material, size: 480 })`:
 * crack/glass seed 11, scratch/painted seed 23, clean/plastic seed 5) and the OCR tests'
 * label renderer (`renderLabel('KD20931874', { ...CLEAN, serialPx: 28 }, { seed: 3 })`),
 * encoded with `encodeJpeg` — and kept here as data so the web server needs no file layout.
 */
export interface DemoSample {
  key: string;
  title: string;
  description: string;
  files: { name: string; base64: string }[];
  record: Record<string, string>;
}

export const DEMO_SAMPLES: readonly DemoSample[] = [
  {
    key: 'cracked-screen',
    title: 'Cracked screen with serial label',
    description: 'A clear crack and a readable serial number: a confident defect',
    files: [
      { name: 'cracked-screen.jpg', base64: crackedScreenJpeg },
      { name: 'serial-label.jpg', base64: serialLabelJpeg },
    ],
    record: { claimId: 'DEMO-1001', productSku: 'PHONE-X2' },
  },
  {
    key: 'scratched-panel',
    title: 'Scratched panel',
    description: 'A fine scratch on a painted panel, no serial in view',
    files: [{ name: 'scratched-panel.jpg', base64: scratchedPanelJpeg }],
    record: { claimId: 'DEMO-1002', productSku: 'TOASTER-4' },
  },
  {
    key: 'clean-housing',
    title: 'Undamaged housing',
    description: 'No visible damage: the claimant should send more evidence',
    files: [{ name: 'clean-housing.jpg', base64: cleanHousingJpeg }],
    record: { claimId: 'DEMO-1003', productSku: 'LAPTOP-15' },
  },
];

export function findDemoSample(key: string): DemoSample | undefined {
  return DEMO_SAMPLES.find((s) => s.key === key);
}

/** Stores a demo sample's photos in the workspace's media store (content-addressed: a repeat is free). */
export async function storeDemoSample(
  media: { put: (data: Uint8Array, options: { contentType: string; filename?: string }) => Promise<MediaRef> },
  sample: DemoSample,
): Promise<MediaRef[]> {
  const refs: MediaRef[] = [];
  for (const file of sample.files) {
    refs.push(
      await media.put(new Uint8Array(Buffer.from(file.base64, 'base64')), {
        contentType: 'image/jpeg',
        filename: file.name,
      }),
    );
  }
  return refs;
}
