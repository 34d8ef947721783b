import type { partsZhCN } from './parts.zh-CN';

export const partsEn: Record<keyof typeof partsZhCN, string> = {
  'parts.title': 'Parts',
};
