import { router } from '@/server/api/trpc';
import { createTriggerProcedure } from './create-trigger';
import { deleteTriggerProcedure } from './delete-trigger';
import { listTriggerWorkflowsProcedure } from './list-trigger-workflows';
import { listTriggersProcedure } from './list-triggers';
import { rotateTriggerSecretProcedure } from './rotate-trigger-secret';
import { updateTriggerProcedure } from './update-trigger';

export const triggersRouter = router({
  list: listTriggersProcedure,
  workflows: listTriggerWorkflowsProcedure,
  create: createTriggerProcedure,
  update: updateTriggerProcedure,
  rotateSecret: rotateTriggerSecretProcedure,
  delete: deleteTriggerProcedure,
});
