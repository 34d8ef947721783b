/**
 * A table whose rows open their link: a click anywhere on a row (not on a control of its own)
 * follows the row's first link, as a click on that link would. The link stays the row's keyboard
 * and screen-reader way in; this only makes the whole row a target for the mouse and the finger.
 */
export function rowLinks(table: HTMLElement) {
  const onClick = (e: MouseEvent) => {
    const target = e.target as HTMLElement | null;
    if (!target || target.closest('a, button, input, select, label, textarea')) return;
    const row = target.closest('tr');
    const link = row?.querySelector<HTMLAnchorElement>('a[href]');
    if (!row || !link || !table.contains(row)) return;
    link.click();
  };
  table.addEventListener('click', onClick);
  return { destroy: () => table.removeEventListener('click', onClick) };
}
