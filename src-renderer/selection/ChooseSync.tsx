import type { AccountView, StreamView, Tree } from '../../src-main/api/contract';
import { Modal } from '../ui/Modal';
import { changeWords, useSelection, type SourceGroup } from './useSelection';
import './selection.css';

interface Props {
  account: AccountView;
  tree: Tree;
  onClose(): void;
}

/** "Choose what to sync" for one account: a checkbox tree of sources and streams, each change previewed. */
export function ChooseSync({ account, tree, onClose }: Props) {
  const sel = useSelection(account.id, tree);
  const { counts } = sel;
  const shown = sel.groups.flatMap((g) => g.streams);
  return (
    <Modal title={`Choose what to sync — ${account.name}`} wide onClose={onClose}>
      <div className="choose-sync">
        <div className="choose-bar">
          <input
            type="search"
            placeholder="Filter sources and streams"
            aria-label="Filter sources and streams"
            value={sel.filter}
            onChange={(e) => sel.setFilter(e.target.value)}
          />
          <button onClick={() => sel.set(shown, true)}>Select all shown</button>
          <button onClick={() => sel.set(shown, false)}>Select none shown</button>
          <button onClick={() => void sel.discover()} disabled={sel.busy !== null}>
            {sel.busy === 'discover' ? 'Asking the vendor…' : 'Look again at the vendor'}
          </button>
        </div>
        <p className="choose-counts" aria-live="polite">
          {counts.selected} of {counts.total} streams selected
          {counts.estimated > 0 ? ` · about ${counts.estimated.toLocaleString()} points (the vendor's count)` : ''}
        </p>
        {counts.total === 0 ? (
          <p className="muted">Nothing found yet: look again at the vendor to list what this account holds.</p>
        ) : null}
        <ul className="choose-tree" aria-label="Sources and streams">
          {sel.groups.map((g) => (
            <SourceRow key={g.source?.id ?? 'none'} group={g} sel={sel} />
          ))}
        </ul>
        <label className="inline choose-rule">
          Streams found later
          <select
            value={sel.state?.newStreams ?? 'include'}
            onChange={(e) => void sel.setNewStreams(e.target.value === 'exclude' ? 'exclude' : 'include')}
          >
            <option value="include">sync</option>
            <option value="exclude">wait until I choose</option>
          </select>
        </label>
        <footer className="choose-foot">
          <span className={counts.stop > 0 ? 'warning' : 'muted'} role="status">
            {changeWords(counts.start, counts.stop)}
          </span>
          {sel.error ? (
            <span className="error" role="alert">
              {sel.error}
            </span>
          ) : null}
          <button onClick={onClose}>Close</button>
          <button
            className="primary"
            onClick={() => void sel.apply()}
            disabled={counts.start + counts.stop === 0 || sel.busy !== null}
          >
            Apply
          </button>
        </footer>
      </div>
    </Modal>
  );
}

type Selection = ReturnType<typeof useSelection>;

function SourceRow({ group, sel }: { group: SourceGroup; sel: Selection }) {
  const on = group.streams.filter(sel.isSelected).length;
  const name = group.source?.name ?? 'Without a source';
  const collisions = group.streams.reduce((n, s) => n + s.collisions, 0);
  return (
    <li className="choose-source">
      <label>
        <input
          type="checkbox"
          checked={on === group.streams.length}
          ref={(el) => {
            if (el) el.indeterminate = on > 0 && on < group.streams.length;
          }}
          onChange={(e) => sel.set(group.streams, e.target.checked)}
          aria-label={`Sync all of ${name}`}
        />
        <span className="choose-source-name">{name}</span>
        <span className="muted">
          {on} of {group.streams.length}
        </span>
        {collisions > 0 ? (
          <span
            className="warning"
            title="Several records share a time in one series: the first was kept. Choose other series fields with tributary select --series-by."
          >
            {collisions} colliding records not stored
          </span>
        ) : null}
      </label>
      <ul>
        {group.streams.map((s) => (
          <StreamRow key={s.id} stream={s} sel={sel} />
        ))}
      </ul>
    </li>
  );
}

function StreamRow({ stream: s, sel }: { stream: StreamView; sel: Selection }) {
  const estimated = sel.state?.estimatedPoints[s.key];
  return (
    <li className="choose-stream">
      <label title={s.key}>
        <input type="checkbox" checked={sel.isSelected(s)} onChange={(e) => sel.set([s], e.target.checked)} />
        <span>{s.name}</span>
        <span className="muted">{s.unit}</span>
        <span className="muted">
          {s.pointCount > 0
            ? `${s.pointCount.toLocaleString()} points stored`
            : estimated !== undefined
              ? `about ${estimated.toLocaleString()} points`
              : ''}
        </span>
      </label>
    </li>
  );
}
