/**
 * A starter workflow. The graph is plain JSON in the engine's workflow-graph shape; it is
 * typed structurally here because imports flow engine → nodes, never the other way (the
 * engine's tests validate every template against its schema and the catalog).
 */
export interface TemplateGraph {
  nodes: {
    id: string;
    type: string;
    typeVersion: number;
    label?: string;
    config: Record<string, unknown>;
    position: { x: number; y: number };
  }[];
  edges: {
    id?: string;
    from: { node: string; port: string };
    to: { node: string; port: string };
  }[];
}

export interface WorkflowTemplate {
  key: string;
  name: string;
  description: string;
  graph: TemplateGraph;
}
