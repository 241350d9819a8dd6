import type { AccountView, StreamView, Tree } from '../../src-main/api/contract';
import { useTranslation } from '../i18n';
import { FilterBar } from '../ui/FilterBar';
import { Modal } from '../ui/Modal';
import { formatCount } from '../ui/format';
import { useChannel } from '../useApi';
import { CatalogSearch } from './CatalogSearch';
import { changeWords, useSelection, type SourceGroup } from './useSelection';
import './selection.css';

interface Props {
  account: AccountView;
  tree: Tree;
  onClose(): void;
}

/**
 * "Choose what to sync" for one account: a checkbox tree of sources and streams, each change previewed;
 * where the vendor has a searchable catalog, a search of it above, whose picks join the tree.
 */
export function ChooseSync({ account, tree, onClose }: Props) {
  const { t } = useTranslation();
  const sel = useSelection(account.id, tree);
  const info = useChannel('app:info', {});
  const searchable = info.value?.vendors.find((v) => v.id === account.vendor)?.capabilities.catalogSearch ?? false;
  const { counts } = sel;
  const shown = sel.groups.flatMap((g) => g.streams);
  return (
    <Modal title={t('chooseSync.title', { name: account.name })} wide onClose={onClose}>
      <div className="choose-sync">
        {searchable ? <CatalogSearch accountId={account.id} onPicked={(hit) => sel.setFilter(hit.title)} /> : null}
        <FilterBar
          placeholder={t('chooseSync.filter')}
          label={t('chooseSync.filter')}
          value={sel.filter}
          onChange={sel.setFilter}
        >
          <button onClick={() => sel.set(shown, true)}>{t('chooseSync.selectShown')}</button>
          <button onClick={() => sel.set(shown, false)}>{t('chooseSync.selectNoneShown')}</button>
          <button onClick={() => void sel.discover()} disabled={sel.busy !== null}>
            {sel.busy === 'discover' ? t('chooseSync.discovering') : t('chooseSync.discover')}
          </button>
        </FilterBar>
        <p className="choose-counts" aria-live="polite">
          {t('chooseSync.selected', {
            count: counts.total,
            selected: formatCount(counts.selected),
            total: formatCount(counts.total),
          })}
          {counts.estimated > 0 ? t('chooseSync.estimated', { points: formatCount(counts.estimated) }) : null}
        </p>
        {counts.total === 0 ? <p className="muted">{t('chooseSync.nothingYet')}</p> : null}
        <ul className="choose-tree" aria-label={t('chooseSync.tree')}>
          {sel.groups.map((g) => (
            <SourceRow key={g.source?.id ?? 'none'} group={g} sel={sel} />
          ))}
        </ul>
        <label className="inline choose-rule">
          {t('chooseSync.newStreams')}
          <select
            value={sel.state?.newStreams ?? 'include'}
            onChange={(e) => void sel.setNewStreams(e.target.value === 'exclude' ? 'exclude' : 'include')}
          >
            <option value="include">{t('chooseSync.newInclude')}</option>
            <option value="exclude">{t('chooseSync.newExclude')}</option>
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
          <button onClick={onClose}>{t('common.close')}</button>
          <button
            className="primary"
            onClick={() => void sel.apply()}
            disabled={counts.start + counts.stop === 0 || sel.busy !== null}
          >
            {t('chooseSync.apply')}
          </button>
        </footer>
      </div>
    </Modal>
  );
}

type Selection = ReturnType<typeof useSelection>;

function SourceRow({ group, sel }: { group: SourceGroup; sel: Selection }) {
  const { t } = useTranslation();
  const on = group.streams.filter(sel.isSelected).length;
  const name = group.source?.name ?? t('chooseSync.noSource');
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
          aria-label={t('chooseSync.syncAllOf', { name })}
        />
        <span className="choose-source-name">{name}</span>
        <span className="muted">
          {t('chooseSync.ofStreams', { on: formatCount(on), total: formatCount(group.streams.length) })}
        </span>
        {collisions > 0 ? (
          <span className="warning" title={t('chooseSync.collisionsHint')}>
            {t('chooseSync.collisions', { count: collisions, formatted: formatCount(collisions) })}
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
  const { t } = useTranslation();
  const estimated = sel.state?.estimatedPoints[s.key];
  return (
    <li className="choose-stream">
      <label title={s.key}>
        <input type="checkbox" checked={sel.isSelected(s)} onChange={(e) => sel.set([s], e.target.checked)} />
        <span>{s.name}</span>
        <span className="muted">{s.unit}</span>
        <span className="muted">
          {s.pointCount > 0
            ? t('chooseSync.stored', { count: s.pointCount, formatted: formatCount(s.pointCount) })
            : estimated !== undefined
              ? t('chooseSync.about', { count: estimated, formatted: formatCount(estimated) })
              : ''}
        </span>
      </label>
    </li>
  );
}
