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

  // The row and what is in it are watched: a narrower window, a longer word or a new range refits.
  useLayoutEffect(() => {
    const row = rowRef.current;
    if (!row) return;
    const observer = new ResizeObserver(() => {
      const next = fitRow(row, optional, widths.current.language === language ? widths.current.px : null);
      if (next.fresh) widths.current = { language, px: next.fresh };
      setOverflow((current) => (current.join() === next.overflow.join() ? current : next.overflow));
    });
    observer.observe(row);
    for (const child of row.querySelectorAll(':scope > [data-item]')) observer.observe(child);
    return () => observer.disconnect();
  }, [optional, language, overflow]);

  return { rowRef, overflow: new Set(overflow) };
}

/**
 * The optional items that do not fit, from the widths of the items in the row now and those
 * remembered (`known`; null after a change of language). Something never measured: none, so that
 * the next layout shows and measures everything.
 */
function fitRow(
  row: HTMLElement,
  optional: readonly string[],
  known: Map<string, number> | null,
): { overflow: readonly string[]; fresh: Map<string, number> | null } {
  const fresh = known ? null : new Map<string, number>();
  const px = known ?? fresh ?? new Map<string, number>();
  let fixed = 0;
  let fixedCount = 0;
  for (const child of row.querySelectorAll<HTMLElement>(':scope > [data-item]')) {
    if (child.hidden) continue;
    const width = child.getBoundingClientRect().width;
    px.set(child.dataset.item ?? '', width);
    if (child.dataset.fixed !== undefined) {
      fixed += width;
      fixedCount++;
    }
  }
  if (optional.some((key) => !px.has(key))) return { overflow: [], fresh };
  const style = getComputedStyle(row);
  const gap = parseFloat(style.columnGap) || 0;
  const room = row.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const widthOf = (key: string) => (px.get(key) ?? 0) + gap;
  let used = fixed + (fixedCount - 1) * gap;
  if (used + optional.reduce((sum, key) => sum + widthOf(key), 0) <= room) return { overflow: [], fresh };
  used += (px.get('more') ?? MORE_WIDTH_GUESS) + gap;
  // In order of importance, each that still fits stays; a small one may stay where a wide one could not.
  const overflow = optional.filter((key) => {
    if (used + widthOf(key) > room) return true;
    used += widthOf(key);
    return false;
  });
  return { overflow, fresh };
}
