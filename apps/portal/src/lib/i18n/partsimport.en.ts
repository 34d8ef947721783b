import type { partsimportZhCN } from './partsimport.zh-CN';

export const partsimportEn: Record<keyof typeof partsimportZhCN, string> = {
  'partsimport.title': 'Catalogue import',
};
