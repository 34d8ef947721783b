import type { kitZhCN } from './kit.zh-CN';

export const kitZhTW: Record<keyof typeof kitZhCN, string> = {
  'kit.required': '（必填）',
  'kit.busy': '處理中…',
  'kit.reload': '重新載入',
  'kit.reloadHint': '頁面已更新為最新內容，請重新操作。',
  'kit.empty': '暫無紀錄',
  'kit.menu': '選單',
  'kit.closeMenu': '關閉選單',
  'kit.filter': '篩選：',
  'kit.clearFilter': '清除篩選',
  'kit.columns': '共 {n} 欄',
  'kit.scrollHint': '左右滑動檢視更多',
  'kit.scrollLeft': '向左捲動',
  'kit.scrollRight': '向右捲動',
};
