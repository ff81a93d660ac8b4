import pino from 'pino';

export type Logger = pino.Logger;

/** JSON logs (one object per line); `up` renders them readably with a process prefix. */
export function createLogger(name: string, level: string): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
