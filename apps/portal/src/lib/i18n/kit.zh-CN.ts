/** kit: words of the kit area (zh-CN, the reference). */
export const kitZhCN = {
  'kit.required': '（必填）',
  'kit.busy': '处理中…',
  'kit.reload': '重新加载',
  'kit.reloadHint': '页面已更新为最新内容，请重新操作。',
  'kit.empty': '暂无记录',
  'kit.menu': '菜单',
  'kit.closeMenu': '关闭菜单',
  'kit.filter': '筛选：',
  'kit.clearFilter': '清除筛选',
  'kit.columns': '共 {n} 列',
  'kit.scrollHint': '左右滑动查看更多',
  'kit.scrollLeft': '向左滚动',
  'kit.scrollRight': '向右滚动',
} as const;
