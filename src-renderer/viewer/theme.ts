/**
 * Canvas colours come from CSS variables (styles.css, light and dark), read once per colour scheme,
 * so the charts follow the system theme like the rest of the app.
 */
import { useEffect, useState } from 'react';

export interface ChartTheme {
  axis: string;
  grid: string;
  font: string;
  series: string[];
}

const SERIES_VARIABLES = 8;

function readTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const family = css.fontFamily || 'system-ui, sans-serif';
  return {
    axis: v('--chart-axis', '#5d6678'),
    grid: v('--chart-grid', '#e6e9ef'),
    font: `12px ${family}`,
    series: Array.from({ length: SERIES_VARIABLES }, (_, i) => v(`--series-${i + 1}`, '#1768c4')),
  };
}

export function useChartTheme(): ChartTheme {
  const [theme, setTheme] = useState(readTheme);
  useEffect(() => {
    const dark = matchMedia('(prefers-color-scheme: dark)');
    const update = () => setTheme(readTheme());
    dark.addEventListener('change', update);
    return () => dark.removeEventListener('change', update);
  }, []);
  return theme;
}

/** A translucent version of a `#rrggbb` colour, for min/max bands. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m) return color;
  const n = parseInt(m[1], 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
