/**
 * The last few minutes of blocked look-ups on the STAFF band, per school, in memory only: what a
 * school's IT person needs to spot a wrong block ("why does the teachers' Zalo not load?") and
 * allow it in one click. Never student bands (the engine only calls `add` for the staff band) —
 * a per-student browsing log is exactly what this project never builds — never an address, never
 * written to disk; bounded per school and in time.
 * Lean: no imports, the standalone filter's engine holds one.
 */
export interface StaffBlock {
  at: number;
  name: string;
  qtype: number;
  category: string;
  mandatory: boolean;
}

export class StaffBlocks {
  private readonly bySchool = new Map<string, { ring: (StaffBlock | undefined)[]; next: number }>();
  constructor(
    readonly windowMs = 5 * 60_000,
    readonly perSchool = 500,
    private readonly maxSchools = 5000,
  ) {}

  add(schoolId: string, e: StaffBlock): void {
    let r = this.bySchool.get(schoolId);
    if (!r) {
      if (this.bySchool.size >= this.maxSchools) return;
      r = { ring: new Array(this.perSchool), next: 0 };
      this.bySchool.set(schoolId, r);
    }
    r.ring[r.next] = e;
    r.next = (r.next + 1) % this.perSchool;
  }

  /** Newest first, within the window. */
  list(schoolId: string, now: number, max = 200): StaffBlock[] {
    const r = this.bySchool.get(schoolId);
    if (!r) return [];
    const out: StaffBlock[] = [];
    const cutoff = now - this.windowMs;
    for (let i = 1; i <= this.perSchool && out.length < max; i++) {
      const e = r.ring[(r.next - i + this.perSchool) % this.perSchool];
      if (!e || e.at < cutoff) break;
      out.push(e);
    }
    return out;
  }
}
