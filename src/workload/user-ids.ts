/**
 * How the world names the users it connects at the start, so generators can address them without
 * holding the world. Users a generator connects itself get names of its own (see churn).
 */
export function initialUserId(index: number): string {
  return `user-${index}`;
}
