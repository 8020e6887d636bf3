// Bounds YAML alias expansion ("billion laughs"). js-yaml does not copy an
// aliased node: every alias shares the anchored object, so decoding a bomb is
// cheap, but anything that serialises the document (JSON for the policy
// engine) expands it. The expanded size is measured here on the shared graph,
// with each distinct object sized once, so measuring never expands anything.
// js-yaml registers an anchored collection before reading its content, so an
// alias inside its own anchor (`&a [*a]`) makes a cycle: infinite expansion.

export type AliasCheck =
  | { ok: true; expandedNodes: number }
  | { ok: false; reason: 'limit' | 'ratio' | 'cycle'; expandedNodes: number; distinctNodes: number };

/**
 * Counts the nodes of `root` as if every alias were expanded (each object,
 * array and scalar counts one). Fails when the count passes `limit`, or when
 * aliases make the document more than `maxRatio` times its distinct size
 * while expanding past `ratioFloor` nodes (a small table repeated a million
 * times is an attack, not a manifest), or when aliases form a cycle.
 */
export function checkAliasExpansion(
  root: unknown,
  limit: number,
  maxRatio = 100,
  ratioFloor = 10_000,
): AliasCheck {
  const sizes = new Map<object, number>();
  const inProgress = new Set<object>();
  let distinct = 0;
  let cycle = false;

  const size = (value: unknown): number => {
    if (value === null || typeof value !== 'object') return 1;
    const known = sizes.get(value);
    if (known !== undefined) return known;
    if (inProgress.has(value)) {
      cycle = true;
      return Number.POSITIVE_INFINITY;
    }
    inProgress.add(value);
    distinct++;
    let total = 1;
    const children = Array.isArray(value) ? value : Object.values(value);
    for (const child of children) {
      if (child === null || typeof child !== 'object') distinct++;
      total += size(child);
      // Past the limit the exact figure no longer matters; stop early.
      if (total > limit || cycle) break;
    }
    inProgress.delete(value);
    sizes.set(value, total);
    return total;
  };

  const expanded = size(root);
  const failed = { ok: false as const, expandedNodes: expanded, distinctNodes: distinct };
  if (cycle) return { ...failed, reason: 'cycle' };
  if (expanded > limit) return { ...failed, reason: 'limit' };
  if (expanded > ratioFloor && expanded > maxRatio * distinct) return { ...failed, reason: 'ratio' };
  return { ok: true, expandedNodes: expanded };
}
