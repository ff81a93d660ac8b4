import pg from 'pg';

/**
 * A pg Client that turns the hot parameterised statements into named prepared statements,
 * so Postgres parses and plans each of them once per connection instead of on every call.
 * On the engine's hand-off path planning cost as much server time as executing (the
 * statements are CTEs and multi-row `unnest` writes planned in a fraction of a millisecond
 * each, thousands of times a second).
 *
 * Only `query(text, values)` with at least one value is named, and only once the same text
 * has been sent `PREPARE_AFTER` times: one-off statements (migrations, reports, texts with
 * inlined literals) stay unnamed, and the number of names is capped, so neither this
 * process nor a server backend collects statements without bound. Texts are global to the
 * process (one name per text), so a name never means two statements.
 *
 * Postgres re-plans a prepared statement by itself when statistics or the schema change.
 * Behind a transaction-mode connection pooler without prepared-statement support, switch
 * it off (`prepare: false` in DbOptions and BossOptions).
 */
const PREPARE_AFTER = 3;
const MAX_NAMED = 400;
const MAX_COUNTED = 5000;

const names = new Map<string, string>();
const seen = new Map<string, number>();

export function preparedName(text: string): string | undefined {
  const name = names.get(text);
  if (name) return name;
  if (names.size >= MAX_NAMED) return undefined;
  const count = (seen.get(text) ?? 0) + 1;
  if (count < PREPARE_AFTER) {
    if (seen.size < MAX_COUNTED) seen.set(text, count);
    return undefined;
  }
  seen.delete(text);
  const assigned = `cv_${names.size + 1}`;
  names.set(text, assigned);
  return assigned;
}

export class PreparingClient extends pg.Client {
  // pg's overloads are many; only the (text, values[, callback]) form is rewritten.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = preparedName(text);
      if (name) args = [{ name, text, values }, ...args.slice(2)];
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
