/** `npm run bench`: prints figures; targets are in the README, not asserted. */
import { benchExport } from './export';
import { benchIngest } from './ingest';
import { benchOsf } from './osf';
import { benchSync } from './sync';
import { benchViewer } from './viewer';

const benches: Record<string, () => Promise<void>> = {
  ingest: benchIngest,
  export: () => benchExport(),
  sync: benchSync,
  viewer: benchViewer,
  osf: () => benchOsf(),
};

async function main(only: string | undefined): Promise<void> {
  for (const [name, run] of Object.entries(benches)) if (!only || only === name) await run();
}

void main(process.argv[2]);
