import { lstatSync, realpathSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type { ResolvedPath } from './resolve-within.js';
import type { Sandbox } from './sandbox.js';

// Editors write in bursts; one check (and at most one notification) per 50 ms is enough.
const SETTLE_MS = 50;

export interface ConfinedWatchOptions {
  /** The subscribed path, as the client named it. */
  path: string;
  /** Judges `path` on every check; the watch only ever follows where it resolves. */
  sandbox: Sandbox;
  /** Called when the subscribed entry changed. */
  changed: () => void;
}

/**
 * Watches one subscribed path for changes made outside the server, confined like every other use
 * of a path: on each batch of events the path is resolved again through the sandbox, and the events
 * count only if the directory they came from is still the one the path resolves to. fs.watch holds
 * an inode, not a path, so a watched directory moved out of the allowed directories (or swapped for
 * a symlink) would otherwise keep reporting what happens outside. When the path stops resolving
 * inside (or is denied), the watch stops for good; when it resolves elsewhere inside (the directory
 * was replaced), the watch moves there. Returns the function that stops it.
 *
 * A directory is watched itself and through its parent, a file through its parent only, by name:
 * editors (and write_file) replace a file by renaming a new one over it, a watch on the file itself
 * would stay on the replaced one, and the parent also sees the entry deleted, moved or created again.
 * An allowed directory itself is watched without its parent, which lies outside.
 */
export function watchConfined(options: ConfinedWatchOptions): () => void {
  const watcher = new ConfinedWatch(options);
  watcher.start();
  return () => watcher.stop();
}

/** A directory watched for a subscription: the subscribed directory, or the entry's parent. */
interface Target {
  role: 'entry' | 'parent';
  directory: string;
  /** For `parent`, the name of the subscribed entry: other names' events are not announced. */
  name?: string;
}

/** Which directory an inode is: birth time tells a new one from a freed inode number reused. */
interface Identity {
  dev: bigint;
  ino: bigint;
  birth: bigint;
}

interface Armed extends Target {
  /** The directory fs.watch holds, as it was when the watch started. */
  identity: Identity;
  watcher: FSWatcher;
  closed: boolean;
}

class ConfinedWatch {
  #armed: Armed[] = [];
  /** Watches that reported an event for the subscribed entry since the last check. */
  #fired = new Set<Armed>();
  #timer: NodeJS.Timeout | undefined;
  #checks: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(private readonly options: ConfinedWatchOptions) {}

  /**
   * Resolution is asynchronous, so the first watch starts a few microtasks after the subscription:
   * before the event loop turns again (unless a sandbox hook awaits I/O), so before any change the
   * client makes once it has the reply.
   */
  start(): void {
    this.#enqueue();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const armed of this.#armed) close(armed);
    this.#armed = [];
    this.#fired.clear();
  }

  #enqueue(): void {
    this.#checks = this.#checks.then(() => this.#check()).catch(() => this.stop());
  }

  #onEvent(armed: Armed, filename: string | null): void {
    if (this.#stopped || armed.closed) return;
    // In a watched directory, a denied entry's changes are not announced: its activity is the operator's.
    const denied =
      armed.role === 'entry' &&
      filename !== null &&
      this.options.sandbox.deny.denies({ real: join(armed.directory, filename) });
    if ((armed.role === 'entry' && !denied) || filename === null || filename === armed.name)
      this.#fired.add(armed);
    // Other names are checked too: a watched directory that was moved reports it under its own name.
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#enqueue();
    }, SETTLE_MS);
  }

  async #check(): Promise<void> {
    const fired = this.#fired;
    this.#fired = new Set();
    let resolved: ResolvedPath;
    try {
      resolved = await this.options.sandbox.resolve(this.options.path, 'read');
    } catch {
      // Outside the allowed directories or denied now: nothing there is the subscriber's to hear of.
      this.stop();
      return;
    }
    if (this.#stopped) return;
    const wanted = targetsOf(resolved);
    const kept = this.#armed.filter(
      armed =>
        !armed.closed &&
        wanted.some(target => sameTarget(target, armed)) &&
        sameIdentity(directoryAt(armed.directory), armed.identity)
    );
    for (const armed of this.#armed) if (!kept.includes(armed)) close(armed);
    this.#armed = kept;
    // Events from a directory that is no longer where the path leads may have happened anywhere.
    if (kept.some(armed => fired.has(armed))) this.options.changed();
    for (const target of wanted) {
      if (kept.some(armed => sameTarget(target, armed))) continue;
      const armed = this.#arm(target);
      if (armed) this.#armed.push(armed);
    }
    if (this.#armed.length === 0) this.stop();
  }

  #arm(target: Target): Armed | undefined {
    const identity = directoryAt(target.directory);
    if (!identity) return undefined;
    let watcher: FSWatcher;
    try {
      watcher = watch(target.directory, { persistent: false }, (_event, filename) =>
        this.#onEvent(armed, filename)
      );
    } catch {
      return undefined;
    }
    const armed: Armed = { ...target, identity, watcher, closed: false };
    // fs.watch looks the path up again: if it changed in between, the watch may hold another inode.
    if (!sameIdentity(directoryAt(target.directory), identity)) {
      close(armed);
      return undefined;
    }
    watcher.on('error', () => {
      close(armed);
      this.#enqueue();
    });
    return armed;
  }
}

/** What to watch for a path the sandbox resolved. */
function targetsOf(resolved: ResolvedPath): Target[] {
  const targets: Target[] = [];
  if (resolved.exists && directoryAt(resolved.real)) {
    targets.push({ role: 'entry', directory: resolved.real });
  }
  if (resolved.relative !== '') {
    targets.push({ role: 'parent', directory: dirname(resolved.real), name: basename(resolved.real) });
  }
  return targets;
}

/**
 * The identity of the directory at `path`, when `path` is a directory reached without a symlink
 * (the sandbox resolved it to a real path; a link found on the way now was swapped in since).
 */
function directoryAt(path: string): Identity | undefined {
  try {
    if (realpathSync.native(path) !== path) return undefined;
    const stats = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (!stats?.isDirectory()) return undefined;
    return { dev: stats.dev, ino: stats.ino, birth: stats.birthtimeNs };
  } catch {
    return undefined;
  }
}

function sameIdentity(actual: Identity | undefined, expected: Identity): boolean {
  return (
    actual !== undefined &&
    actual.dev === expected.dev &&
    actual.ino === expected.ino &&
    actual.birth === expected.birth
  );
}

function sameTarget(target: Target, armed: Armed): boolean {
  return target.role === armed.role && target.directory === armed.directory && target.name === armed.name;
}

function close(armed: Armed): void {
  armed.closed = true;
  armed.watcher.close();
}
