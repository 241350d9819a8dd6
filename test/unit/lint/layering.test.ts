import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
/** A tree with one circle of files, one circle of folders and one import against the floors. */
const FIXTURE = join(ROOT, 'test/fixtures/layering');
const config = createRequire(__filename)(join(ROOT, '.dependency-cruiser.cjs')) as IConfiguration;

/** The rules `npm run lint:deps` applies, run on the fixture tree as if it were the repository. */
async function cruiseFixture(): Promise<ICruiseResult> {
  const { output } = await cruise(['src-main'], {
    ...config.options,
    baseDir: FIXTURE,
    validate: true,
    ruleSet: { forbidden: config.forbidden },
  });
  if (typeof output === 'string') throw new Error('dependency-cruiser answered with text, not a result');
  return output;
}

describe('the layering rules (.dependency-cruiser.cjs)', () => {
  let summary: ICruiseResult['summary'];
  beforeAll(async () => {
    ({ summary } = await cruiseFixture());
  });

  it('report a circle of files, a circle of folders and an import against the floors, and nothing else', () => {
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
    expect(found).toEqual([
      'floor-1-imports-only-model: src-main/store/points.ts → src-main/api/contract.ts',
      'no-circular-folders: src-main/export → src-main/files',
      'no-circular-folders: src-main/files → src-main/export',
      'no-circular: src-main/sync/engine.ts → src-main/sync/persist.ts',
      'only-transports-import-api: src-main/store/points.ts → src-main/api/contract.ts',
    ]);
    expect(summary.error).toBe(found.length);
  });

  it('count a circle closed by a type import only', () => {
    const circle = summary.violations.find((v) => v.rule.name === 'no-circular');
    expect(circle?.cycle?.map((step) => step.name)).toEqual(['src-main/sync/persist.ts', 'src-main/sync/engine.ts']);
  });
});
