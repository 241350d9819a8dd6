import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuiltCli } from './run-cli';

/**
 * Every command that takes a date, a file or a secret, given bad input: one clear line first on
 * stderr, and the documented exit code (README "Command line": 1 failed, 2 usage). A failure is that
 * one line alone; a usage error adds the command's help after a blank line.
 */

let dataDir: string;
beforeAll(() => {
  ensureBuiltCli();
  dataDir = mkdtempSync(join(tmpdir(), 'tributary-bad-input-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const badTime = (flag: string, text: string) =>
  `${flag} must be a real ISO 8601 date or time, such as 2026-01-31 or 2026-01-31T12:00:00Z, not "${text}".`;
const backwards = '--to (2026-01-01) must be after --from (2026-01-02).';
const exportArgs = () => ['export', '--format', 'csv', '--out', join(dataDir, 'out.csv')];

interface BadInput {
  what: string;
  args: () => string[];
  stdin?: string;
  code: 1 | 2;
  line: string | (() => string);
}

const cases: BadInput[] = [
  {
    what: 'sync: 30 February',
    args: () => ['sync', '--from', '2026-02-30'],
    code: 2,
    line: badTime('--from', '2026-02-30'),
  },
  {
    what: 'sync: hour 25',
    args: () => ['sync', '--to', '2026-01-31T25:00'],
    code: 2,
    line: badTime('--to', '2026-01-31T25:00'),
  },
  {
    what: 'sync: not a date',
    args: () => ['sync', '--from', 'yesterday'],
    code: 2,
    line: badTime('--from', 'yesterday'),
  },
  {
    what: 'sync: to before from',
    args: () => ['sync', '--from', '2026-01-02', '--to', '2026-01-01'],
    code: 2,
    line: backwards,
  },
  {
    what: 'export: 30 February',
    args: () => [...exportArgs(), '--from', '2026-02-30'],
    code: 2,
    line: badTime('--from', '2026-02-30'),
  },
  {
    what: 'export: month 13',
    args: () => [...exportArgs(), '--to', '2026-13-01'],
    code: 2,
    line: badTime('--to', '2026-13-01'),
  },
  {
    what: 'export: to before from',
    args: () => [...exportArgs(), '--from', '2026-01-02', '--to', '2026-01-01'],
    code: 2,
    line: backwards,
  },
  {
    what: 'osf inspect: a missing file',
    args: () => ['osf', 'inspect', join(dataDir, 'missing.osf')],
    code: 1,
    line: () => `tributary: No such file: ${join(dataDir, 'missing.osf')}.`,
  },
  {
    what: 'osf inspect: a folder',
    args: () => ['osf', 'inspect', dataDir],
    code: 1,
    line: () => `tributary: ${dataDir} is a folder, not a file.`,
  },
  {
    what: 'osf import: a missing file',
    args: () => ['osf', 'import', join(dataDir, 'missing.osfz')],
    code: 1,
    line: () => `tributary: No such file: ${join(dataDir, 'missing.osfz')}.`,
  },
  {
    what: 'files download: an unknown account',
    args: () => ['files', 'download', '--account', 'Nobody', '--out', dataDir],
    code: 1,
    line: 'tributary: No account named "Nobody".',
  },
  {
    what: 'account add: empty stdin',
    args: () => [
      'account',
      'add',
      '--vendor',
      'opti',
      '--name',
      'A',
      '--base-url',
      'http://127.0.0.1:9',
      '--secret-stdin',
    ],
    stdin: '',
    code: 1,
    line: 'tributary: Nothing was read from standard input: pipe the secret JSON into --secret-stdin.',
  },
  {
    what: 'account add: not JSON',
    args: () => [
      'account',
      'add',
      '--vendor',
      'opti',
      '--name',
      'A',
      '--base-url',
      'http://127.0.0.1:9',
      '--secret-stdin',
    ],
    stdin: 'key=abc',
    code: 1,
    line: 'tributary: The secret on standard input is not valid JSON.',
  },
];

/** Runs the built CLI with `stdin` piped in (then closed). */
function runWithStdin(
  args: string[],
  stdin: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

// The runs are independent: side by side they take the time of the slowest start-up, not the sum.
describe.concurrent('bad input to the CLI', () => {
  it.each(cases)('$what', async ({ args, stdin, code, line }) => {
    const run = await runWithStdin(args(), stdin ?? '');
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe(typeof line === 'string' ? line : line());
    expect(run.status).toBe(code);
    // A failure says one line; a usage error follows its line with a blank one and the help.
    if (code === 1) expect(run.stderr).toBe(`${lines[0]}\n`);
    else expect(lines[1]).toBe('');
    expect(run.stdout).toBe('');
  });
});
