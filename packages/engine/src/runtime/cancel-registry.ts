/**
 * In-flight executions of this process by run, so a cancel can abort them at once
 * (the cancel arrives by LISTEN/NOTIFY from whichever process canceled the run).
 */
export class CancelRegistry {
  readonly #byRun = new Map<string, Set<AbortController>>();

  register(runId: string): AbortController {
    const controller = new AbortController();
    let set = this.#byRun.get(runId);
    if (!set) this.#byRun.set(runId, (set = new Set()));
    set.add(controller);
    return controller;
  }

  release(runId: string, controller: AbortController) {
    const set = this.#byRun.get(runId);
    set?.delete(controller);
    if (set && !set.size) this.#byRun.delete(runId);
  }

  abortRun(runId: string) {
    for (const c of this.#byRun.get(runId) ?? []) c.abort();
  }

  get inFlight(): number {
    let n = 0;
    for (const set of this.#byRun.values()) n += set.size;
    return n;
  }
}
