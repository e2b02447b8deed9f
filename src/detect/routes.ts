import type { RouteModule } from '../http/app.js';
import { bankRoutes } from './images/routes.js';
import { reviewRoutes } from './review/routes.js';

/** Every detection route: hash banks and the review desk. */
export const detectRoutes: RouteModule[] = [bankRoutes, reviewRoutes];
