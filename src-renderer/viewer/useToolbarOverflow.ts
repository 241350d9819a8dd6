import { useLayoutEffect, useRef, useState } from 'react';

/** The More button's width before it was ever shown (it is measured once it is). */
const MORE_WIDTH_GUESS = 44;

/**
 * Which optional items of a one-row toolbar go in its overflow menu. The row's children carry
 * `data-item` (`data-fixed` for those that always stay, `data-item="more"` for the menu's button);
 * `optional` lists the others, most important first: each stays in the row while it still fits there.
 * Widths are measured while an item is in the row and remembered until the language changes.
 */
export function useToolbarOverflow(optional: readonly string[], language: string) {
  const rowRef = useRef<HTMLDivElement>(null);
  const widths = useRef({ language, px: new Map<string, number>() });
  const [overflow, setOverflow] = useState<readonly string[]>([]);
  const [, setWidth] = useState(0);

  useLayoutEffect(() => {
    const row = rowRef.current;
    if (!row) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width)));
    observer.observe(row);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const row = rowRef.current;
    if (!row) return;
    if (widths.current.language !== language) widths.current = { language, px: new Map() };
    const px = widths.current.px;
    let fixed = 0;
    let items = 0;
    for (const child of row.querySelectorAll<HTMLElement>(':scope > [data-item]')) {
      if (child.hidden) continue;
      const width = child.getBoundingClientRect().width;
      const key = child.dataset.item ?? '';
      px.set(key, width);
      if (child.dataset.fixed !== undefined) {
        fixed += width;
        items++;
      }
    }
    const unmeasured = optional.filter((key) => !px.has(key));
    // Something never measured in this language: show everything once, to measure it.
    if (unmeasured.length > 0) {
      if (overflow.length > 0) setOverflow([]);
      return;
    }
    const style = getComputedStyle(row);
    const gap = parseFloat(style.columnGap) || 0;
    const room = row.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const widthOf = (keys: readonly string[]) => keys.reduce((sum, key) => sum + (px.get(key) ?? 0) + gap, 0);
    let next: readonly string[] = [];
    if (fixed + widthOf(optional) + (items - 1) * gap > room) {
      let used = fixed + (items - 1) * gap + (px.get('more') ?? MORE_WIDTH_GUESS) + gap;
      // In order of importance, each that still fits stays; a small one may stay where a wide one could not.
      next = optional.filter((key) => {
        const width = widthOf([key]);
        if (used + width > room) return true;
        used += width;
        return false;
      });
    }
    if (next.join() !== overflow.join()) setOverflow(next);
  });

  return { rowRef, overflow: new Set(overflow) };
}
