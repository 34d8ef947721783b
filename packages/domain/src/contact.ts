/** Phone numbers: stored as digits only; shown masked on anything a customer link opens. */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s\-()+]/g, '').replace(/^0086|^86(?=1\d{10}$)/, '');
  return /^\d{7,15}$/.test(digits) ? digits : null;
}

/** 13812345678 → 138****5678 (keeps the first three and the last four digits). */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return `${phone.slice(0, 1)}***${phone.slice(-2)}`;
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** VIN / serial: upper case, no spaces; 17 characters without I, O, Q for a road VIN. */
export function normalizeVin(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export function isRoadVin(vin: string): boolean {
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(vin);
}

/** Plate: upper case, no spaces or dots (沪A·12345 → 沪A12345). */
export function normalizePlate(raw: string): string {
  return raw.replace(/[\s·.-]/g, '').toUpperCase();
}
