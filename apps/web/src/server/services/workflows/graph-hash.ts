import { sha256Json } from '@conveyor/engine/server';

/** sha256 of the canonical graph JSON (the engine's canonical form, keys sorted). */
export function graphHash(graph: unknown): string {
  return sha256Json(graph);
}
