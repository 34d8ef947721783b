import type { trackingZhCN } from './tracking.zh-CN';

export const trackingZhTW: Record<keyof typeof trackingZhCN, string> = {};
