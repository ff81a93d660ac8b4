import { submitDemoClaims, type DemoClaimsOptions } from './submit-demo-claims.ts';

/**
 * Runs the demo-claims submission in the background of a started runner: it never delays
 * readiness, and a failure is a warning in the log, never a crash of the runner.
 */
export async function startDemoClaims(o: DemoClaimsOptions): Promise<void> {
  const t0 = Date.now();
  try {
    const outcome = await submitDemoClaims(o);
    if ('submitted' in outcome) {
      o.log.info(
        { runs: outcome.submitted, ms: Date.now() - t0 },
        `demo claims: submitted ${outcome.submitted} sample warranty claims to the demo workspace (CONVEYOR_DEMO_CLAIMS=0 turns this off)`,
      );
    }
  } catch (error) {
    o.log.warn({ err: error }, 'demo claims: could not submit the sample claims');
  }
}
