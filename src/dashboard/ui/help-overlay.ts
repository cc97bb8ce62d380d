import { h } from './dom.js';

const KEYS: readonly (readonly [string, string])[] = [
  ['1 – 8', 'Switch view'],
  ['/', 'Focus the filter or search box'],
  ['j / k', 'Move the selection down / up'],
  ['Enter', 'Expand or open the selection'],
  ['p', 'Pause or resume Live'],
  ['t', 'Toggle light / dark theme'],
  ['?', 'Show or hide this list'],
  ['Esc', 'Close this list, leave a text box'],
];

/** The `?` overlay listing the keyboard shortcuts: a modal <dialog>. */
export function helpOverlay(): { toggle(): void; close(): void } {
  let dialog: HTMLDialogElement | null = null;
  const open = (): HTMLDialogElement => {
    const closeButton = h('button', { type: 'button', class: 'button' }, 'Close');
    const created = h(
      'dialog',
      { class: 'help', 'aria-label': 'Keyboard shortcuts' },
      h('h2', null, 'Keyboard shortcuts'),
      h(
        'dl',
        null,
        KEYS.flatMap(([key, what]) => [h('dt', null, h('kbd', null, key)), h('dd', null, what)]),
      ),
      closeButton,
    );
    closeButton.addEventListener('click', () => {
      created.close();
    });
    created.addEventListener('close', () => {
      created.remove();
      dialog = null;
    });
    document.body.appendChild(created);
    created.showModal();
    return created;
  };
  return {
    toggle() {
      if (dialog === null) dialog = open();
      else dialog.close();
    },
    close() {
      dialog?.close();
    },
  };
}
