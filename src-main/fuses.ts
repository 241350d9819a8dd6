/**
 * Electron fuses for the packaged app, flipped in the Electron binary at packaging time (never at run
 * time): the binary cannot be turned into a plain Node (RunAsNode, NODE_OPTIONS, --inspect), loads the
 * app only from its ASAR and checks that ASAR's integrity. Used by the packaging step only; neither
 * the app nor the CLI imports this module.
 */
import { flipFuses, FuseV1Options, FuseVersion, type FuseConfig } from '@electron/fuses';

export const FUSES = {
  version: FuseVersion.V1,
  // Every fuse named: a fuse a later Electron adds fails packaging until it is decided here.
  strictlyRequireAllFuses: true,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is loaded from file:// (its module scripts need the file protocol's privileges).
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: true,
} satisfies FuseConfig;

/** Flips the fuses in the Electron binary being packaged (e.g. from an electron-builder afterPack hook). */
export async function applyFuses(electronBinaryPath: string): Promise<void> {
  await flipFuses(electronBinaryPath, FUSES);
}
