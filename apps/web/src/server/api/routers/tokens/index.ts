import { router } from '@/server/api/trpc';
import { createTokenProcedure } from './create-token';
import { listTokensProcedure } from './list-tokens';
import { revokeTokenProcedure } from './revoke-token';

export const tokensRouter = router({
  list: listTokensProcedure,
  create: createTokenProcedure,
  revoke: revokeTokenProcedure,
});
