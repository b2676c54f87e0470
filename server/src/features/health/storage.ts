import { statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Below this much free space the office has days, not months, of history left: the health says so. */
export const LOW_DISK_BYTES = 512 * 1024 * 1024;

export interface StorageHealth {
  /** A file can be written in the data folder now (false: read-only, a failing disk the kernel remounted read-only). */
  writable: boolean;
  /** Free bytes for the server on the data folder's disk; null when they cannot be read. */
  freeBytes: number | null;
  /** Free space is below LOW_DISK_BYTES. */
  low: boolean;
}

/**
 * The data folder's disk as it is now. Writability is tried with a real (empty) file, because a disk the
 * kernel turned read-only after an error may still say "rw" in its mount flags. The answer is kept for a
 * moment so that health checks cannot make the disk busy, and forgotten at once when a write fails.
 */
export class StorageProbe {
  private last: { at: number; health: StorageHealth } | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly maxAgeMs = 2000,
  ) {}

  health(now = Date.now()): StorageHealth {
    if (!this.last || now - this.last.at >= this.maxAgeMs) this.last = { at: now, health: this.check() };
    return this.last.health;
  }

  /** A write just failed: the next health() looks again. */
  invalidate(): void {
    this.last = null;
  }

  private check(): StorageHealth {
    let freeBytes: number | null = null;
    try {
      const s = statfsSync(this.dataDir);
      freeBytes = s.bavail * s.bsize;
    } catch {
      /* the folder is gone or its disk does not answer */
    }
    const probe = join(this.dataDir, '.write-check');
    let writable = false;
    try {
      writeFileSync(probe, '');
      unlinkSync(probe);
      writable = true;
    } catch (e) {
      // A full disk still takes an empty file; any other refusal means nothing can be stored.
      writable = (e as NodeJS.ErrnoException).code === 'ENOSPC';
    }
    return { writable, freeBytes, low: freeBytes !== null && freeBytes < LOW_DISK_BYTES };
  }
}
