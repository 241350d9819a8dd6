import { editAccount, requireAccount } from '../accounts';
import { changeSelection, selectionState, setNewStreams } from '../accounts/selection';
import { pickFromCatalog, searchCatalog } from '../accounts/catalog';
import { discoverAccount } from '../sync/discover';
import type { HandlerContext, Handlers } from './context';

type SelectionHandlers = Pick<
  Handlers,
  | 'selection:discover'
  | 'selection:state'
  | 'selection:set'
  | 'selection:newStreams'
  | 'catalog:search'
  | 'catalog:pick'
  | 'accounts:edit'
>;

/** What each account syncs, and account edits (issue 16). */
export function createSelectionHandlers(
  ctx: HandlerContext,
  accountView: (id: string) => ReturnType<Handlers['accounts:edit']>,
): SelectionHandlers {
  const { ws } = ctx;
  return {
    'selection:discover': ({ accountId }) => discoverAccount(ws, requireAccount(ws, accountId)),
    'selection:state': ({ accountId }) => selectionState(ws, requireAccount(ws, accountId).id),
    'selection:set': ({ accountId, select, deselect }) => {
      if (select.length > 0) changeSelection(ws, accountId, { target: select, selected: true });
      if (deselect.length > 0) changeSelection(ws, accountId, { target: deselect, selected: false });
      return selectionState(ws, requireAccount(ws, accountId).id);
    },
    'selection:newStreams': ({ accountId, rule }) => {
      setNewStreams(ws, accountId, rule);
      return null;
    },
    'catalog:search': ({ accountId, ...query }) => searchCatalog(ws, accountId, query),
    'catalog:pick': ({ accountId, refs }) => pickFromCatalog(ws, accountId, refs),
    'accounts:edit': ({ id, ...changes }) => accountView(editAccount(ws, id, changes).id),
  };
}
