import { translator } from '$lib/i18n';
import type { LayoutLoad } from './$types';

export const load: LayoutLoad = ({ data }) => ({ ...data, t: translator(data.lang) });
