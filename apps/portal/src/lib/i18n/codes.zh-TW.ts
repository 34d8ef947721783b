import type { codesZhCN } from './codes.zh-CN';

export const codesZhTW: Record<keyof typeof codesZhCN, string> = {};
