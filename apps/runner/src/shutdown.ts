/**
 * Runs `stop` once on SIGINT/SIGTERM. A second Ctrl-C while stopping forces exit, so a
 * stuck shutdown never traps the operator.
 */
export function onShutdown(stop: (signal: string) => Promise<void>, log: (msg: string) => void) {
  let stopping = false;
  let firstAt = 0;
  const handler = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches every process of the foreground group, and the npm/bootstrap wrappers
    // forward it too: copies arriving within a second are the same keypress.
    if (stopping && Date.now() - firstAt < 1000) return;
    if (stopping) {
      // A person pressing Ctrl-C twice wants out now; a repeated SIGTERM (a supervisor
      // reaping, our own orphan check) must not cut the graceful shutdown short.
      if (signal !== 'SIGINT') return;
      log('second Ctrl-C: exiting now');
      process.exit(130);
    }
    stopping = true;
    firstAt = Date.now();
    stop(signal).then(
      () => process.exit(0),
      (error) => {
        log(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

/**
 * Under `up`, a child whose supervisor died (SIGKILL) stops itself instead of running on
 * unsupervised with the port and the database: it notices its parent changed.
 */
export function exitWhenOrphaned(supervised: boolean) {
  if (!supervised) return;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}
