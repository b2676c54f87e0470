/**
 * A small disk of its own for a server's data folder (root on a machine that allows mount): a tmpfs the
 * test can fill to the last byte and free again, or an ext4 disk image that fails as a worn-out SSD does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';

/** Why this machine does not let a test mount a file system; null when it does. */
export function mountRefusal(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'qms-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
    execFileSync('umount', [dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `mounting a tmpfs is not permitted here (${String((e as Error).message).split('\n')[0]}); run as root on a machine that allows mount`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh tmpfs of this many MiB, unmounted when the test ends. */
export function tmpfs(t: Test, mib: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'qms-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m`, 'tmpfs', dir]);
  t.teardown(() => {
    // Lazy: the server may still hold its files open while the teardowns run.
    execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Free bytes on the file system that holds this folder. */
export function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

/** Takes every free byte of the file system (the last few blocks one by one); returns how to free them again. */
export function fill(dir: string): () => void {
  const files = [join(dir, 'filler')];
  try {
    writeFileSync(files[0]!, Buffer.alloc(freeBytes(dir)));
  } catch {
    /* ENOSPC: full, as wanted */
  }
  for (let i = 0; freeBytes(dir) > 0 && i < 64; i++) {
    const file = join(dir, `filler-${i}`);
    files.push(file);
    try {
      writeFileSync(file, Buffer.alloc(4096));
    } catch {
      break;
    }
  }
  return () => {
    for (const f of files) rmSync(f, { force: true });
  };
}

/** Why this machine cannot give a test a failing ext4 disk; null when it can. */
export function ext4Refusal(): string | null {
  const refused = mountRefusal();
  if (refused) return refused;
  for (const tool of ['losetup', 'mkfs.ext4', 'e2fsck']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
    } catch {
      return `${tool} is not installed (e2fsprogs, util-linux)`;
    }
  }
  return null;
}

export interface FailingDisk {
  dir: string;
  /** The disk fails now: the kernel records a file-system error and turns it read-only. */
  fail(): void;
  /** The IT person's repair: unmount, e2fsck, mount again read-write. */
  repair(): void;
}

/**
 * An ext4 disk image on a loop device, mounted with errors=remount-ro as an office's disk is. fail() writes
 * to /sys/fs/ext4/<dev>/trigger_fs_error: the kernel aborts the journal and turns the disk read-only under
 * the server's open files, as a worn-out SSD or SD card does in the middle of a day.
 */
export function ext4Disk(t: Test, mib: number): FailingDisk {
  const image = join(mkdtempSync(join(tmpdir(), 'qms-image-')), 'disk.img');
  execFileSync('truncate', ['-s', `${mib}M`, image]);
  execFileSync('mkfs.ext4', ['-q', '-F', image]);
  const loop = execFileSync('losetup', ['-f', '--show', image]).toString().trim();
  const dir = mkdtempSync(join(tmpdir(), 'qms-ext4-'));
  const mount = () => execFileSync('mount', ['-o', 'errors=remount-ro', loop, dir]);
  mount();
  t.teardown(() => {
    execFileSync('umount', ['-l', dir]);
    execFileSync('losetup', ['-d', loop]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(image, { force: true });
  });
  return {
    dir,
    fail: () => writeFileSync(`/sys/fs/ext4/${loop.replace('/dev/', '')}/trigger_fs_error`, 'disk failure (test)'),
    repair: () => {
      execFileSync('umount', [dir]);
      try {
        execFileSync('e2fsck', ['-f', '-y', loop], { stdio: 'pipe' });
      } catch (e) {
        // 1: errors were corrected; anything higher is a failed repair.
        if ((e as { status?: number }).status !== 1) throw e;
      }
      mount();
    },
  };
}
