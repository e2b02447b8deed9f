/**
 * The database's table types, composed from the tables each feature owns.
 * A feature declares its tables in its own `tables.ts`; only this file joins them.
 */
import type { AuditTables } from '../audit/tables.js';
import type { AuthTables } from '../auth/tables.js';
import type { CasesTables } from '../cases/tables.js';
import type { DetectTables } from '../detect/tables.js';
import type { FilterTables } from '../filter/tables.js';
import type { HttpTables } from '../http/tables.js';
import type { IndicatorsTables } from '../indicators/tables.js';
import type { IntakeTables } from '../intake/tables.js';
import type { OrgTables } from '../org/tables.js';
import type { ProgrammesTables } from '../programmes/tables.js';

export interface Database
  extends OrgTables,
    AuthTables,
    AuditTables,
    IntakeTables,
    FilterTables,
    DetectTables,
    CasesTables,
    ProgrammesTables,
    IndicatorsTables,
    HttpTables {}
