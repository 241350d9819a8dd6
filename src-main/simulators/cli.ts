import type { FaultMode, Scale } from './common/faults';
import { startSimulators, type LaunchOptions } from './index';

/**
 * `npm run simulators -- [--port 0] [--seed N] [--faults none|flaky|hostile] [--now ISO] [--scale small|medium|large]`:
 * prints one JSON line `{"baseUrls": …, "credentials": …}` and serves until SIGTERM or SIGINT.
 */

const FAULTS: FaultMode[] = ['none', 'flaky', 'hostile'];
const SCALES: Scale[] = ['small', 'medium', 'large'];

class UsageError extends Error {}

function integer(flag: string, text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text)) throw new UsageError(`${flag} needs a non-negative integer`);
  return Number(text);
}

function oneOf<T extends string>(flag: string, text: string | undefined, allowed: T[]): T {
  const found = allowed.find((a) => a === text);
  if (!found) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  return found;
}

function parseArgs(argv: string[]): LaunchOptions {
  const options: LaunchOptions = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--port') options.port = integer(flag, value);
    else if (flag === '--seed') options.seed = integer(flag, value);
    else if (flag === '--faults') options.faults = oneOf(flag, value, FAULTS);
    else if (flag === '--scale') options.scale = oneOf(flag, value, SCALES);
    else if (flag === '--now') {
      if (value === undefined || Number.isNaN(Date.parse(value))) throw new UsageError('--now needs an ISO date');
      options.now = new Date(value);
    } else throw new UsageError(`unknown option ${flag}`);
  }
  return options;
}

async function main(): Promise<void> {
  let options: LaunchOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(
      `simulators: ${err.message}\nusage: npm run simulators -- [--port 0] [--seed N] [--faults none|flaky|hostile] [--now ISO] [--scale small|medium|large]\n`,
    );
    process.exit(2);
  }
  const sims = await startSimulators(options);
  process.stdout.write(`${JSON.stringify({ baseUrls: sims.baseUrls, credentials: sims.credentials })}\n`);
  const stop = (): void => void sims.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulators: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
