/** The portal's component kit (issue 12): the parts every page shares. */
export { default as ActionButton } from './ActionButton.svelte';
export { default as DataTable } from './DataTable.svelte';
export { default as EmptyState } from './EmptyState.svelte';
export { default as Field } from './Field.svelte';
export { default as Money } from './Money.svelte';
export { default as RefusalAlert } from './RefusalAlert.svelte';
export { default as StatusBadge } from './StatusBadge.svelte';
export { default as Timeline } from './Timeline.svelte';
export { default as Trail } from './Trail.svelte';
export { enhance, guardSubmits, markBusy, clearBusy, isBusy } from './busy';
export type { Column, FieldControl, TimelineEntry, TrailStep } from './types';
export { fieldError } from './fields';
