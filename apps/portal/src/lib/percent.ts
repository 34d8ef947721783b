/** Basis points as a percentage, without floating point: 8000 → 80%, 7550 → 75.5%, 1234 → 12.34%. */
export function percent(bp: number): string {
  const whole = Math.trunc(bp / 100);
  const rest = Math.abs(bp % 100);
  return rest === 0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`;
}
