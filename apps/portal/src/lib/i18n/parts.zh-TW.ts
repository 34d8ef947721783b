import type { partsZhCN } from './parts.zh-CN';

export const partsZhTW: Record<keyof typeof partsZhCN, string> = {
  'parts.title': '配件',
};
