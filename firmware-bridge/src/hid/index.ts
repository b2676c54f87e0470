export { FakeHidDevice, HidError, hidLabel, openHid } from './device';
export type { HidDeviceLike, HidErrorCode, HidOpener, HidSelector } from './device';
export { decodeUsage, hidKeyNames, keyName, keyUsage, normalizeKey, parseKeyboardReport } from './usages';
export type { KeyboardReport } from './usages';
export { HidKeypad } from './keypad';
export type { HidKeypadOptions, KeypadEvents, KeypadPress } from './keypad';
export { HidScanner } from './scanner';
export type { HidScannerOptions, ScannerEvents } from './scanner';
