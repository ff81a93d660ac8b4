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
    calmLostConnections(log);
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

/** Postgres going away: the server shut down (57P01, 57P03) or the socket closed under us. */
export function isLostConnection(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === '57P01' || e.code === '57P03' || e.code === 'ECONNRESET' || e.code === 'ECONNREFUSED') return true;
  return typeof e.message === 'string' && /^Connection terminated( unexpectedly)?$/.test(e.message);
}

/**
 * While stopping, a database connection that closes under a client nobody listens to
 * (a driver's internal client, or a server stopped by the same Ctrl-C when it is not
 * ours to order) must not end the shutdown with a crash and a stack trace: one calm line.
 * The capture callback, not an 'uncaughtException' listener: tfjs' WASM runtime installs
 * a listener that rethrows. Anything else still fails the process, with its stack.
 */
function calmLostConnections(log: (msg: string) => void) {
  let said = false;
  try {
    process.setUncaughtExceptionCaptureCallback((error) => {
      if (isLostConnection(error)) {
        if (!said) log(`database connection closed while stopping (${(error as Error).message})`);
        said = true;
        return;
      }
      log(`uncaught error while stopping: ${(error as Error)?.stack ?? String(error)}`);
      process.exit(1);
    });
  } catch {
    // Another capture callback is set (a domain): leave it in charge.
  }
}
