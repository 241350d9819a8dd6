import type { Tree } from '../../src-main/api/contract';
import { translate } from '../i18n';

/**
 * Where an OSF source's streams really are in the tree: under the account whose device wrote the
 * file when it came by download (even if the user opens the same file again later), else under
 * "Opened files". Null when the tree does not list them (yet).
 */
export function whereImported(tree: Tree, source: string): { path: string; streamIds: number[] } | null {
  const streams = tree.streams.filter((s) => s.key.startsWith(`osf/${source}/`));
  if (streams.length === 0) return null;
  const first = streams[0];
  const owner =
    first.accountId === null
      ? translate('tree.openedFiles')
      : (tree.accounts.find((a) => a.id === first.accountId)?.name ?? translate('tree.openedFiles'));
  const folder = tree.sources.find((s) => s.id === first.sourceId)?.name ?? source;
  return { path: `${owner} › ${folder}`, streamIds: streams.map((s) => s.id) };
}
