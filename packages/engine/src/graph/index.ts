export {
  MAX_GRAPH_EDGES,
  MAX_GRAPH_NODES,
  NODE_ID_PATTERN,
  graphEdgeSchema,
  graphNodeSchema,
  portRefSchema,
  workflowGraphSchema,
  type GraphEdge,
  type GraphNode,
  type PortRef,
  type WorkflowGraph,
} from './graph-schema.js';
export { GRAPH_ISSUE_CODES, type GraphIssue, type GraphIssueCode } from './graph-issue.js';
export { validateGraph, type GraphValidation } from './validate-graph.js';
export { canConnect, type ConnectionCheck, type ConnectionRefusal } from './can-connect.js';
export { GraphPlanError, planGraph, type GraphPlan, type GraphPlanErrorCode } from './plan-graph.js';
export { findCycles } from './find-cycles.js';
