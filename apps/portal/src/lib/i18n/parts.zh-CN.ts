/** parts — 简体中文 (the reference dictionary of this area). */
export const partsZhCN = {
  'parts.title': '配件',
};
