import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { envOverrideName } from '../../../src-main/vault';

export const ROOT = resolve(__dirname, '../../..');
export const CLI = join(ROOT, 'out/main/cli.js');

/** `npm test` builds before vitest runs; a lone run of this file builds once itself. */
export function ensureBuiltCli(): void {
  if (!existsSync(CLI)) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'ignore' });
}

/** The secrets of the accounts, as the headless environment override carries them (never the keychain). */
export function secretEnv(secrets: Record<string, Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, secret] of Object.entries(secrets)) env[envOverrideName(name)] = JSON.stringify(secret);
  return env;
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI; with `killAfterMs`, SIGKILLs it then (if still running); `stdin` is piped in. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, killAfterMs?: number, stdin?: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env,
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    child.stdin?.end(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, stdout, stderr });
    });
  });
}

/** Temp files a crash may leave: download parts, export parts, extraction folders. */
export function strayTempFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (/\.part$|\.part-|^\.tributary-/.test(e.name)) out.push(p);
      if (e.isDirectory()) walk(p);
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** A seeded generator of kill delays, 100–1500 ms. */
export function killDelays(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return 100 + (s % 1401);
  };
}
