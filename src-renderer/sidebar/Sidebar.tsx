import { memo, useMemo, useState } from 'react';
import type { Tree } from '../../src-main/api/contract';
import { TreeExportButton } from '../export/ExportButtons';
import { OpenFilesButton } from '../osf/OpenFiles';
import { buildTree, streamKeysUnder } from './streamTree';
import { TreeItem } from './TreeItem';
import { useLastValues } from './useLastValues';
import { useTreeNavigation } from './useTreeNavigation';
import { VaultBar } from '../vault/VaultBar';
import { useTranslation } from '../i18n';

interface Props {
  tree: Tree;
  /** Streams on a chart: marked as selected. */
  charted: number[];
  onAddToChart: (streamId: number) => void;
  onShowDetails: (streamId: number) => void;
  onAddAccount: () => void;
}

/**
 * account → source → stream, filtered by name, unit or key; a keyboard-navigable ARIA tree.
 * Memoised: a fleet's tree holds tens of thousands of nodes, and a tab switch must not redraw it.
 */
export const Sidebar = memo(function Sidebar({ tree, charted, onAddToChart, onShowDetails, onAddAccount }: Props) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const roots = useMemo(() => buildTree(tree, filter.trim().toLowerCase()), [tree, filter]);
  // While filtering every group is open, so matches are never hidden.
  const { treeRef, visible, current, chosen, isOpen, toggle, focusNode, setFocusId, onKeyDown } = useTreeNavigation(
    roots,
    filter.trim() !== '',
    { onAddToChart, onShowDetails },
  );
  const lastValues = useLastValues(visible.flatMap((n) => (n.kind === 'stream' ? [n.stream] : [])));

  return (
    <nav className="sidebar" aria-label={t('tree.streams')}>
      <div className="sidebar-head">
        <input
          type="search"
          placeholder={t('tree.filterPlaceholder')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowDown' || !visible[0]) return;
            e.preventDefault();
            focusNode(visible.find((n) => n.kind === 'stream')?.id ?? visible[0].id);
          }}
          aria-label={t('tree.filter')}
        />
        <button onClick={onAddAccount} title={t('firstRun.addAccount')} aria-label={t('firstRun.addAccount')}>
          +
        </button>
      </div>
      <div className="sidebar-actions">
        <OpenFilesButton />
        <TreeExportButton
          label={chosen ? (chosen.kind === 'stream' ? chosen.stream.name : chosen.label) : null}
          streamKeys={chosen ? streamKeysUnder(chosen) : []}
        />
      </div>
      {/* Said where the tree would be, above the vault bar at the bottom. */}
      {roots.length === 0 ? <p className="muted pad">{filter ? t('tree.noMatch') : t('tree.noStreams')}</p> : null}
      <ul className="tree" role="tree" aria-label={t('tree.label')} ref={treeRef} onKeyDown={onKeyDown}>
        {roots.map((n) => (
          <TreeItem
            key={n.id}
            node={n}
            currentId={current?.id ?? null}
            charted={charted}
            lastValues={lastValues}
            isOpen={isOpen}
            onFocused={setFocusId}
            onFocusNode={focusNode}
            onToggle={toggle}
            onAddToChart={onAddToChart}
            onShowDetails={onShowDetails}
          />
        ))}
      </ul>
      <VaultBar />
    </nav>
  );
});
