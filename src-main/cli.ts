#!/usr/bin/env node
/**
 * The headless entry (DESIGN.md "CLI contract"): the same services as the app, without a window.
 * Exit codes: 0 done, 1 failed (message on stderr), 2 usage.
 */
import { commands, UsageError, type CommandContext } from './cli/commands';
import { errorMessage } from './api/errors';

const USAGE = `Usage: tributary [--data-dir DIR] [--verbose] <command>

Commands:
  account add --vendor <vendor id> --name NAME --base-url URL --secret-stdin [--from ISO]
  account list
  account edit NAME [--rename NEW] [--base-url URL] [--secret-stdin] [--from ISO]
  account remove NAME [--delete-data]
  account move-secrets --to keychain
  sync [--account NAME] [--from ISO] [--to ISO] [--every DURATION]
  streams [--account NAME] [--discover] [--json]
  select --account NAME (--all | --none | KEY ...) [--off] [--new include|exclude] [--series-by FIELD,...]
  sources [--account NAME] [--json]
  events --account NAME [--source KEY] [--from ISO] [--to ISO] [--json]
  export --format csv|json|parquet|xlsx --out FILE [--stream KEY ...] [--from ISO] [--to ISO]
  files list --account NAME [--json]
  files download --account NAME --out DIR [--name FILE ...]
  osf inspect FILE
  osf import FILE...
  serve [--port N] [--no-open]
  demo [--port N] [--no-open]

Vendor ids: opti, opticloud, opendatasoft, realtime, opensense.
--data-dir DIR chooses the workspace (SQLite file, downloads); default: the app's user-data folder.
Secrets are read as one JSON object on stdin and kept in the OS keychain; where no keychain answers, in
the workspace's encrypted file (password: TRIBUTARY_VAULT_PASSWORD, or asked on a terminal). Or set
TRIBUTARY_SECRET_<ACCOUNT NAME> to the same JSON: it is read, never stored.`;

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new UsageError('--secret-stdin expects the secret JSON on standard input (pipe it in).');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Pulls the global options (`--data-dir`, `--verbose`) from anywhere in argv; the rest is the command's. */
function splitGlobals(argv: string[]): { dataDir?: string; verbose: boolean; args: string[] } {
  const args: string[] = [];
  let dataDir: string | undefined;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data-dir') dataDir = argv[++i];
    else if (a.startsWith('--data-dir=')) dataDir = a.slice('--data-dir='.length);
    else if (a === '--verbose') verbose = true;
    else args.push(a);
  }
  return { dataDir, verbose, args };
}

async function main(argv: string[]): Promise<number> {
  const { dataDir, verbose, args } = splitGlobals(argv);
  if (argv.includes('--data-dir') && !dataDir) {
    process.stderr.write(`--data-dir needs a folder.\n\n${USAGE}\n`);
    return 2;
  }
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return args.length === 0 ? 2 : 0;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${commands[args[0]]?.help ?? USAGE}\n`);
    return 0;
  }
  const command = commands[args[0]];
  if (!command) {
    process.stderr.write(`Unknown command "${args[0]}".\n\n${USAGE}\n`);
    return 2;
  }
  const ctx: CommandContext = {
    dataDir,
    verbose,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    isTTY: Boolean(process.stderr.isTTY),
    readStdin: readProcessStdin,
  };
  try {
    return await command.run(args.slice(1), ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${command.help}\n`);
      return 2;
    }
    // The detail is for --verbose (the stack, below), not for every run.
    process.stderr.write(`tributary: ${errorMessage(err, () => undefined)}\n`);
    if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

// `tributary ... | head` closes the pipe early: that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // The command is over: a handle left open (a server, a socket) must not keep a script waiting.
  setTimeout(() => process.exit(code), 1000).unref();
});
