import { useRef, useState, type MouseEvent } from 'react';
import type { FileView } from '../../src-main/api/contract';

export interface FileSelection {
  selected: ReadonlySet<number>;
  /** A row's checkbox was clicked: Shift extends from the last clicked row. */
  toggle: (f: FileView, e: MouseEvent) => void;
  allShownSelected: boolean;
  /** Selects every shown file, or clears the selection when all are selected already. */
  toggleAllShown: () => void;
  clear: () => void;
}

/** Which files are checked, among those `shown`, with Shift-click ranges. */
export function useFileSelection(shown: FileView[]): FileSelection {
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const anchor = useRef<number | null>(null);
  const allShownSelected = shown.length > 0 && shown.every((f) => selected.has(f.id));

  const toggle = (f: FileView, e: MouseEvent) => {
    const next = new Set(selected);
    const at = shown.findIndex((v) => v.id === f.id);
    const from = shown.findIndex((v) => v.id === anchor.current);
    const on = !selected.has(f.id);
    if (e.shiftKey && from !== -1) {
      // Shift-click: the whole range from the last click takes this row's new state.
      for (const v of shown.slice(Math.min(from, at), Math.max(from, at) + 1))
        if (on) next.add(v.id);
        else next.delete(v.id);
    } else if (on) next.add(f.id);
    else next.delete(f.id);
    anchor.current = f.id;
    setSelected(next);
  };

  return {
    selected,
    toggle,
    allShownSelected,
    toggleAllShown: () => setSelected(allShownSelected ? new Set() : new Set(shown.map((f) => f.id))),
    clear: () => setSelected(new Set()),
  };
}
