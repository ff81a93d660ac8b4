import { parseArgs } from 'node:util';
import { loadEnv } from './env.ts';
import { isReadable } from './errors.ts';

const USAGE = `conveyor-runner <command>

Commands:
  up                  start everything: database, web, runner and pools (what npm start runs)
  orchestrate         advance runs: claim ready steps, execute nodes, fire timers
  pool --name <name>  serve inference requests for one pool (e.g. cpu)
`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  const env = loadEnv();
  switch (command) {
    case 'up':
      return (await import('./commands/up.ts')).up(env);
    case 'orchestrate':
      return (await import('./commands/orchestrate.ts')).orchestrate(env);
    case 'pool':
      if (!values.name) throw new Error('pool needs --name, e.g. conveyor-runner pool --name cpu');
      return (await import('./commands/pool.ts')).pool(env, values.name);
    default:
      throw new Error(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main().catch((error: unknown) => {
  // Known start-up problems are one readable line; anything else keeps its stack.
  const message = isReadable(error)
    ? error.message
    : error instanceof Error
      ? (error.stack ?? error.message)
      : String(error);
  process.stderr.write(`conveyor: ${message}\n`);
  process.exit(1);
});
