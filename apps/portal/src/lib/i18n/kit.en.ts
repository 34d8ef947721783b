import type { kitZhCN } from './kit.zh-CN';

export const kitEn: Record<keyof typeof kitZhCN, string> = {};
