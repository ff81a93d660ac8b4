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
} from './graph-schema.ts';
export { GRAPH_ISSUE_CODES, type GraphIssue, type GraphIssueCode } from './graph-issue.ts';
export { validateGraph, type GraphValidation } from './validate-graph.ts';
export { canConnect, type ConnectionCheck, type ConnectionRefusal } from './can-connect.ts';
export { GraphPlanError, planGraph, type GraphPlan, type GraphPlanErrorCode } from './plan-graph.ts';
export { findCycles } from './find-cycles.ts';
