import { definePolicy } from '../../access/policy.js';
import { role, self, system } from '../../access/rules.js';
import type { UsersTable } from '../tables.js';

type User = Pick<UsersTable, 'id'>;

/** Staff accounts: administrators manage them; everyone may read their own. Reads are audited. */
export const userPolicy = definePolicy<User, 'read' | 'create' | 'update'>(
  'user',
  {
    read: [role('system_admin'), self<User>('id')],
    create: [role('system_admin'), system],
    update: [role('system_admin'), system],
  },
  { visibleAction: 'read' },
);
