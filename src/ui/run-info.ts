/** What the dashboard header shows about the run: fixed before the first snapshot arrives. */
export interface DashboardRunInfo {
  name: string;
  description: string;
  clock: 'virtual' | 'real';
  seed: number;
  strategy: string;
  durationMs: number;
  settings: Readonly<Record<string, number | boolean | string | null>>;
  /** Wall-time playback factor asked for with --speed; null means as fast as possible. */
  requestedSpeed: number | null;
}
