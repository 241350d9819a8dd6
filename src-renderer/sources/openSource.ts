import type { Tree } from '../../src-main/api/contract';

/** Streams a chart opened from a source shows at most. */
export const OPEN_STREAMS_LIMIT = 8;

/** The streams of a source and of the sources under it (a site's devices), first ones first. */
export function streamIdsUnder(tree: Tree, sourceId: number): number[] {
  const within = new Set([sourceId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of tree.sources)
      if (s.parentId !== null && within.has(s.parentId) && !within.has(s.id)) {
        within.add(s.id);
        grew = true;
      }
  }
  return tree.streams
    .filter((s) => s.sourceId !== null && within.has(s.sourceId))
    .map((s) => s.id)
    .slice(0, OPEN_STREAMS_LIMIT);
}
