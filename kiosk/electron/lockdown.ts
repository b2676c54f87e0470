/** Keys a kiosk ignores. */

export interface KeyInput {
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
}

/** Editing keys with Ctrl/Cmd that a page's text fields may need (a barcode reader or a technician's keyboard). */
const EDITING = new Set(['a', 'c', 'v', 'x', 'z', 'y']);
const NAMED = /^(f\d{1,2}|browser\w+|zoomin|zoomout|contextmenu|print)$/;

/**
 * Whether a key would zoom, reload, print, open developer tools, go back or forward, or close the window:
 * function keys, browser keys, Alt with arrows/Home/F4, and Ctrl/Cmd with anything but editing keys
 * (Ctrl+Alt is AltGr, which types letters such as ș and ț).
 */
export function isBlockedShortcut(input: KeyInput): boolean {
  const key = input.key.toLowerCase();
  if (NAMED.test(key)) return true;
  if (input.control && input.alt) return false;
  if (input.alt && /^(arrowleft|arrowright|home)$/.test(key)) return true;
  return (input.control || input.meta) && !EDITING.has(key);
}
