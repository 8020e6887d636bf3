// graph.reachable, graph.reachable_paths and walk. A graph is an object from
// node to an array or set of neighbours; nodes that are not strings are
// found under their JSON text, which is how the runtime hands over object
// keys that are not strings.

import { objectOperand, operandTypeFail } from './errors.js';
import { makeSet } from './exact.js';
import type { HostImplementations } from './types.js';
import { isObject, type Result, type Value } from './values.js';

type Graph = { [key: string]: Value };

const nodeKey = (node: Value): string => (typeof node === 'string' ? node : JSON.stringify(node));

/** The neighbours of a node: undefined when the node is not in the graph (null counts as no neighbours). */
function edges(graph: Graph, node: Value): Value[] | undefined {
  const key = nodeKey(node);
  if (!Object.hasOwn(graph, key)) return undefined;
  const e = graph[key];
  return Array.isArray(e) ? e : [];
}

function initialNodes(v: Value): Value[] {
  if (!Array.isArray(v)) operandTypeFail(2, v, '{array, set}');
  return v;
}

function reachable(graphValue: Value, initial: Value): Value[] {
  const graph = objectOperand(graphValue, 1);
  const queue = [...initialNodes(initial)];
  const reached = new Map<string, Value>();
  while (queue.length > 0) {
    const node = queue.shift()!;
    const neighbours = edges(graph, node);
    if (neighbours === undefined) continue;
    for (const n of neighbours) if (!reached.has(JSON.stringify(n))) queue.push(n);
    reached.set(JSON.stringify(node), node);
  }
  return Array.from(makeSet(reached.values())) as Value[];
}

function reachablePaths(graphValue: Value, initial: Value): Value[] {
  const graph = objectOperand(graphValue, 1);
  const paths = new Map<string, Value[]>();
  const commit = (path: Value[]) => paths.set(JSON.stringify(path), path);
  // Depth first from each neighbour of an initial node. A path ends at a leaf,
  // at a node outside the graph, or where it meets a node already reached in
  // this walk (which avoids cycles, and, as in OPA, cuts later paths short).
  const extend = (node: Value, path: Value[], reached: Set<string>) => {
    const neighbours = edges(graph, node);
    if (neighbours === undefined) {
      commit(path);
      return;
    }
    const longer = [...path, node];
    if (neighbours.length === 0) {
      commit(longer);
      return;
    }
    reached.add(JSON.stringify(node));
    for (const n of neighbours) {
      if (reached.has(JSON.stringify(n))) commit(longer);
      else extend(n, longer, reached);
    }
  };
  for (const node of initialNodes(initial)) {
    const neighbours = edges(graph, node);
    if (neighbours === undefined) continue;
    if (neighbours.length === 0) commit([node]);
    else for (const n of neighbours) extend(n, [node], new Set([JSON.stringify(node)]));
  }
  return Array.from(makeSet(paths.values())) as Value[];
}

/** Every [path, value] pair of a document, the document itself first (path []). */
function walk(v: Value): Result[] {
  const out: Result[] = [];
  const visit = (path: Value[], x: Value) => {
    out.push([path, x]);
    if (Array.isArray(x)) for (const [i, item] of x.entries()) visit([...path, i], item);
    else if (isObject(x)) for (const [k, item] of Object.entries(x)) visit([...path, k], item);
  };
  visit([], v);
  return out;
}

export const graphBuiltins: HostImplementations = {
  'graph.reachable': (graph: Value, initial: Value) => reachable(graph, initial),
  'graph.reachable_paths': (graph: Value, initial: Value) => reachablePaths(graph, initial),
  walk: (v: Value) => walk(v),
};
