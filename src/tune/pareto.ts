/**
 * The Pareto front of latency against cost: the points no other point beats on both at once.
 * Both are minimised. Points with equal latency and cost are all kept, since neither beats the other.
 */

export interface TradeOff {
  index: number;
  latency: number;
  cost: number;
}

function dominates(a: TradeOff, b: TradeOff): boolean {
  return a.latency <= b.latency && a.cost <= b.cost && (a.latency < b.latency || a.cost < b.cost);
}

/** The indexes on the front, from cheapest to fastest. Points with a non-finite value take no part. */
export function paretoFront(points: readonly TradeOff[]): number[] {
  const candidates = points.filter((p) => Number.isFinite(p.latency) && Number.isFinite(p.cost));
  // In cost-then-latency order every point that dominates another comes before it, and dominance is
  // transitive, so checking each point against the front kept so far is enough.
  const sorted = [...candidates].sort((a, b) => a.cost - b.cost || a.latency - b.latency || a.index - b.index);
  const front: TradeOff[] = [];
  for (const point of sorted) {
    if (!front.some((kept) => dominates(kept, point))) front.push(point);
  }
  return front.map((point) => point.index);
}
