import type { partsimportZhCN } from './partsimport.zh-CN';

export const partsimportZhTW: Record<keyof typeof partsimportZhCN, string> = {
  'partsimport.title': '配件目錄匯入',
};
