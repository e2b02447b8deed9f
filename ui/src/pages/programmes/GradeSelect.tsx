import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import type { GradesByLevel } from '../../../../src/programmes/sessions/grades-by-level.js';
import { loadSchool } from '../../lookups.js';
import type { SchoolLevel } from '../../types.js';

/**
 * The server's rule of which grades each school level teaches (src/programmes/sessions/
 * grades-by-level.ts). The console may import only types, so this is a copy typed against the
 * server's exact values: if either changes alone, typecheck fails.
 */
const GRADES_BY_LEVEL: GradesByLevel = {
  kindergarten: [0, 0],
  primary: [1, 5],
  lower_secondary: [6, 9],
  upper_secondary: [10, 12],
  multi_level: [0, 12],
  continuing_education: [6, 12],
  care_facility: [0, 0],
};

const span = ([first, last]: readonly [number, number]) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** Grades of the chosen school's level only (a primary school offers 1–5); every grade until a school is chosen. */
export function GradeSelect({ schoolId, ...props }: SelectProps<number[]> & { schoolId: string | undefined }) {
  const [level, setLevel] = useState<SchoolLevel | null>(null);
  useEffect(() => {
    setLevel(null);
    if (!schoolId) return;
    let live = true;
    loadSchool(schoolId).then(
      (s) => live && setLevel(s.level),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [schoolId]);
  const grades = span(level ? GRADES_BY_LEVEL[level] : [0, 12]);
  return <Select mode="multiple" {...props} options={grades.map((g) => ({ value: g, label: String(g) }))} data-testid="session-grades" />;
}
