/** Calendar days (YYYY-MM-DD) as a person in a time zone sees them. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** A datetime-local value on the workshop's wall clock (Asia/Shanghai, UTC+8) as an ISO instant; '' stays null. */
export function shanghaiToIso(local: FormDataEntryValue | string | null | undefined): string | null {
  return local ? new Date(`${String(local)}:00+08:00`).toISOString() : null;
}
