/**
 * System programs the tests drive for real, and the Debian package of each. A package that tests need
 * joins this list; the test command then makes sure it is there before anything runs.
 */
export const systemTools = [
  { command: 'chromium', pkg: 'chromium' },
  { command: 'socat', pkg: 'socat' },
  { command: 'mosquitto', pkg: 'mosquitto', path: '/usr/sbin/mosquitto' },
  // { command: 'espeak-ng', pkg: 'espeak-ng' },
];
