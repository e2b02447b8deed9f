import type { Actor, RequestOrigin } from './access/actor.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Sealer } from './shared/secrets.js';
import type { Clock } from './shared/time.js';

/** What every use case may depend on; built once by platform.ts. */
export interface Deps {
  db: Db;
  config: Config;
  sealer: Sealer;
  clock: Clock;
}

/** A use case's view of one call: the shared parts plus who asks and from where. */
export interface Ctx extends Deps {
  actor: Actor;
  origin: RequestOrigin;
}
