/**
 * Dashboard colours, decided once by the CLI (NO_COLOR, FORCE_COLOR, --no-color, TTY) and handed
 * down through context: with colour off every colour is undefined and Ink prints plain text.
 */
import { createContext, useContext } from 'react';

export interface DashboardTheme {
  ok: string | undefined;
  bad: string | undefined;
  warn: string | undefined;
  accent: string | undefined;
  /** Whether secondary text is dimmed (an escape code too, so off without colour). */
  dim: boolean;
}

export function themeFor(color: boolean): DashboardTheme {
  return color
    ? { ok: 'green', bad: 'red', warn: 'yellow', accent: 'cyan', dim: true }
    : { ok: undefined, bad: undefined, warn: undefined, accent: undefined, dim: false };
}

export const ThemeContext = createContext<DashboardTheme>(themeFor(false));

export function useTheme(): DashboardTheme {
  return useContext(ThemeContext);
}
