import { cn } from '@/lib/cn';

/**
 * The fallback for values no evidence view knows: pretty-printed JSON, scrollable,
 * selectable, capped so a huge record cannot freeze the page.
 */
export function JsonView({
  value,
  className,
  maxChars = 20_000,
}: {
  value: unknown;
  className?: string;
  maxChars?: number;
}) {
  let text: string;
  try {
    text = JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    text = String(value);
  }
  const cut = text.length > maxChars;
  return (
    <div className={cn('space-y-1', className)}>
      <pre className="max-h-96 overflow-auto rounded-md bg-zinc-950 p-3 text-xs leading-relaxed text-zinc-100">
        {cut ? `${text.slice(0, maxChars)}\n…` : text}
      </pre>
      {cut ? (
        <p className="text-xs text-zinc-500">
          Showing the first {maxChars.toLocaleString()} of {text.length.toLocaleString()} characters.
        </p>
      ) : null}
    </div>
  );
}
