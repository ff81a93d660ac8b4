import { cn } from '@/lib/cn';
import { formatScore } from './evidence-model';

export interface OcrEvidenceProps {
  text: string;
  confidence: number;
  /** The serial found by the node's pattern, and what OCR read before look-alike fixes. */
  serial?: string | null;
  serialRaw?: string;
  model?: { name: string; version: string };
  /** The stored crop of the region that was read, when the backend made one. */
  cropSrc?: string;
  /**
   * Otherwise, the crop drawn from the whole image: its URL, pixel size and the region
   * (normalised) the text was read from.
   */
  source?: { src: string; width: number; height: number; box: { x: number; y: number; width: number; height: number } };
  className?: string;
}

/** What OCR read, beside the crop it read it from, with confidence and serial. */
export function OcrEvidence({
  text,
  confidence,
  serial,
  serialRaw,
  model,
  cropSrc,
  source,
  className,
}: OcrEvidenceProps) {
  return (
    <div className={cn('grid gap-4 sm:grid-cols-[minmax(0,14rem)_1fr]', className)}>
      <div>
        {cropSrc ? (
          <img src={cropSrc} alt="Region the text was read from" className="w-full rounded-md border border-zinc-200" />
        ) : source ? (
          <svg
            role="img"
            aria-label="Region the text was read from"
            className="w-full rounded-md border border-zinc-200 bg-zinc-50"
            viewBox={`${source.box.x * source.width} ${source.box.y * source.height} ${Math.max(1, source.box.width * source.width)} ${Math.max(1, source.box.height * source.height)}`}
          >
            <image href={source.src} width={source.width} height={source.height} />
          </svg>
        ) : (
          <div className="flex h-20 items-center justify-center rounded-md border border-dashed border-zinc-300 text-xs text-zinc-500">
            No crop stored
          </div>
        )}
      </div>
      <dl className="space-y-2 text-sm">
        <div>
          <dt className="text-xs text-zinc-500">Text read</dt>
          <dd className="mt-0.5 rounded bg-zinc-50 px-2 py-1 font-mono text-sm break-words whitespace-pre-wrap text-zinc-900">
            {text || <span className="text-zinc-400 italic">nothing legible</span>}
          </dd>
        </div>
        <div className="flex flex-wrap gap-x-6 gap-y-1">
          <div>
            <dt className="text-xs text-zinc-500">Confidence</dt>
            <dd className="tabular-nums">{formatScore(confidence)}</dd>
          </div>
          {serial !== undefined ? (
            <div>
              <dt className="text-xs text-zinc-500">Serial</dt>
              <dd className="font-mono">
                {serial ?? <span className="text-zinc-400">not found</span>}
                {serialRaw && serial && serialRaw !== serial ? (
                  <span className="ml-2 text-xs text-amber-700">read as {serialRaw}, look-alikes corrected</span>
                ) : null}
              </dd>
            </div>
          ) : null}
          {model ? (
            <div>
              <dt className="text-xs text-zinc-500">Model</dt>
              <dd className="font-mono text-xs">
                {model.name}@{model.version}
              </dd>
            </div>
          ) : null}
        </div>
      </dl>
    </div>
  );
}
