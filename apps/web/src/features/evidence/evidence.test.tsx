// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassifierScores } from './classifier-scores';
import { DetectionViewer } from './detection-viewer';
import { classifyValue, evidenceOf, formatTimestamp } from './evidence-model';
import { FrameStrip } from './frame-strip';
import { OcrEvidence } from './ocr-evidence';
import { RuleTrace } from './rule-trace';
import { StepEvidence } from './step-evidence';

afterEach(cleanup);

const SHA = 'b'.repeat(64);
const photo = (id: string) => ({
  mediaId: id,
  sha256: SHA,
  contentType: 'image/jpeg',
  size: 1000,
  width: 800,
  height: 600,
});
const model = { name: 'coco-detector', version: '3.3.6' };
const box = (x: number, y: number, w: number, h: number) => ({ x, y, width: w, height: h });
const detections = [
  { label: 'cell phone', score: 0.91, box: box(0.1, 0.2, 0.5, 0.4) },
  { label: 'cell phone', score: 0.35, box: box(0.6, 0.6, 0.2, 0.2) },
  { label: 'laptop', score: 0.72, box: box(0.05, 0.05, 0.3, 0.3) },
];

describe('DetectionViewer', () => {
  it('draws every box in natural pixel coordinates with label and score', () => {
    render(
      <DetectionViewer
        src="/img.jpg"
        alt="claim photo"
        detections={detections}
        width={800}
        height={600}
        model={model}
      />,
    );
    const svg = screen.getByRole('img', { name: /3 detections/ });
    expect(svg.getAttribute('viewBox')).toBe('0 0 800 600');
    const boxes = screen.getAllByTestId('detection-box');
    expect(boxes).toHaveLength(3);
    const best = boxes.find((b) => b.textContent?.includes('cell phone 0.91'))!;
    const rect = best.querySelector('rect')!;
    expect([
      rect.getAttribute('x'),
      rect.getAttribute('y'),
      rect.getAttribute('width'),
      rect.getAttribute('height'),
    ]).toEqual(['80', '120', '400', '240']);
    // Same class, same colour; another class, another colour.
    const stroke = (label: string) =>
      boxes.filter((b) => b.dataset.label === label).map((b) => b.querySelector('rect')!.getAttribute('stroke'));
    expect(new Set(stroke('cell phone')).size).toBe(1);
    expect(stroke('laptop')[0]).not.toBe(stroke('cell phone')[0]);
    expect(screen.getByText('80,120 400×240')).toBeTruthy();
    expect(screen.getByText(/coco-detector@3\.3\.6/)).toBeTruthy();
  });

  it('hides a class when toggled off and boxes under the score threshold', () => {
    render(<DetectionViewer src="/img.jpg" alt="claim photo" detections={detections} width={800} height={600} />);
    const laptop = screen.getByRole('button', { name: /laptop/ });
    fireEvent.click(laptop);
    expect(laptop.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getAllByTestId('detection-box').map((b) => b.dataset.label)).toEqual(['cell phone', 'cell phone']);
    fireEvent.change(screen.getByRole('slider'), { target: { value: '0.5' } });
    expect(screen.getAllByTestId('detection-box')).toHaveLength(1);
    expect(screen.getByText(/1 of 3 detections shown/)).toBeTruthy();
    fireEvent.click(laptop);
    expect(screen.getAllByTestId('detection-box')).toHaveLength(2);
  });

  it('highlights a box when its row is hovered, and dims the others', () => {
    render(<DetectionViewer src="/img.jpg" alt="claim photo" detections={detections} width={800} height={600} />);
    const row = screen.getByText('laptop', { selector: 'td span' }).closest('tr')!;
    fireEvent.mouseEnter(row);
    const boxes = screen.getAllByTestId('detection-box');
    const active = boxes.filter((b) => b.dataset.active);
    expect(active.map((b) => b.dataset.label)).toEqual(['laptop']);
    expect(boxes.filter((b) => !b.dataset.active).every((b) => b.getAttribute('opacity') === '0.35')).toBe(true);
    fireEvent.mouseLeave(row);
    expect(screen.getAllByTestId('detection-box').some((b) => b.dataset.active)).toBe(false);
  });

  it('waits for the image to know its size when the media ref has none', () => {
    render(<DetectionViewer src="/img.jpg" alt="claim photo" detections={detections} />);
    expect(screen.queryByTestId('detection-box')).toBeNull();
    const img = screen.getByAltText('claim photo') as HTMLImageElement;
    Object.defineProperty(img, 'naturalWidth', { value: 400 });
    Object.defineProperty(img, 'naturalHeight', { value: 300 });
    fireEvent.load(img);
    expect(screen.getByRole('img', { name: /detections/ }).getAttribute('viewBox')).toBe('0 0 400 300');
  });
});

describe('ClassifierScores', () => {
  it('lists labels best first as meters, the winner marked', () => {
    render(
      <ClassifierScores
        scores={{ ok: 0.38, defect: 0.62 }}
        label="defect"
        model={{ name: 'defect-classifier', version: '1.0.0' }}
      />,
    );
    const meters = screen.getAllByRole('meter');
    expect(meters.map((m) => m.getAttribute('aria-label'))).toEqual(['defect score', 'ok score']);
    expect(meters[0]!.getAttribute('aria-valuenow')).toBe('0.62');
    expect(screen.getByText('0.62').className).toMatch(/font-semibold/);
  });
});

describe('OcrEvidence', () => {
  it('shows the text beside its stored crop, with confidence and the corrected serial', () => {
    render(
      <OcrEvidence
        text="SN AB12345670"
        confidence={0.87}
        serial="AB12345670"
        serialRaw="AB1234S67O"
        cropSrc="/api/media/c1"
      />,
    );
    expect(screen.getByText('SN AB12345670')).toBeTruthy();
    expect(screen.getByAltText('Region the text was read from').getAttribute('src')).toBe('/api/media/c1');
    expect(screen.getByText('0.87')).toBeTruthy();
    expect(screen.getByText(/read as AB1234S67O/)).toBeTruthy();
  });

  it('draws the crop from the box on the whole image when no crop was stored', () => {
    render(
      <OcrEvidence
        text="X1"
        confidence={0.5}
        source={{ src: '/full.jpg', width: 1000, height: 500, box: box(0.2, 0.4, 0.3, 0.1) }}
      />,
    );
    const svg = screen.getByRole('img', { name: 'Region the text was read from' });
    expect(svg.getAttribute('viewBox')).toBe('200 200 300 50');
  });
});

describe('RuleTrace', () => {
  it('explains the decision row by row and marks the row that matched', () => {
    render(
      <RuleTrace
        decision={{
          outcome: 'review',
          source: 'rule',
          decidedAt: '2026-11-20T10:00:00.000Z',
          rowIndex: 1,
          reasonCode: 'uncertain',
          trace: [
            'Row 1 "approve": defect score 0.62 is not at least 0.85',
            'Row 2 "review": defect score 0.62 is in the review band 0.40–0.85 → review',
            'Row 3 "more-info": not evaluated (row 2 matched first)',
            'Row 2 matched → review',
          ],
        }}
      />,
    );
    const items = within(screen.getByRole('list', { name: 'Decision trace' })).getAllByRole('listitem');
    expect(items.map((i) => i.dataset.state)).toEqual(['not-matched', 'matched', 'not-evaluated', 'outcome']);
    expect(items[1]!.textContent).toContain('defect score 0.62 is in the review band 0.40–0.85 → review');
    expect(screen.getByText('Decided by rule')).toBeTruthy();
    expect(screen.getByText('reason: uncertain')).toBeTruthy();
  });
});

describe('FrameStrip', () => {
  it('shows frames with timestamps and their best hit, and selects with click and arrows', () => {
    const picked: string[] = [];
    const { rerender } = render(
      <FrameStrip
        frames={[
          { mediaId: 'f1', src: '/f1', timestampMs: 0 },
          {
            mediaId: 'f2',
            src: '/f2',
            timestampMs: 1500,
            hits: [
              { label: 'crack', score: 0.4 },
              { label: 'crack', score: 0.81 },
            ],
          },
          { mediaId: 'f3', src: '/f3', timestampMs: 83_400 },
        ]}
        selectedId="f1"
        onSelect={(id) => picked.push(id)}
      />,
    );
    expect(screen.getByText('3 frames · 1 with hits')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Frame 2 at 1.5 s, 2 hits' }).textContent).toContain('crack 0.81');
    expect(screen.getByText('1:23.4')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Frame 3/ }));
    fireEvent.keyDown(screen.getByRole('list', { name: 'Video frames' }), { key: 'ArrowRight' });
    expect(picked).toEqual(['f3', 'f2']);
    rerender(<FrameStrip frames={[{ mediaId: 'f1', src: '/f1' }]} />);
    expect(screen.getByText('#1')).toBeTruthy();
  });
  it('formats timestamps', () => {
    expect(formatTimestamp(12_000)).toBe('12.0 s');
    expect(formatTimestamp(61_060)).toBe('1:01.1');
  });
});

describe('evidence model and StepEvidence', () => {
  it('recognises each port value by its shape', () => {
    expect(classifyValue('media', [photo('m1')]).kind).toBe('media');
    expect(classifyValue('detections', { model, items: [] }).kind).toBe('detections');
    expect(classifyValue('c', { model, label: 'ok', score: 0.9, scores: { ok: 0.9 } }).kind).toBe('classification');
    expect(classifyValue('t', { model, text: 'A', confidence: 0.5, serial: null }).kind).toBe('text');
    expect(classifyValue('review', { outcome: 'review', source: 'rule', decidedAt: '2026-11-20T10:00:00Z' }).kind).toBe(
      'decision',
    );
    expect(
      classifyValue('samples', { videos: [{ videoId: 'v', frames: [{ mediaId: 'f', timestampMs: 0 }] }] }).kind,
    ).toBe('frames');
    expect(classifyValue('record', { claimId: 'C-1' }).kind).toBe('json');
    expect(evidenceOf({ a: null, b: 1 })).toEqual([{ kind: 'json', port: 'b', value: 1 }]);
  });

  it('draws a detector step over the image from its inputs, and falls back to JSON for the unknown', () => {
    render(
      <StepEvidence
        values={{
          detections: { model, items: [{ mediaId: 'm1', label: 'laptop', score: 0.72, box: box(0.1, 0.1, 0.5, 0.5) }] },
          record: { claimId: 'C-1' },
        }}
        context={[{ media: [photo('m1')] }]}
        mediaUrl={(id) => `/media/${id}`}
      />,
    );
    expect(screen.getByAltText('Image m1 with detections').getAttribute('src')).toBe('/media/m1');
    // Width and height come from the media ref in the context: boxes draw at once.
    expect(screen.getByRole('img', { name: '1 detection drawn on the image' }).getAttribute('viewBox')).toBe(
      '0 0 800 600',
    );
    expect(screen.getByRole('region', { name: 'record' }).textContent).toContain('"claimId": "C-1"');
  });

  it('shows sampled frames as a strip with times and the hits found on them downstream', () => {
    render(
      <StepEvidence
        values={{
          frames: [photo('f1'), photo('f2')],
          samples: {
            videos: [
              {
                videoId: 'v1',
                frames: [
                  { mediaId: 'f1', timestampMs: 0 },
                  { mediaId: 'f2', timestampMs: 2000 },
                ],
              },
            ],
          },
        }}
        context={[
          { detections: { model, items: [{ mediaId: 'f2', label: 'scratch', score: 0.66, box: box(0, 0, 1, 1) }] } },
        ]}
      />,
    );
    expect(screen.queryByRole('region', { name: 'samples' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Frame 2 at 2.0 s, 1 hit' }).textContent).toContain('scratch 0.66');
    expect(screen.getByRole('button', { name: 'Frame 1 at 0.0 s' })).toBeTruthy();
  });

  it("shows the image a detector looked at even when it kept nothing, from the step's inputs", () => {
    render(<StepEvidence values={{ detections: { model, items: [] } }} inputs={{ media: [photo('m9')] }} />);
    expect(screen.getByText(/No detections above the node’s minimum confidence/)).toBeTruthy();
    expect(screen.getByRole('img', { name: '0 detections drawn on the image' })).toBeTruthy();
    expect(screen.getByAltText('Image m9 with detections').getAttribute('src')).toBe('/api/media/m9');
  });

  it('says when there is nothing', () => {
    render(<StepEvidence values={null} empty="No outputs yet" />);
    expect(screen.getByText('No outputs yet')).toBeTruthy();
  });
});
