import { encodePng, generateSample, type RgbImage } from '@conveyor/inference';

/**
 * The demo workspace's first claims. Photos come from the synthetic surface renderer the
 * defect classifier was trained on (packages/inference), drawn at start — nothing stored,
 * nothing downloaded — so the models really score them and the template really routes
 * them. Seeds and blends were picked so the mix covers each branch of the triage rule:
 * confident defects and faint ones go to a reviewer (no product or serial in view, so
 * nothing is approved without a person), clean surfaces and a badly exposed photo get a
 * request for more evidence. Measured defect scores (defect-classifier 1.0.0) in notes.
 */
export interface DemoClaim {
  claimId: string;
  productSku: string;
  customer: string;
  description: string;
  /** What the claim is there to show in the demo (also kept in the run's record). */
  scenario: 'clear-defect' | 'uncertain' | 'no-damage' | 'poor-photo';
  photo: () => RgbImage;
}

const SIZE = 320;
type Surface = Parameters<typeof generateSample>[2] & {};

const surface = (seed: number, options: Surface) => generateSample(seed, 0, { size: SIZE, ...options });

/** A faint defect: the damaged render laid over the same surface undamaged, at `weight`. */
function faint(seed: number, options: Surface & { label: 'scratch' | 'crack' | 'dent' }, weight: number): RgbImage {
  const damaged = surface(seed, options);
  const clean = surface(seed, { ...options, label: 'clean' });
  const rgb = clean.rgb.map((v, i) => Math.round(v * (1 - weight) + damaged.rgb[i]! * weight));
  return { rgb, width: SIZE, height: SIZE };
}

/** A photo taken in the dark: almost black, the surface barely visible. */
function underexposed(seed: number, options: Surface, gain: number): RgbImage {
  const img = surface(seed, options);
  return { rgb: img.rgb.map((v) => Math.round(v * gain)), width: img.width, height: img.height };
}

export const DEMO_CLAIMS: readonly DemoClaim[] = [
  {
    claimId: 'DEMO-2001',
    productSku: 'PHONE-X2',
    customer: 'Maria Lopez',
    description: 'Screen cracked after two weeks of normal use.',
    scenario: 'clear-defect',
    photo: () => surface(59, { label: 'crack', material: 'glass' }), // defect ≈ 0.99
  },
  {
    claimId: 'DEMO-2002',
    productSku: 'KETTLE-7',
    customer: 'Tom Becker',
    description: 'Dent in the side panel, arrived like this.',
    scenario: 'clear-defect',
    photo: () => surface(23, { label: 'dent', material: 'painted' }), // defect ≈ 0.99
  },
  {
    claimId: 'DEMO-2003',
    productSku: 'TABLET-10',
    customer: 'Aiko Tanaka',
    description: 'Deep scratches across the display glass.',
    scenario: 'clear-defect',
    photo: () => surface(11, { label: 'scratch', material: 'glass' }), // defect ≈ 0.99
  },
  {
    claimId: 'DEMO-2004',
    productSku: 'TOASTER-4',
    customer: 'Sam Okafor',
    description: 'The casing looks slightly dented near the lever.',
    scenario: 'uncertain',
    photo: () => faint(31, { label: 'dent', material: 'plastic' }, 0.6), // defect ≈ 0.72
  },
  {
    claimId: 'DEMO-2005',
    productSku: 'PHONE-X2',
    customer: 'Lea Martin',
    description: 'Hairline crack? Only visible in some light.',
    scenario: 'uncertain',
    photo: () => faint(5, { label: 'crack', material: 'glass' }, 0.45), // defect ≈ 0.76
  },
  {
    claimId: 'DEMO-2006',
    productSku: 'LAPTOP-15',
    customer: 'Jonas Berg',
    description: 'Lid does not close properly.',
    scenario: 'no-damage',
    photo: () => surface(31, { label: 'clean', material: 'painted' }), // defect ≈ 0.04
  },
  {
    claimId: 'DEMO-2007',
    productSku: 'MONITOR-27',
    customer: 'Priya Nair',
    description: 'Screen flickers sometimes.',
    scenario: 'no-damage',
    photo: () => surface(59, { label: 'clean', material: 'glass' }), // defect ≈ 0.04
  },
  {
    claimId: 'DEMO-2008',
    productSku: 'HAIRDRYER-2',
    customer: 'Chris Doyle',
    description: 'Burn mark on the nozzle (photo taken at night).',
    scenario: 'poor-photo',
    photo: () => underexposed(31, { label: 'clean', material: 'painted' }, 0.12), // defect ≈ 0.03
  },
];

/** The claim's photo as the PNG a claimant would upload. */
export function demoClaimPng(claim: DemoClaim): Uint8Array {
  return encodePng(claim.photo());
}
