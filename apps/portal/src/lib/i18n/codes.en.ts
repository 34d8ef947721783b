import type { codesZhCN } from './codes.zh-CN';

export const codesEn: Record<keyof typeof codesZhCN, string> = {};
