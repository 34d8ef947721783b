import type { trackingZhCN } from './tracking.zh-CN';

export const trackingEn: Record<keyof typeof trackingZhCN, string> = {};
