import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { flatten, type GroupNode, type TreeNode } from './streamTree';

interface Actions {
  onAddToChart: (streamId: number) => void;
  onShowDetails: (streamId: number) => void;
}

/** Beyond this many streams, source groups start closed: the tree paints accounts and sources, not every stream. */
const OPEN_ALL_UP_TO = 2_000;

const startsOpen = (id: string, large: boolean) => !(large && id.startsWith('s:'));

function countStreams(nodes: readonly TreeNode[]): number {
  return nodes.reduce((n, c) => n + (c.kind === 'stream' ? 1 : countStreams(c.children)), 0);
}

/**
 * Open groups, the focused row (roving tabindex) and the ARIA tree's keys: arrows, Home/End,
 * Enter charts a stream, Space shows its details. While `filtering`, every group is open.
 */
export function useTreeNavigation(roots: GroupNode[], filtering: boolean, { onAddToChart, onShowDetails }: Actions) {
  /** Groups the user opened or closed, against how they start. */
  const [toggled, setToggled] = useState<Set<string>>(new Set());
  const [focusId, setFocusId] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);
  const large = useMemo(() => countStreams(roots) > OPEN_ALL_UP_TO, [roots]);
  const isOpen = useCallback(
    (id: string) => filtering || toggled.has(id) !== startsOpen(id, large),
    [filtering, toggled, large],
  );
  const visible = useMemo(() => flatten(roots, isOpen), [roots, isOpen]);
  /** The row the user chose (focused or clicked); none until they do. */
  const chosen = visible.find((n) => n.id === focusId) ?? null;
  /** The row the keys act on: the chosen one, else the first. */
  const current = chosen ?? visible[0] ?? null;

  const focusNode = (id: string) => {
    setFocusId(id);
    treeRef.current?.querySelector<HTMLElement>(`[data-node="${CSS.escape(id)}"]`)?.focus();
  };
  const toggle = (id: string) =>
    setToggled((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKeyDown = (e: KeyboardEvent) => {
    if (!current) return;
    const at = visible.indexOf(current);
    const parent = visible.slice(0, at).findLast((n) => n.level < current.level);
    const go = (n: TreeNode | undefined) => n && focusNode(n.id);
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    switch (e.key) {
      case 'ArrowDown':
        handled();
        return go(visible[at + 1]);
      case 'ArrowUp':
        handled();
        return go(visible[at - 1]);
      case 'Home':
        handled();
        return go(visible[0]);
      case 'End':
        handled();
        return go(visible[visible.length - 1]);
      case 'ArrowRight':
        handled();
        if (current.kind === 'stream') return;
        if (!isOpen(current.id)) return toggle(current.id);
        return go(current.children[0]);
      case 'ArrowLeft':
        handled();
        if (current.kind !== 'stream' && isOpen(current.id) && !filtering) return toggle(current.id);
        return go(parent);
      case 'Enter':
        handled();
        if (current.kind === 'stream') return onAddToChart(current.stream.id);
        return toggle(current.id);
      case ' ':
        handled();
        if (current.kind === 'stream') return onShowDetails(current.stream.id);
        return toggle(current.id);
    }
  };

  return { treeRef, visible, current, chosen, isOpen, toggle, focusNode, setFocusId, onKeyDown };
}
