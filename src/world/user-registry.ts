/**
 * The connected users, behind UserStateService, with the spatial index over their viewports that
 * the affected-user lookup queries. Users without a viewport (the global feed) are kept apart: every
 * event change concerns them.
 */
import type { UserStateService, Viewport } from '../batcher/ports.js';
import type { UserFilter } from './filter.js';
import { assertValidViewport } from './geo.js';
import type { CategoryRegistry } from './event-tags.js';
import type { ChangeLatencySink } from './latency-sink.js';
import { SimUser } from './sim-user.js';
import type { ClientTraffic } from './simulated-client.js';
import { BoxGrid } from './spatial/box-grid.js';
import { GridGeometry } from './spatial/grid-geometry.js';
import { RBushBoxIndex } from './spatial/rbush-indexes.js';
import type { BoxIndex, SpatialIndexKind } from './spatial/spatial-index.js';

const NO_FILTERS: readonly UserFilter[] = Object.freeze([]);

export interface UserRegistryOptions {
  area: Viewport;
  index: SpatialIndexKind;
  /** Grid cell size; about a typical viewport side. */
  cellSizeDeg: number;
  sink: ChangeLatencySink;
  /** Category bits, shared with the event cache, for the users' compiled filters. */
  categories: CategoryRegistry;
  /** Counts the messages in flight to all clients. */
  traffic: ClientTraffic;
}

export class UserRegistry implements UserStateService<UserFilter> {
  private readonly users = new Map<string, SimUser>();
  private readonly viewportIndex: BoxIndex<SimUser>;
  private readonly globalFeed = new Set<SimUser>();

  constructor(private readonly options: UserRegistryOptions) {
    this.viewportIndex =
      options.index === 'rbush'
        ? new RBushBoxIndex<SimUser>()
        : new BoxGrid<SimUser>(new GridGeometry(options.area, options.cellSizeDeg));
  }

  get size(): number {
    return this.users.size;
  }

  get globalFeedSize(): number {
    return this.globalFeed.size;
  }

  getUserViewport(userId: string): Viewport | null {
    return this.users.get(userId)?.viewport ?? null;
  }

  getUserFilters(userId: string): readonly UserFilter[] {
    return this.users.get(userId)?.filters ?? NO_FILTERS;
  }

  get(userId: string): SimUser | undefined {
    return this.users.get(userId);
  }

  values(): IterableIterator<SimUser> {
    return this.users.values();
  }

  /** Adds a connected user; null when the id is already connected. */
  connect(userId: string, viewport: Viewport | null, filters: readonly UserFilter[], atMs: number): SimUser | null {
    if (this.users.has(userId)) return null;
    const user = new SimUser(userId, atMs, this.options.sink, this.options.traffic);
    user.setFilters(filters, this.options.categories);
    this.users.set(userId, user);
    this.placeViewport(user, viewport);
    return user;
  }

  /** Removes the user from the registry and every index; null when it was not connected. */
  disconnect(userId: string): SimUser | null {
    const user = this.users.get(userId);
    if (user === undefined) return null;
    this.users.delete(userId);
    if (user.viewport === null) this.globalFeed.delete(user);
    else this.viewportIndex.remove(user);
    user.viewport = null;
    return user;
  }

  setFilters(user: SimUser, filters: readonly UserFilter[]): void {
    user.setFilters(filters, this.options.categories);
  }

  setViewport(user: SimUser, viewport: Viewport | null): void {
    if (viewport !== null) assertValidViewport(viewport, `viewport of ${user.id}`);
    const copy = viewport === null ? null : { minX: viewport.minX, minY: viewport.minY, maxX: viewport.maxX, maxY: viewport.maxY };
    if (user.viewport !== null && copy !== null) {
      this.viewportIndex.update(user, copy);
      user.viewport = copy;
      return;
    }
    if (user.viewport === null) this.globalFeed.delete(user);
    else this.viewportIndex.remove(user);
    user.viewport = null;
    this.placeViewport(user, copy);
  }

  /** Users whose viewport contains the point. */
  forEachViewportContaining(lng: number, lat: number, visit: (user: SimUser) => void): void {
    this.viewportIndex.searchPoint(lng, lat, visit);
  }

  forEachGlobalFeedUser(visit: (user: SimUser) => void): void {
    for (const user of this.globalFeed) visit(user);
  }

  private placeViewport(user: SimUser, viewport: Viewport | null): void {
    if (viewport === null) {
      user.viewport = null;
      this.globalFeed.add(user);
      return;
    }
    assertValidViewport(viewport, `viewport of ${user.id}`);
    const copy = { minX: viewport.minX, minY: viewport.minY, maxX: viewport.maxX, maxY: viewport.maxY };
    user.viewport = copy;
    user.minX = copy.minX;
    user.minY = copy.minY;
    user.maxX = copy.maxX;
    user.maxY = copy.maxY;
    this.viewportIndex.insert(user);
  }
}
