import type { V1Route } from './define-route.ts';
import { mediaRoutes } from './media-routes.ts';
import { runRoutes } from './runs-routes.ts';
import { taskRoutes } from './tasks-routes.ts';
import { workflowRoutes } from './workflows-routes.ts';

/** Every REST v1 operation: the dispatcher serves exactly these, the OpenAPI document lists exactly these. */
export const v1Routes: V1Route[] = [...runRoutes, ...taskRoutes, ...workflowRoutes, ...mediaRoutes];
