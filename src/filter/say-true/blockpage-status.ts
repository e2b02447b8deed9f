import type { Deps } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { BANDS, type Band } from '../model.js';
import { readBandPolicies, readSettings } from '../store.js';

/**
 * Whether the block page can be shown at all: the DNS answers with its address only when one is
 * set (LACHAN_BLOCKPAGE_IPV4/IPV6, or the filter settings); without one a band set to "block page"
 * silently gets NXDOMAIN. Saving that choice is refused; an existing one is reported inactive.
 */
export async function blockPageAddresses(deps: Pick<Deps, 'db' | 'config'>): Promise<{ ipv4: string | null; ipv6: string | null }> {
  const s = await readSettings(deps.db.kysely);
  return { ipv4: deps.config.filter.blockpageIpv4 ?? s.blockpageIpv4 ?? null, ipv6: deps.config.filter.blockpageIpv6 ?? s.blockpageIpv6 ?? null };
}

export async function blockPageStatus(deps: Pick<Deps, 'db' | 'config'>) {
  const a = await blockPageAddresses(deps);
  // the engine answers a block page only with an IPv4 address (engine.ts blockAnswer)
  const configured = !!a.ipv4;
  const bands = await readBandPolicies(deps.db.kysely);
  return {
    ipv4: a.ipv4,
    ipv6: a.ipv6,
    configured,
    bands: BANDS.map((band: Band) => {
      const p = bands.find((b) => b.band === band)!;
      const active = p.blockResponse === 'blockpage' && configured;
      return { band, blockResponse: p.blockResponse, active, effective: active ? ('blockpage' as const) : ('nxdomain' as const) };
    }),
  };
}

/** Refuses to save "block page" while no address is set (called before a band policy is saved). */
export async function assertBlockPageAvailable(deps: Pick<Deps, 'db' | 'config'>, blockResponse: string | undefined): Promise<void> {
  if (blockResponse !== 'blockpage') return;
  const a = await blockPageAddresses(deps);
  if (!a.ipv4) throw new AppError(400, 'filter.blockpage_unavailable');
}
