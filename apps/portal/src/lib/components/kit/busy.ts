/**
 * Action forms that cannot fire twice. `enhance` is SvelteKit's `use:enhance` with a busy state:
 * from the moment the form is submitted until its result has been applied (the page's data
 * reloaded), the form is `aria-busy`, every submit button in it is disabled (the one pressed also
 * `aria-busy`, which app.css draws as busy), and a second submit — a double click, Enter pressed
 * again — is cancelled before it sends anything. Every action form of the portal uses it
 * (tests/forms.test.ts checks that no page imports `enhance` from `$app/forms` directly).
 *
 * `guardSubmits` (installed once by the root layout) stops a submit of a busy form in the capture
 * phase, before any other listener, and marks the forms the browser submits itself (sign-out, the
 * language switch) busy until the page leaves.
 */
import { enhance as svelteKitEnhance } from '$app/forms';
import type { SubmitFunction } from '@sveltejs/kit';

const SUBMITS = 'button:not([type=button]):not([type=reset]), input[type=submit], input[type=image]';

/** Whether the form's request is running. */
export const isBusy = (form: HTMLFormElement) => form.dataset.busy === 'yes';

/** Disables the form's submit buttons (remembering which were enabled) and marks it busy. */
export function markBusy(form: HTMLFormElement, submitter?: HTMLElement | null): void {
  form.dataset.busy = 'yes';
  form.setAttribute('aria-busy', 'true');
  const buttons = [...form.querySelectorAll<HTMLButtonElement | HTMLInputElement>(SUBMITS)];
  // buttons of other forms that submit this one (form="…")
  if (form.id) buttons.push(...document.querySelectorAll<HTMLButtonElement | HTMLInputElement>(`[form="${CSS.escape(form.id)}"]`));
  for (const b of buttons) {
    if (b.disabled) continue;
    b.disabled = true;
    b.dataset.busyDisabled = 'yes';
  }
  const pressed = submitter ?? buttons[0];
  pressed?.setAttribute('aria-busy', 'true');
}

/** Undoes markBusy: the buttons it disabled are enabled again. */
export function clearBusy(form: HTMLFormElement): void {
  delete form.dataset.busy;
  form.removeAttribute('aria-busy');
  const buttons = [...form.querySelectorAll<HTMLElement>('[data-busy-disabled], [aria-busy]')];
  if (form.id) buttons.push(...document.querySelectorAll<HTMLElement>(`[form="${CSS.escape(form.id)}"]`));
  for (const b of buttons) {
    b.removeAttribute('aria-busy');
    if (b.dataset.busyDisabled && (b instanceof HTMLButtonElement || b instanceof HTMLInputElement)) b.disabled = false;
    delete b.dataset.busyDisabled;
  }
}

/**
 * `use:enhance` with the busy state. Takes the same optional submit function as SvelteKit's: it
 * runs first (it may cancel), and the callback it returns (or the default `update()`) runs before
 * the form is released.
 */
export function enhance(form: HTMLFormElement, submit?: SubmitFunction) {
  form.dataset.kitEnhanced = 'yes';
  return svelteKitEnhance(form, async (input) => {
    if (isBusy(input.formElement)) {
      input.cancel();
      return;
    }
    // busy at once, before anything is awaited: a second submit in the same task is already stopped
    markBusy(input.formElement, input.submitter);
    let cancelled = false;
    let callback: Awaited<ReturnType<SubmitFunction>>;
    try {
      callback = await submit?.({
        ...input,
        cancel: () => {
          cancelled = true;
          input.cancel();
        },
      });
    } catch (e) {
      clearBusy(input.formElement);
      throw e;
    }
    if (cancelled) {
      clearBusy(input.formElement);
      return;
    }
    return async (opts) => {
      try {
        if (typeof callback === 'function') await callback(opts);
        else await opts.update();
      } finally {
        clearBusy(input.formElement);
      }
    };
  });
}

/**
 * The layout's guard for every form on the page: a submit of a form whose request still runs is
 * stopped before any other listener sees it; a POST form the browser submits itself (no enhance)
 * is marked busy once its submission has started, until the page is left or shown again.
 */
export function guardSubmits(root: Window = window): () => void {
  const onSubmit = (e: SubmitEvent) => {
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (isBusy(form)) {
      e.preventDefault();
      e.stopImmediatePropagation();
      return;
    }
    const method = (e.submitter?.getAttribute('formmethod') ?? form.getAttribute('method') ?? 'get').toLowerCase();
    if (method !== 'post' || form.dataset.kitEnhanced) return;
    // after the browser has built the form's data (a disabled submitter would be left out of it)
    setTimeout(() => {
      if (!e.defaultPrevented) markBusy(form, e.submitter as HTMLElement | null);
    });
  };
  // back from the history cache, or a native submission that did not leave: usable again
  const release = () => document.querySelectorAll<HTMLFormElement>('form[data-busy]:not([data-kit-enhanced])').forEach(clearBusy);
  root.addEventListener('submit', onSubmit, true);
  root.addEventListener('pageshow', release);
  return () => {
    root.removeEventListener('submit', onSubmit, true);
    root.removeEventListener('pageshow', release);
  };
}
