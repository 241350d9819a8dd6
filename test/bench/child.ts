import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface StartedChild {
  /** The first line the child printed on stdout. */
  firstLine: string;
  /** Peak resident set size of the child so far, MB (Linux VmHWM), or null when unreadable. */
  peakRssMb(): number | null;
  /** CPU time the child has used so far (user + system), ms, or null when unreadable (Linux only). */
  cpuMs(): number | null;
  /** SIGTERM to this child only, then waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts a helper process (the simulators, browser mode) apart from the bench, so its memory and CPU
 * are not counted as ours, and waits for the first stdout line it promises (DESIGN.md contracts).
 */
export async function startChild(command: string, args: string[], timeoutMs = 60_000): Promise<StartedChild> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], cwd: process.cwd() });
  const lines = createInterface({ input: child.stdout });
  try {
    const firstLine = await firstLineOf(child, lines, timeoutMs);
    // Keep draining stdout so the child never blocks on a full pipe.
    lines.on('line', () => undefined);
    return {
      firstLine,
      peakRssMb: () => childPeakRssMb(child.pid),
      cpuMs: () => childCpuMs(child.pid),
      stop: () => stopChild(child),
    };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

function firstLineOf(
  child: ChildProcess,
  lines: ReturnType<typeof createInterface>,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${child.spawnfile} printed nothing in ${timeoutMs} ms`)),
      timeoutMs,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${child.spawnfile} exited with ${code} before printing its first line`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

function childPeakRssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Clock ticks per second of /proc/<pid>/stat on Linux (USER_HZ). */
const USER_HZ = 100;

function childCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return null;
  }
}

/** `node --import tsx FILE ARGS`: a TypeScript entry in a child Node, without npx in between. */
export function tsxArgs(file: string, args: string[]): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', file, ...args]];
}
