import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src-main/api/handlers';
import { dispatch } from '../../../src-main/api/dispatch';
import type { Handlers } from '../../../src-main/api/context';
import { grantDropped } from '../../../src-main/api/ipc';
import { openWorkspace, type Workspace } from '../../../src-main/workspace';
import { createDemoService } from '../../../src-main/demo';
import { createSyncScheduler } from '../../../src-main/sync/scheduler';
import { memoryVault } from '../../helpers/memory-vault';
import { tempDir } from '../../helpers/tmp';

const SAMPLE = join(__dirname, '../../fixtures/osf/osf4_ruvvi.osf');

let dir: string;
let ws: Workspace;
let granted: Set<string>;
let handlers: Handlers;

beforeEach(() => {
  dir = tempDir();
  ws = openWorkspace(join(dir, 'ws'), { vault: memoryVault() });
  granted = new Set();
  handlers = createHandlers({
    ws,
    mode: 'electron',
    version: 'test',
    scheduler: createSyncScheduler(ws),
    demo: createDemoService(ws, () => undefined),
    granted,
  });
});

afterEach(() => ws.close());

describe('files dropped on the desktop window', () => {
  it('are opened where they lie once granted; other paths stay refused', async () => {
    const dropped = join(dir, 'field', 'logger.osf');
    const other = join(dir, 'field', 'other.osf');
    mkdirSync(join(dir, 'field'));
    copyFileSync(SAMPLE, dropped);
    copyFileSync(SAMPLE, other);
    symlinkSync(dropped, join(dir, 'field', 'via-link.osf'));

    expect((await dispatch(handlers, 'osf:inspect', { path: dropped })).ok).toBe(false);
    const paths = await grantDropped(granted, [join(dir, 'field', 'via-link.osf'), join(dir, 'gone.osf')]);
    // The link resolves to the file; a path that does not exist is left out.
    expect(paths).toEqual([dropped]);

    const summary = await dispatch(handlers, 'osf:inspect', { path: dropped });
    expect(summary).toMatchObject({ ok: true, value: { name: 'logger.osf', path: dropped } });
    const imported = await dispatch(handlers, 'osf:import', { paths: [dropped] });
    expect(imported).toMatchObject({ ok: true, value: [{ name: 'logger.osf' }] });
    const refused = await dispatch(handlers, 'osf:inspect', { path: other });
    expect(refused).toEqual({
      ok: false,
      error: 'Tributary opens only files chosen with Open files… or dropped on its window.',
    });
  });

  it('refuses input that is not a list of paths', async () => {
    for (const bad of ['/etc/passwd', [42], [''], null, { paths: ['/tmp'] }])
      await expect(grantDropped(granted, bad)).rejects.toThrow();
    expect(granted.size).toBe(0);
  });
});
