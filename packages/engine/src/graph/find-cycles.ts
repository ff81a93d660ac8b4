/**
 * Cycles in a directed graph, each as its nodes in order (a → b → c → back to a).
 * Tarjan's strongly connected components find every cyclic region in linear time;
 * each region is then reported once, with one concrete loop through it so the message
 * can name the nodes an analyst must disconnect.
 */
export function findCycles(nodeIds: readonly string[], edges: readonly (readonly [string, string])[]): string[][] {
  const successors = new Map<string, string[]>(nodeIds.map((id) => [id, []]));
  for (const [from, to] of edges) {
    if (successors.has(from) && successors.has(to)) successors.get(from)?.push(to);
  }
  return stronglyConnected(nodeIds, successors)
    .filter((component) => {
      const [only] = component;
      return component.length > 1 || (only !== undefined && (successors.get(only) ?? []).includes(only));
    })
    .map((component) => loopThrough(component, successors));
}

function stronglyConnected(nodeIds: readonly string[], successors: ReadonlyMap<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];

  // Iterative DFS: recursion would overflow on a long chain of nodes.
  for (const root of nodeIds) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame === undefined) break;
      const next = (successors.get(frame.id) ?? [])[frame.next];
      if (next !== undefined) {
        frame.next += 1;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter);
          counter += 1;
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, next: 0 });
        } else if (onStack.has(next)) {
          low.set(frame.id, Math.min(low.get(frame.id) ?? 0, index.get(next) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        for (;;) {
          const member = stack.pop();
          if (member === undefined) break;
          onStack.delete(member);
          component.push(member);
          if (member === frame.id) break;
        }
        components.push(component);
      }
    }
  }
  // Report in graph order, each component starting from its earliest node.
  const order = new Map(nodeIds.map((id, i) => [id, i]));
  const byOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  return components.map((c) => c.sort(byOrder)).sort((a, b) => byOrder(a[0] ?? '', b[0] ?? ''));
}

/** A shortest loop from the component's first node back to itself, staying inside it. */
function loopThrough(component: readonly string[], successors: ReadonlyMap<string, string[]>): string[] {
  const start = component[0] ?? '';
  const inside = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const current = queue[head] ?? '';
    for (const next of successors.get(current) ?? []) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const path = [current];
        for (let at = current; at !== start;) {
          at = previous.get(at) ?? start;
          path.push(at);
        }
        return path.reverse();
      }
      if (!previous.has(next)) {
        previous.set(next, current);
        queue.push(next);
      }
    }
  }
  return [...component];
}
