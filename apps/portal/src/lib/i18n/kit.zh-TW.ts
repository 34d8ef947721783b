import type { kitZhCN } from './kit.zh-CN';

export const kitZhTW: Record<keyof typeof kitZhCN, string> = {};
