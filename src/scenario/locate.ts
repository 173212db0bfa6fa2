/**
 * Where a path of the document is in the YAML text: the line and column users see in their editor.
 * A missing value is reported at the nearest thing that exists (the key of the mapping that lacks
 * it); an unknown key at the key itself.
 */
import type { Document, LineCounter } from 'yaml';
import { isMap, isNode, isPair, isScalar, isSeq } from 'yaml';

export interface Position {
  line: number;
  column: number;
}

function keyText(key: unknown): unknown {
  return isScalar(key) ? key.value : key;
}

function start(node: unknown, lineCounter: LineCounter): Position | undefined {
  if (!isNode(node) || node.range === undefined || node.range === null) return undefined;
  const { line, col } = lineCounter.linePos(node.range[0]);
  return line === 0 ? { line: 1, column: col } : { line, column: col };
}

/** The position of the value at `path` (or of its key when `atKey`), or of its nearest ancestor. */
export function locate(
  document: Document,
  lineCounter: LineCounter,
  path: readonly PropertyKey[],
  atKey: boolean,
): Position | undefined {
  let node: unknown = document.contents;
  // The best position found so far: the deepest existing thing on the way down.
  let best = start(node, lineCounter);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && String(keyText(item.key)) === String(segment));
      if (pair === undefined) return best;
      const keyPosition = start(pair.key, lineCounter);
      if (last && atKey) return keyPosition ?? best;
      best = keyPosition ?? best;
      node = pair.value;
      // A key with an empty value (`batcher:`) has no value node: the key is the place.
      const valuePosition = start(node, lineCounter);
      if (valuePosition !== undefined) best = valuePosition;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return best;
      node = item;
      best = start(node, lineCounter) ?? best;
    } else {
      return best;
    }
  }
  return best;
}
