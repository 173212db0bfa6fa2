/** A user's filter. Every criterion present must hold; an empty filter list means "no filter". */
import type { EventStatus } from './event.js';

export interface UserFilter {
  dateRange?: { start: number; end: number };
  statuses?: readonly EventStatus[];
  categories?: readonly string[];
  /** A circle in metres around a point. */
  location?: { latitude: number; longitude: number; radius: number };
}
