/**
 * Online booking, by side: the public page and requests from it or a tracking link
 * (booking.public.ts), the service desk's inbox and the expiry timer (booking.desk.ts). The
 * request's lifecycle is its document declaration (booking.document.ts).
 */
export * from './booking.public.js';
export * from './booking.desk.js';
