import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { FUSES } from '../../src-main/fuses';

describe('Electron fuses of the packaged app', () => {
  it('cannot be run as Node, by NODE_OPTIONS or with inspect arguments', () => {
    expect(FUSES[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSES[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
  });

  it('loads the app only from its ASAR and checks its integrity; cookies encrypted', () => {
    expect(FUSES[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(FUSES[FuseV1Options.EnableCookieEncryption]).toBe(true);
  });

  it('names every fuse this @electron/fuses knows, so a new one cannot slip through unset', () => {
    expect(FUSES.version).toBe(FuseVersion.V1);
    expect(FUSES.strictlyRequireAllFuses).toBe(true);
    const known = Object.values(FuseV1Options).filter((v): v is number => typeof v === 'number');
    for (const fuse of known) expect(typeof FUSES[fuse as FuseV1Options], FuseV1Options[fuse]).toBe('boolean');
  });
});
