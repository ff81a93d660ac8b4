// Runs once when the server starts. Under `npm start` the web server is a child of the
// supervisor; if the supervisor dies (even by SIGKILL) the server stops itself instead of
// holding the port unsupervised — the same rule the runner and pools follow.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.CONVEYOR_SUPERVISED !== '1') return;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}
