#!/usr/bin/env node
/**
 * The headless entry (DESIGN.md "CLI contract"): the same services as the app, without a window.
 * Exit codes: 0 done, 1 failed (message on stderr), 2 usage.
 */
import { commands, UsageError, type CommandContext } from './cli/commands';
import { isLanguage, languages, type Language } from './model/language';
import { cliLanguage, failureText, setCliLanguage, t } from './cli/i18n';

async function readProcessStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError(t('account.stdinIsTerminal'));
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Pulls the global options (`--data-dir`, `--verbose`, `--lang`) from anywhere in argv; the rest is the command's. */
function splitGlobals(argv: string[]): { dataDir?: string; verbose: boolean; lang?: string; args: string[] } {
  const args: string[] = [];
  let dataDir: string | undefined;
  let lang: string | undefined;
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--data-dir') dataDir = argv[++i];
    else if (a.startsWith('--data-dir=')) dataDir = a.slice('--data-dir='.length);
    else if (a === '--lang') lang = argv[++i] ?? '';
    else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length);
    else if (a === '--verbose') verbose = true;
    else args.push(a);
  }
  return { dataDir, verbose, lang, args };
}

async function main(argv: string[]): Promise<number> {
  const { dataDir, verbose, lang, args } = splitGlobals(argv);
  const language: Language | null = lang === undefined ? cliLanguage(process.env) : isLanguage(lang) ? lang : null;
  setCliLanguage(language ?? 'en');
  const usage = t('usage');
  if (language === null) {
    process.stderr.write(`${t('langNeedsCode', { languages: languages.join(', ') })}\n\n${usage}\n`);
    return 2;
  }
  if (argv.includes('--data-dir') && !dataDir) {
    process.stderr.write(`${t('dataDirNeedsFolder')}\n\n${usage}\n`);
    return 2;
  }
  if (args.length === 0 || args[0] === 'help' || args[0] === '--help' || args[0] === '-h') {
    process.stdout.write(`${usage}\n`);
    return args.length === 0 ? 2 : 0;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${commands[args[0]]?.help ?? usage}\n`);
    return 0;
  }
  const command = commands[args[0]];
  if (!command) {
    process.stderr.write(`${t('unknownCommand', { command: args[0] })}\n\n${usage}\n`);
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
    process.stderr.write(`tributary: ${failureText(err, () => undefined)}\n`);
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
