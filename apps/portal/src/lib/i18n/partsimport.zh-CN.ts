/** partsimport — 简体中文 (the reference dictionary of this area). */
export const partsimportZhCN = {
  'partsimport.title': '配件目录导入',
};
