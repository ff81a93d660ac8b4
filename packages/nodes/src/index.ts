/**
 * Browser-safe entry: node definitions, the catalog, port types, rule evaluation and
 * templates. Nothing reachable from here may import `node:` modules or executor code —
 * the editor bundles it. Executors live behind `@conveyor/nodes/server`.
 */
export { PORT_TYPES, isPortType, portsCompatible, type PortType } from './sdk/port-types.ts';
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
} from './sdk/port-values.ts';
export {
  FRAME_SAMPLER_MODEL,
  INFERENCE_TASKS,
  classifyInputsSchema,
  classifyOutputsSchema,
  detectInputsSchema,
  detectOutputsSchema,
  inferenceContract,
  ocrInputsSchema,
  ocrOutputsSchema,
  ocrWordSchema,
  pixelBoxSchema,
  sampleInputsSchema,
  sampleOutputsSchema,
  type ClassifyInputs,
  type ClassifyOutputs,
  type DetectInputs,
  type DetectOutputs,
  type InferenceInputsMap,
  type InferenceOutputsMap,
  type InferenceTask,
  type OcrInputs,
  type OcrOutputs,
  type OcrWord,
  type PixelBox,
  type SampleInputs,
  type SampleOutputs,
} from './sdk/inference-contract.ts';
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
} from './sdk/define-node.ts';
export {
  findInput,
  findOutput,
  inputsOf,
  outputsFor,
  titleFromName,
  type InputPortInfo,
  type OutputPortInfo,
} from './sdk/ports.ts';
export {
  configIssues,
  configJsonSchema,
  formatConfigPath,
  parseNodeConfig,
  requiredMessage,
  type ConfigIssue,
} from './sdk/config.ts';
export {
  NodeConfigError,
  NodeError,
  NonRetriableError,
  RetryableError,
  isRetryable,
  serializeError,
  type ErrorAudience,
  type SerializedError,
} from './sdk/errors.ts';
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
} from './sdk/context.ts';
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
} from './sdk/executor.ts';

export { getNodeDefinition, latestNodeDefinition, nodeCatalog, type NodeCatalog } from './catalog.ts';
export { ingestDefinition, ingestConfigSchema } from './ingest/ingest.definition.ts';
export { frameSamplerDefinition, frameSamplerConfigSchema } from './frame-sampler/frame-sampler.definition.ts';
export { detectorDefinition, detectorConfigSchema } from './detector/detector.definition.ts';
export { classifierDefinition, classifierConfigSchema } from './classifier/classifier.definition.ts';
export { ocrDefinition, ocrConfigSchema } from './ocr/ocr.definition.ts';
export { ruleDefinition } from './rule/rule.definition.ts';
export { delayDefinition, delayConfigSchema, delayMs, type DelayConfig } from './delay/delay.definition.ts';
export {
  HUMAN_TASK_ACTIONS,
  humanTaskDefinition,
  humanTaskConfigSchema,
  type HumanTaskAction,
} from './human-task/human-task.definition.ts';
export { webhookDefinition, webhookConfigSchema } from './webhook/webhook.definition.ts';

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
} from './rule/rule-config.ts';
export { FACT_ROOTS, type FactRoot } from './rule/field-path.ts';
export { compileRule, conditionToCel, type CompiledRule } from './rule/compile-rule.ts';
export {
  evaluateRule,
  type ConditionTrace,
  type RowTrace,
  type RuleEvaluation,
  type RuleFacts,
} from './rule/evaluate-rule.ts';

export { templates } from './templates/index.ts';
export { warrantyTriageTemplate } from './templates/warranty-triage.ts';
export type { TemplateGraph, WorkflowTemplate } from './templates/workflow-template.ts';
