import type { RouteModule } from '../http/app.js';
import { agencyRoutes } from './agencies/routes.js';
import { schoolRoutes } from './schools/routes.js';
import { tokenRoutes } from './tokens/routes.js';
import { unitRoutes } from './units/routes.js';
import { userRoutes } from './users/routes.js';

export const orgRoutes: RouteModule[] = [unitRoutes, agencyRoutes, schoolRoutes, userRoutes, tokenRoutes];
