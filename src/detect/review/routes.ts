import type { RouteModule } from '../../http/app.js';

/** Review queue and analyst desk routes under /api/v1/detect. */
export const reviewRoutes: RouteModule = async () => {};
