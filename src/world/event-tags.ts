/**
 * An event's status, privacy and categories as bits of one number (its tag), so filtering a list of
 * events reads a column of numbers instead of following pointers to each event, its category array
 * and each category string. Category bits are handed out by a per-world registry in order of first
 * use; an event with a category beyond the first CATEGORY_BITS gets the OVERFLOW bit, and a filter
 * that names such a category falls back to the exact predicate.
 */
import type { EventStatus, SimEvent } from './event.js';

export const STATUS_BIT: Record<EventStatus, number> = { PENDING: 1, VERIFIED: 2, REJECTED: 4, EXPIRED: 8 };
export const STATUS_BITS = 0b1111;
export const PRIVATE_BIT = 1 << 4;
export const OVERFLOW_BIT = 1 << 5;
const FIRST_CATEGORY_BIT = 6;
export const CATEGORY_BITS = 31 - FIRST_CATEGORY_BIT;
/**
 * An event's "info" number: its tag in the low 31 bits and its payload size in bytes from bit 32
 * up (exact in a double). Bit operations on it (`info & PRIVATE_BIT`) read the tag, since they take
 * the low 32 bits; payloadOf() reads the size. One number per event carries all processing needs.
 */
const PAYLOAD_SCALE = 2 ** 32;

export function packInfo(tag: number, payloadBytes: number): number {
  return tag + Math.min(payloadBytes, 2 ** 20) * PAYLOAD_SCALE;
}

export function payloadOf(info: number): number {
  return Math.floor(info / PAYLOAD_SCALE);
}

export class CategoryRegistry {
  private readonly bits = new Map<string, number>();

  /** The bit of a category, registering it if there is room; 0 when there is none. */
  bitOf(category: string): number {
    const known = this.bits.get(category);
    if (known !== undefined) return known;
    if (this.bits.size >= CATEGORY_BITS) return 0;
    const bit = 1 << (FIRST_CATEGORY_BIT + this.bits.size);
    this.bits.set(category, bit);
    return bit;
  }

  /** The bit of a category without registering it (0 when unknown). */
  knownBitOf(category: string): number {
    return this.bits.get(category) ?? 0;
  }

  tagOf(event: Pick<SimEvent, 'status' | 'isPrivate' | 'categories'>): number {
    let tag = STATUS_BIT[event.status] | (event.isPrivate ? PRIVATE_BIT : 0);
    for (const category of event.categories) {
      const bit = this.bitOf(category);
      tag |= bit === 0 ? OVERFLOW_BIT : bit;
    }
    return tag;
  }
}
