import { Select, type SelectProps } from 'antd';
import { useEffect, useState } from 'react';
import { loadGradesByLevel, loadSchool } from '../../lookups.js';

const span = ([first, last]: readonly [number, number]) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/**
 * Grades of the chosen school's level only (a primary school offers 1–5), by the server's rule
 * (src/programmes/sessions/grades-by-level.ts, read from the API, not copied); every grade until a
 * school is chosen or if the rule cannot be read — the server refuses a wrong grade either way.
 */
export function GradeSelect({ schoolId, ...props }: SelectProps<number[]> & { schoolId: string | undefined }) {
  const [grades, setGrades] = useState<readonly [number, number] | null>(null);
  useEffect(() => {
    setGrades(null);
    if (!schoolId) return;
    let live = true;
    Promise.all([loadSchool(schoolId), loadGradesByLevel()]).then(
      ([s, rule]) => live && setGrades(rule[s.level]),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [schoolId]);
  return <Select mode="multiple" {...props} options={span(grades ?? [0, 12]).map((g) => ({ value: g, label: String(g) }))} data-testid="session-grades" />;
}
