import { router } from '@/server/api/trpc';
import { listNodesProcedure } from './list-nodes';

export const catalogRouter = router({
  nodes: listNodesProcedure,
});
