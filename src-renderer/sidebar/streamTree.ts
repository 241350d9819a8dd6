/** The sidebar's tree model: account → source → stream, built from the store's tree and a filter. */
import type { AccountView, SourceView, StreamView, Tree } from '../../src-main/api/contract';
import { translate } from '../i18n';

export interface StreamNode {
  kind: 'stream';
  id: string;
  level: 3;
  stream: StreamView;
}
export interface GroupNode {
  kind: 'account' | 'source';
  id: string;
  level: 1 | 2;
  label: string;
  detail: string | null;
  /** An account's credentials: where they are kept, or what is missing. */
  credentials?: AccountView;
  /** A source's health, for its badge. */
  state?: SourceView['state'];
  children: TreeNode[];
}
export type TreeNode = StreamNode | GroupNode;

/** The tree for a lower-case filter text (empty: everything); an account with no match is left out. */
export function buildTree(tree: Tree, filter: string): GroupNode[] {
  const matches = (s: StreamView) =>
    !filter ||
    s.name.toLowerCase().includes(filter) ||
    s.unit.toLowerCase().includes(filter) ||
    s.key.toLowerCase().includes(filter);
  const sources = new Map(tree.sources.map((s) => [s.id, s]));
  const owners: { id: string; label: string; account: AccountView | null }[] = [
    ...tree.accounts.map((a) => ({ id: a.id, label: a.name, account: a })),
    { id: 'local', label: translate('tree.openedFiles'), account: null },
  ];
  const out: GroupNode[] = [];
  for (const owner of owners) {
    const streams = tree.streams.filter((s) => s.accountId === (owner.account?.id ?? null) && matches(s));
    if (streams.length === 0 && (owner.account === null || filter)) continue;
    const bySource = new Map<number | null, StreamView[]>();
    for (const s of streams) bySource.set(s.sourceId, [...(bySource.get(s.sourceId) ?? []), s]);
    out.push({
      kind: 'account',
      id: `a:${owner.id}`,
      level: 1,
      label: owner.label,
      detail: owner.account ? syncSummary(owner.account) : null,
      credentials: owner.account ?? undefined,
      children: [...bySource.entries()].map(([id, list]) =>
        sourceNode(id === null ? null : (sources.get(id) ?? null), owner.id, list),
      ),
    });
  }
  return out;
}

function sourceNode(source: SourceView | null, ownerId: string, streams: StreamView[]): GroupNode {
  return {
    kind: 'source',
    id: `s:${ownerId}:${source?.id ?? 'none'}`,
    level: 2,
    label: source?.name ?? translate('tree.otherSource'),
    detail: null,
    ...(source ? { state: source.state } : {}),
    children: streams.map((stream) => ({ kind: 'stream', id: `t:${stream.id}`, level: 3, stream })),
  };
}

/** A stream read from OSF logger files (opened here or downloaded from a device) rather than synced. */
export const isFromLoggerFiles = (s: StreamView): boolean => s.vendor === 'osf';

export function streamKeysUnder(n: TreeNode): string[] {
  return n.kind === 'stream' ? [n.stream.key] : n.children.flatMap(streamKeysUnder);
}

export function flatten(nodes: TreeNode[], isOpen: (id: string) => boolean): TreeNode[] {
  return nodes.flatMap((n) => (n.kind === 'stream' || !isOpen(n.id) ? [n] : [n, ...flatten(n.children, isOpen)]));
}

function syncSummary(a: AccountView): string | null {
  const run = a.lastRun;
  // Without credentials the account's credentials line says what is missing.
  if (!run) return a.hasSecret ? translate('tree.notSynced') : null;
  if (run.state === 'running') return translate('tree.syncing');
  if (run.state === 'ok') return null;
  return translate('tree.lastSyncState', { state: translate(`runState.${run.state}`) });
}
