/** One line of a latency table: the name, then p50, p95 and the slowest time in ms (sorts `times`). */
export function percentileLine(name: string, times: number[]): string {
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
  return `${name.padEnd(20)} ${at(0.5).padStart(8)} ${at(0.95).padStart(8)} ${times[times.length - 1]!.toFixed(1).padStart(8)}`;
}
