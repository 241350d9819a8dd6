/** `npm run bench`: prints figures; targets are in the README, not asserted. */
import { benchExport } from './export';
import { benchFiles } from './files';
import { benchIngest } from './ingest';
import { benchOsf } from './osf';
import { benchSoak } from './soak';
import { benchSources } from './sources';
import { benchSync } from './sync';
import { benchViewer } from './viewer';

const benches: Record<string, () => Promise<void>> = {
  ingest: benchIngest,
  export: () => benchExport(),
  sync: benchSync,
  files: benchFiles,
  viewer: benchViewer,
  sources: benchSources,
  osf: () => benchOsf(),
  soak: () => benchSoak(),
};

/** Run only when named (`npm run bench -- soak`): it takes an hour. */
const ONLY_WHEN_NAMED = new Set(['soak']);

async function main(only: string | undefined): Promise<void> {
  for (const [name, run] of Object.entries(benches))
    if (only === name || (!only && !ONLY_WHEN_NAMED.has(name))) await run();
}

void main(process.argv[2]);
