/** How to read a PSI figure (the usual rule of thumb in model monitoring). */
export function driftLevel(psi: number | null): { label: string; tone: 'success' | 'warning' | 'danger' | 'muted' } {
  if (psi === null) return { label: 'no baseline', tone: 'muted' };
  if (psi < 0.1) return { label: 'stable', tone: 'success' };
  if (psi < 0.25) return { label: 'moderate shift', tone: 'warning' };
  return { label: 'significant shift', tone: 'danger' };
}

export function percent(value: number | null, digits = 0): string {
  return value === null ? '—' : `${(value * 100).toFixed(digits)}%`;
}
