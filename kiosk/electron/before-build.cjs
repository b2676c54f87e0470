// electron-builder hook: the shell is bundled into electron/dist, so the app needs no node_modules at all.
// Returning false tells electron-builder not to install, rebuild or copy dependencies.
module.exports = async () => false;
