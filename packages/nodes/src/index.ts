/**
 * Browser-safe entry: node definitions, the catalog, port types, rule evaluation and
 * templates. Nothing reachable from here may import `node:` modules or executor code —
 * the editor bundles it. Executors live behind `@conveyor/nodes/server`.
 */
export { PORT_TYPES, isPortType, portsCompatible, type PortType } from './sdk/port-types.js';
export {
  DECISION_SOURCES,
  boxSchema,
  classificationSchema,
  decisionSchema,
  detectionSchema,
  detectionsSchema,
  mediaRefSchema,
  modelRefSchema,
  portValueSchemas,
  recordSchema,
  textResultSchema,
  type Box,
  type Classification,
  type Decision,
  type Detection,
  type Detections,
  type MediaRef,
  type ModelRef,
  type PortValue,
  type PortValueMap,
  type RecordValue,
  type TextResult,
} from './sdk/port-values.js';
export {
  NODE_CATEGORIES,
  defineNode,
  isKebabName,
  nodeKey,
  type AnyNodeDefinition,
  type InputPortSpec,
  type InputPorts,
  type NodeCategory,
  type NodeConfigOf,
  type NodeDefinition,
  type NodeDefinitionInit,
  type OutputPortSpec,
  type OutputPorts,
} from './sdk/define-node.js';
export {
  findInput,
  findOutput,
  inputsOf,
  outputsFor,
  titleFromName,
  type InputPortInfo,
  type OutputPortInfo,
} from './sdk/ports.js';
export {
  configIssues,
  configJsonSchema,
  formatConfigPath,
  parseNodeConfig,
  requiredMessage,
  type ConfigIssue,
} from './sdk/config.js';
export {
  NodeConfigError,
  NodeError,
  NonRetriableError,
  RetryableError,
  isRetryable,
  serializeError,
  type ErrorAudience,
  type SerializedError,
} from './sdk/errors.js';
export type {
  GuardedFetch,
  InferFn,
  InferRequest,
  InferResult,
  LogFields,
  MediaPutOptions,
  MediaStore,
  NodeContext,
  NodeLogger,
  ResumeInfo,
  SecretStore,
} from './sdk/context.js';
export type {
  EvidenceWait,
  ExecuteResult,
  ExecuteSuccess,
  InputValue,
  InputValues,
  NodeExecutor,
  OutputValues,
  Suspension,
  TaskWait,
  TimerWait,
  WaitFor,
} from './sdk/executor.js';

export { getNodeDefinition, latestNodeDefinition, nodeCatalog, type NodeCatalog } from './catalog.js';
export { ingestDefinition, ingestConfigSchema } from './ingest/ingest.definition.js';
export { frameSamplerDefinition, frameSamplerConfigSchema } from './frame-sampler/frame-sampler.definition.js';
export { detectorDefinition, detectorConfigSchema } from './detector/detector.definition.js';
export { classifierDefinition, classifierConfigSchema } from './classifier/classifier.definition.js';
export { ocrDefinition, ocrConfigSchema } from './ocr/ocr.definition.js';
export { ruleDefinition } from './rule/rule.definition.js';
export { delayDefinition, delayConfigSchema, delayMs, type DelayConfig } from './delay/delay.definition.js';
export {
  HUMAN_TASK_ACTIONS,
  humanTaskDefinition,
  humanTaskConfigSchema,
  type HumanTaskAction,
} from './human-task/human-task.definition.js';
export { webhookDefinition, webhookConfigSchema } from './webhook/webhook.definition.js';

export {
  COMPARE_OPS,
  DEFAULT_RULE_PORTS,
  conditionSchema,
  ruleConfigSchema,
  ruleRowSchema,
  type CompareOp,
  type RuleCondition,
  type RuleConfig,
  type RulePort,
  type RuleRow,
} from './rule/rule-config.js';
export { FACT_ROOTS, type FactRoot } from './rule/field-path.js';
export { compileRule, conditionToCel, type CompiledRule } from './rule/compile-rule.js';
export {
  evaluateRule,
  type ConditionTrace,
  type RowTrace,
  type RuleEvaluation,
  type RuleFacts,
} from './rule/evaluate-rule.js';

export { templates } from './templates/index.js';
export { warrantyTriageTemplate } from './templates/warranty-triage.js';
export type { TemplateGraph, WorkflowTemplate } from './templates/workflow-template.js';
