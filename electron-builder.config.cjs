// Installers (npm run package). A file of its own rather than package.json's "build" key: it carries
// comments saying why, and the unit test loads it as is (test/unit/electron/builder-config.test.ts).

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.tributary.desktop',
  productName: 'Tributary',
  executableName: 'tributary',
  copyright: 'Tributary contributors',
  directories: { output: 'release', buildResources: 'resources' },
  // The built app only: electron-vite's output, the icons (the tray's too) and, added by electron-builder, the dependencies.
  files: ['out/**', 'resources/icons/*.png', 'package.json', '!**/*.map'],
  // Use the installed Electron binary (npm run package checks it is there) rather than a second download.
  electronDist: 'node_modules/electron/dist',
  asar: true,
  // Native modules cannot load from inside the archive.
  asarUnpack: ['node_modules/better-sqlite3/**', 'node_modules/@napi-rs/keyring*/**', '**/*.node'],
  // Rebuild native modules for the bundled Electron's ABI (the packaged CLI runs on it too).
  npmRebuild: true,
  afterPack: 'resources/scripts/after-pack.cjs',
  // Field laptops update when IT says so: no update feed, no auto-update.
  publish: null,
  icon: 'resources/icons/1024x1024.png',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Science',
    icon: 'resources/icons',
    synopsis: 'A complete local copy of your sensor vendors’ data',
    // The CLI launcher (deb: linked as /usr/bin/tributary by after-install.sh).
    extraFiles: [{ from: 'resources/linux/tributary-cli.sh', to: 'bin/tributary' }],
  },
  deb: {
    afterInstall: 'resources/linux/after-install.sh',
    afterRemove: 'resources/linux/after-remove.sh',
  },
  win: { target: ['nsis'], icon: 'resources/icons/256x256.png' },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.productivity', icon: 'resources/icons/1024x1024.png' },
  dmg: { title: 'Tributary' },
};
