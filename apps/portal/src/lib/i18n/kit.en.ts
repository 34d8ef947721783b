import type { kitZhCN } from './kit.zh-CN';

export const kitEn: Record<keyof typeof kitZhCN, string> = {
  'kit.required': '(required)',
  'kit.busy': 'Working…',
  'kit.reload': 'Reload',
  'kit.reloadHint': 'The page now shows the latest state; please try again.',
  'kit.empty': 'Nothing here yet',
  'kit.menu': 'Menu',
  'kit.closeMenu': 'Close menu',
  'kit.filter': 'Filter:',
  'kit.clearFilter': 'Clear filter',
  'kit.columns': '{n} columns',
  'kit.scrollHint': 'scroll sideways for more',
  'kit.scrollLeft': 'Scroll left',
  'kit.scrollRight': 'Scroll right',
};
