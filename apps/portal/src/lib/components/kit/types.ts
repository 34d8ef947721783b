import type { Snippet } from 'svelte';

/** A column of a DataTable: its heading (also each cell's label in card mode) and how a row fills its cell. */
export interface Column<T> {
  label: string;
  cell: Snippet<[T, number]>;
  /** A class for the column's cells (e.g. 'num' for right-aligned amounts, 'nowrap'). */
  class?: string;
  /** In card mode the cell spans the card without its label (a row's title, its buttons). */
  full?: boolean;
}

/** One entry of a Timeline. */
export interface TimelineEntry {
  id: string;
  /** ISO instant. */
  at: string;
  actor?: string | null;
}

/** One step of a Trail (a document's 处理记录). */
export interface TrailStep {
  /** Without an id the trail keys its steps by their place. */
  id?: string;
  /** The step's code (REPORT_CURE, acknowledge, …): the page words it. */
  action: string;
  fromState?: string | null;
  toState?: string | null;
  note?: string | null;
  /** ISO instant. */
  occurredAt: string;
}

/** What Field hands its control so that it can point at the field's error and hint. */
export interface FieldControl {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
  'aria-required': 'true' | undefined;
}
