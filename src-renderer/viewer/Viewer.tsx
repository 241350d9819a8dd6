import type { Tree } from '../../src-main/api/contract';

interface Props {
  tree: Tree;
  selected: number[];
  onSelect: (ids: number[]) => void;
}

/** The main area: charts of the selected streams. */
export function Viewer({ tree, selected }: Props) {
  const streams = tree.streams.filter((s) => selected.includes(s.id));
  if (streams.length === 0)
    return (
      <div className="center muted">
        <p>Pick streams in the tree to chart them.</p>
      </div>
    );
  return (
    <ul>
      {streams.map((s) => (
        <li key={s.id}>
          {s.key} — {s.pointCount} points
        </li>
      ))}
    </ul>
  );
}
