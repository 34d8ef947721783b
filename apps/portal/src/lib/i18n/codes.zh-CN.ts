/** codes: words of the codes area (zh-CN, the reference). */
export const codesZhCN = {} as const;
