export { createDb, sessionOptions, type Db, type DbOptions } from './client.ts';
export { PreparingClient } from './preparing-client.ts';
export { withTransaction, asBossDb, type SqlClient } from './transaction.ts';
export { encryptSecret, decryptSecret, parseSecretKey, hashToken, randomToken } from './crypto.ts';
export { hashPassword, verifyPassword } from './password.ts';
export { beat, removeHeartbeat, liveWorkers, startHeartbeat, type HeartbeatInfo } from './heartbeat.ts';
export { seedModels, type ModelSeed } from './seed/models.ts';
export { seedDemoWorkspace, type DemoTemplate, type SeedDemoResult } from './seed/demo.ts';
export { Prisma } from '@prisma/client';
export type {
  PrismaClient,
  Role,
  RunStatus,
  StepStatus,
  TaskStatus,
  TriggerKind,
  DecisionAction,
  ModelTask,
  Workspace,
  User,
  Membership,
  Workflow,
  WorkflowVersion,
  Run,
  Step,
  HumanTask,
  Decision,
  AuditEvent,
} from '@prisma/client';
