export const POOL_QUEUE_PREFIX = 'conveyor-pool-';

/** The queue a pool's workers pull from, e.g. `conveyor-pool-cpu`. */
export function poolQueueName(pool: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(pool)) throw new Error(`Invalid pool name "${pool}"`);
  return `${POOL_QUEUE_PREFIX}${pool}`;
}
