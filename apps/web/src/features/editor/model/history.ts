/**
 * Undo/redo over immutable snapshots. `record(before, key)` is called *before* a change
 * with the state it replaces; consecutive records with the same key inside `coalesceMs`
 * fold into one step (typing in a field, nudging with arrow keys), so one undo takes back
 * the whole gesture. Drags record once at drag start, not per mouse move.
 */
export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  private lastKey: string | undefined;
  private lastAt = 0;

  constructor(
    private readonly limit = 200,
    private readonly coalesceMs = 1000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  record(before: T, key?: string): void {
    const at = this.now();
    const coalesce = key !== undefined && key === this.lastKey && at - this.lastAt < this.coalesceMs;
    this.lastKey = key;
    this.lastAt = at;
    if (coalesce) return;
    this.past.push(before);
    if (this.past.length > this.limit) this.past.shift();
    this.future = [];
  }

  undo(current: T): T | undefined {
    const previous = this.past.pop();
    if (previous === undefined) return undefined;
    this.future.push(current);
    this.lastKey = undefined;
    return previous;
  }

  redo(current: T): T | undefined {
    const next = this.future.pop();
    if (next === undefined) return undefined;
    this.past.push(current);
    this.lastKey = undefined;
    return next;
  }

  /** Ends coalescing: the next record starts a new step even with the same key. */
  seal(): void {
    this.lastKey = undefined;
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.lastKey = undefined;
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }
}
