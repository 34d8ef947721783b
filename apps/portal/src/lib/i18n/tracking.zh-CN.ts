/** tracking: the customer's tracking page and the estimate (zh-CN, the reference). */
export const trackingZhCN = {} as const;
