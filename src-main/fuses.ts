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

/**
 * The second Electron binary a Linux package ships to run the CLI on PATH headless (`ELECTRON_RUN_AS_NODE`,
 * as VS Code's `code` CLI does): running as Node is its one job. It loads no app and opens no window,
 * and the app's binary above keeps RunAsNode off.
 */
export const CLI_RUNTIME_FUSES = { ...FUSES, [FuseV1Options.RunAsNode]: true } satisfies FuseConfig;

/** Flips the fuses in an Electron binary being packaged (from the electron-builder afterPack hook). */
export async function applyFuses(electronBinaryPath: string, fuses: FuseConfig = FUSES): Promise<void> {
  await flipFuses(electronBinaryPath, fuses);
}
