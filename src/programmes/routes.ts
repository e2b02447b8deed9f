import type { RouteModule } from '../http/app.js';
import { programmeCoverageRoutes } from './coverage-routes.js';
import { programmeImportRoutes } from './import-routes.js';
import { programmePhotoRoutes } from './photo-routes.js';
import { programmeRecordRoutes } from './record-routes.js';
import { programmeSafetyRoutes } from './safety-routes.js';

/** The programmes feature's route modules, listed once in platform.ts. */
export const programmesRoutes: RouteModule[] = [
  programmeRecordRoutes,
  programmeImportRoutes,
  programmePhotoRoutes,
  programmeCoverageRoutes,
  programmeSafetyRoutes,
];
