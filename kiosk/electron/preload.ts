/**
 * Runs in every page of the kiosk window (sandboxed, isolated from the page's own scripts). It reports taps, for the
 * admin gesture, and turns off the context menu; only the shell's own pages (file://) get window.kioskShell.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, type KioskShellApi } from './shell-api';

window.addEventListener('pointerdown', (event) => ipcRenderer.send(CHANNELS.tap, { x: event.clientX, y: event.clientY }), true);
window.addEventListener('contextmenu', (event) => event.preventDefault(), true);

if (location.protocol === 'file:') {
  const api: KioskShellApi = {
    info: () => ipcRenderer.invoke(CHANNELS.info),
    checkServer: () => ipcRenderer.invoke(CHANNELS.checkServer),
    unlock: (pin) => ipcRenderer.invoke(CHANNELS.unlock, pin),
    save: (input) => ipcRenderer.invoke(CHANNELS.save, input),
    forgetPairing: () => ipcRenderer.invoke(CHANNELS.forgetPairing),
    close: () => ipcRenderer.invoke(CHANNELS.close),
    quit: () => ipcRenderer.invoke(CHANNELS.quit),
  };
  contextBridge.exposeInMainWorld('kioskShell', api);
}
