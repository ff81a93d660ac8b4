'use client';

import { forwardRef } from 'react';
import { Textarea } from '@/components/ui';
import { formatScore } from '@/features/evidence';
import type { TextResult } from '@/features/evidence/evidence-model';
import { cn } from '@/lib/cn';

/**
 * What OCR read beside the crop it read it from, editable: the reviewer fixes the text in
 * place and the correction is saved as a label (before/after, crop, model) with the
 * decision. Composes the runs view's crop display rather than replacing it.
 */
export const OcrEditor = forwardRef<
  HTMLTextAreaElement,
  {
    text: TextResult;
    cropSrc?: string;
    value: string;
    onChange: (value: string) => void;
    disabled?: boolean;
  }
>(function OcrEditor({ text, cropSrc, value, onChange, disabled }, ref) {
  const changed = value !== text.text;
  return (
    <div className="grid gap-4 sm:grid-cols-[minmax(0,16rem)_1fr]">
      <div>
        {cropSrc ? (
          <img src={cropSrc} alt="Region the text was read from" className="w-full rounded-md border border-zinc-200" />
        ) : (
          <div className="flex h-20 items-center justify-center rounded-md border border-dashed border-zinc-300 text-xs text-zinc-500">
            No crop stored
          </div>
        )}
      </div>
      <div className="space-y-2 text-sm">
        <label className="block space-y-1">
          <span className="flex items-center justify-between text-xs text-zinc-500">
            <span>
              Text <span className="text-zinc-400">(t to edit)</span>
            </span>
            {changed ? (
              <button type="button" className="text-accent-700 underline" onClick={() => onChange(text.text)}>
                restore model text
              </button>
            ) : null}
          </span>
          <Textarea
            ref={ref}
            rows={Math.min(6, Math.max(2, value.split('\n').length))}
            value={value}
            disabled={disabled}
            onChange={(e) => onChange(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
            }}
            className={cn('font-mono', changed && 'border-amber-400 bg-amber-50/50')}
            data-testid="ocr-text"
          />
        </label>
        {changed ? (
          <p className="text-xs text-amber-700">
            Model read <span className="font-mono">{text.text || '(nothing)'}</span>
          </p>
        ) : null}
        <div className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-zinc-500">
          <span>confidence {formatScore(text.confidence)}</span>
          <span>
            serial{' '}
            {text.serial ? (
              <span className="font-mono text-zinc-900">{text.serial}</span>
            ) : (
              <span className="text-red-600">not found</span>
            )}
          </span>
        </div>
      </div>
    </div>
  );
});
