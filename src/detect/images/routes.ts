import type { RouteModule } from '../../http/app.js';

/** Hash-bank routes under /api/v1/detect/banks. */
export const bankRoutes: RouteModule = async () => {};
