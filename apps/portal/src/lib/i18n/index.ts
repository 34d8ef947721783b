import { DEFAULT_TIME_ZONE, formatInZone } from '@asn/domain';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';
import { zhTW } from './zh-TW';

export const LANGS = ['zh-CN', 'en', 'zh-TW'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '简体中文', en: 'English', 'zh-TW': '繁體中文' };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en, 'zh-TW': zhTW };

export function isLang(v: string | null | undefined): v is Lang {
  return (LANGS as readonly string[]).includes(v ?? '');
}

/**
 * A translator for one language; `{name}` placeholders are filled from `params`. A key built at
 * run time that has no entry comes back as the key itself.
 */
export function translator(lang: Lang) {
  const dict = dictionaries[lang];
  const t = (key: MessageKey, params: Record<string, string | number> = {}): string =>
    (dict[key] ?? key).replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? `{${p}}`));
  // the language travels with the translator, for what a text formats (dates in a refusal)
  return Object.assign(t, { lang });
}

export type Translate = ReturnType<typeof translator>;

/** What to show for any refusal of the API, in the reader's language (never its English message): refusal.ts. */
export { refusalText, fieldLabel, statusName, eventName, type Refusal } from './refusal';
export type { MessageKey };

/**
 * Formats an instant on a tenant's wall clock: pass the zone of the page's tenant (`zoneOf(me.tenant)`,
 * or a public page's shop `timeZone`); without one, the default zone (Asia/Shanghai).
 */
export function formatDateTime(iso: string, lang: Lang, timeZone: string = DEFAULT_TIME_ZONE): string {
  return formatInZone(new Date(iso), timeZone, lang, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Minor units as a decimal amount with currency, without floating point. */
export function formatMoney(amountMinor: string, currency: string): string {
  const negative = amountMinor.startsWith('-');
  const digits = (negative ? amountMinor.slice(1) : amountMinor).padStart(3, '0');
  const whole = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = currency === 'CNY' ? '¥' : `${currency} `;
  return `${negative ? '-' : ''}${symbol}${whole}.${digits.slice(-2)}`;
}
