import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { StartupError } from '../errors.ts';

/**
 * One `npm start` per data folder: a second start while one runs would fight over the
 * embedded database and the port. A lock left by a killed process (pid gone) is taken over.
 */
export function acquireInstanceLock(file: string): () => void {
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new StartupError(
        `Conveyor is already running from this folder (pid ${pid}). Stop it first (Ctrl-C in its terminal, or kill ${pid}).`,
      );
    }
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
    } catch {
      /* already gone */
    }
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
