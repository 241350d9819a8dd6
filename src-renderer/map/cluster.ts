import type { SourceHealth, StaleState } from '../../src-main/api/contract';
import { HEALTH_ORDER } from '../ui/health';

export interface PlacedSource {
  source: SourceHealth;
  x: number;
  y: number;
}

export interface MarkerGroup {
  /** Stable within one layout: the first member's key. */
  id: string;
  x: number;
  y: number;
  members: SourceHealth[];
  /** The worst health among the members: a cluster shows the state that needs a visit. */
  state: StaleState;
}

/**
 * Groups markers closer than `cell` pixels (a grid of cells, each cell one group at its members'
 * centroid): dense fleets stay readable, and each group is one keyboard stop.
 */
export function clusterMarkers(placed: readonly PlacedSource[], cell: number): MarkerGroup[] {
  const cells = new Map<string, PlacedSource[]>();
  for (const p of placed) {
    const k = `${Math.floor(p.x / cell)}:${Math.floor(p.y / cell)}`;
    const list = cells.get(k);
    if (list) list.push(p);
    else cells.set(k, [p]);
  }
  return [...cells.values()].map((list) => ({
    id: list[0].source.key,
    x: list.reduce((a, p) => a + p.x, 0) / list.length,
    y: list.reduce((a, p) => a + p.y, 0) / list.length,
    members: list.map((p) => p.source),
    state: list
      .map((p) => p.source.state)
      .reduce((worst, s) => (HEALTH_ORDER.indexOf(s) < HEALTH_ORDER.indexOf(worst) ? s : worst)),
  }));
}
