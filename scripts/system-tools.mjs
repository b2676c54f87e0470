/**
 * System programs the tests drive for real, and the Debian package of each. A package that tests need
 * joins this list; the test command then makes sure it is there before anything runs.
 */
export const systemTools = [
  { command: 'chromium', pkg: 'chromium' },
  { command: 'socat', pkg: 'socat' },
  { command: 'mosquitto', pkg: 'mosquitto', path: '/usr/sbin/mosquitto' },
  // A data disk that fails while the server runs: an ext4 image on a loop device.
  { command: 'mkfs.ext4', pkg: 'e2fsprogs', path: '/usr/sbin/mkfs.ext4' },
  { command: 'losetup', pkg: 'mount', path: '/usr/sbin/losetup' },
  // { command: 'espeak-ng', pkg: 'espeak-ng' },
];
