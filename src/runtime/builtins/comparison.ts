// Comparison operators on any two values, in OPA's total order.
import { compare, equal } from '../compare';
import { makeBool } from '../value';

export function builtin_equal(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return makeBool(equal(a, b));
}

export function builtin_neq(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return makeBool(!equal(a, b));
}

export function builtin_lt(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return makeBool(compare(a, b) < 0);
}

export function builtin_lte(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return makeBool(compare(a, b) <= 0);
}

export function builtin_gt(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return makeBool(compare(a, b) > 0);
}

export function builtin_gte(a: usize, b: usize): usize {
  if (a == 0 || b == 0) return 0;
  return makeBool(compare(a, b) >= 0);
}
