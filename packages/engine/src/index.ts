/**
 * Browser-safe entry of the engine: the workflow graph schema, its validator, the
 * editor's connection rules and the planner. Pure code over plain JSON; everything that
 * touches Postgres or the queue lives behind `@conveyor/engine/server`.
 */
export * from './graph/index.ts';
