// What the global setup hands every integration test file (vitest provide/inject).
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    pgRunPrefix: string;
  }
}
