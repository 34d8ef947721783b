/** kit: words of the kit area (zh-CN, the reference). */
export const kitZhCN = {} as const;
