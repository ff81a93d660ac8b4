import pg from 'pg';

/** Counts statements sent through pg (polling included) until stop() is called. */
export function countStatements() {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let n = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return original.apply(this, args);
  };
  return {
    stop() {
      proto.query = original;
      return n;
    },
  };
}
