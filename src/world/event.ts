/** The events (map markers) of the simulated world, shaped as in the field notes. */
export const EVENT_STATUSES = ['PENDING', 'VERIFIED', 'REJECTED', 'EXPIRED'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** A point as [lng, lat] in degrees. */
export type LngLat = readonly [number, number];

export interface SimEvent {
  id: string;
  title: string;
  location: LngLat;
  /** Start of the event, ms on the simulation's calendar. */
  eventDate: number;
  endDate?: number;
  status: EventStatus;
  categories: readonly string[];
  isPrivate: boolean;
  creatorId: string;
  sharedWith: readonly string[];
  scanCount: number;
  saveCount: number;
  /** Simulated time of the last change; with `version`, what a diff compares. */
  updatedAt: number;
  version: number;
}

/** The fields an update may change (not id, not location: a move is its own change). */
export type EventPatch = Partial<
  Pick<SimEvent, 'title' | 'eventDate' | 'endDate' | 'status' | 'categories' | 'scanCount' | 'saveCount'>
>;
