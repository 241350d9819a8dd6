/**
 * `npm start`: the Electron window where an Electron binary is installed, otherwise browser mode,
 * saying why in one line.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from './cli/serve';

function electronBinary(): string | null {
  try {
    // The electron package exports the binary's path; it throws when the download never happened.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const path = require('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function whyNoWindow(): string | null {
  if (!electronBinary()) return 'the Electron binary is not installed here (it could not be downloaded)';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return 'there is no display to open a window on';
  return null;
}

const reason = whyNoWindow();
if (reason === null) {
  const child = spawn(electronBinary() as string, [join(__dirname, '../..')], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Tributary cannot open its window because ${reason}; starting browser mode instead.`);
  void serve(
    { verbose: false, out: (l) => console.log(l), err: (l) => console.error(l), isTTY: Boolean(process.stdout.isTTY) },
    undefined,
    true,
  ).then((code) => process.exit(code));
}
