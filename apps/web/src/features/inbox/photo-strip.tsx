'use client';

import { cn } from '@/lib/cn';

export interface StripPhoto {
  mediaId: string;
  src: string;
  contentType: string;
  /** Evidence round that brought it (0 = the claim as submitted). */
  round: number;
  boxes: number;
}

/** The case's photos as thumbnails (`,` and `.` step through them); new evidence is marked. */
export function PhotoStrip({
  photos,
  selectedId,
  onSelect,
}: {
  photos: StripPhoto[];
  selectedId: string | null;
  onSelect: (mediaId: string) => void;
}) {
  return (
    <div className="flex gap-2 overflow-x-auto pb-1" role="listbox" aria-label="Photos">
      {photos.map((p, i) => {
        const selected = p.mediaId === selectedId;
        return (
          <button
            key={p.mediaId}
            type="button"
            role="option"
            aria-selected={selected}
            onClick={() => onSelect(p.mediaId)}
            className={cn(
              'relative h-20 w-28 shrink-0 overflow-hidden rounded-md border-2 bg-zinc-100',
              selected ? 'border-accent-600' : 'border-transparent hover:border-zinc-300',
            )}
            title={`Photo ${i + 1}${p.round ? ` — sent in evidence round ${p.round}` : ''}`}
          >
            {p.contentType.startsWith('image/') ? (
              <img src={p.src} alt={`Photo ${i + 1}`} loading="lazy" className="h-full w-full object-cover" />
            ) : (
              <span className="flex h-full items-center justify-center text-xs text-zinc-500">video</span>
            )}
            <span className="absolute bottom-1 left-1 rounded bg-black/60 px-1 text-[10px] text-white">{i + 1}</span>
            {p.round > 0 ? (
              <span className="absolute top-1 right-1 rounded bg-sky-600 px-1 text-[10px] font-medium text-white">
                new · r{p.round}
              </span>
            ) : null}
            {p.boxes ? (
              <span className="absolute right-1 bottom-1 rounded bg-white/90 px-1 text-[10px] text-zinc-700">
                {p.boxes} box{p.boxes === 1 ? '' : 'es'}
              </span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}
