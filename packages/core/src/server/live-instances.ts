import type { McpServer, ServerNotifier } from '@modelcontextprotocol/server';

/** Change notifications a server publishes; delivered to every client that can receive them. */
export interface ChangeNotifier {
  toolsChanged(): void;
  promptsChanged(): void;
  resourcesChanged(): void;
  /** A resource's content changed: delivered to clients subscribed to `uri`. */
  resourceUpdated(uri: string): void;
}

interface LiveInstance {
  era: 'legacy' | 'modern';
  /** URIs a 2025-era client subscribed to with `resources/subscribe`. */
  subscriptions: Set<string>;
  /** Releases what watches each subscribed URI (see ServerDefinition.resourceSubscriptions). */
  watchers: Map<string, () => void>;
}

/**
 * Tracks the SDK instances that outlive one request (a stdio connection, a 2025 HTTP session) and the
 * notifiers of HTTP handlers (2026-07-28 `subscriptions/listen` streams), so one call on the
 * {@link ChangeNotifier} reaches every connected client in the way its era expects.
 */
export class LiveInstances implements ChangeNotifier {
  readonly #instances = new Map<McpServer, LiveInstance>();
  readonly #notifiers = new Set<ServerNotifier>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Registers a long-lived instance until it closes. Returns the instance for chaining. */
  track(server: McpServer, era: 'legacy' | 'modern'): McpServer {
    const live: LiveInstance = { era, subscriptions: new Set(), watchers: new Map() };
    this.#instances.set(server, live);
    const previous = server.server.onclose;
    server.server.onclose = () => {
      this.#instances.delete(server);
      for (const release of live.watchers.values()) this.#settle(release);
      live.watchers.clear();
      previous?.();
    };
    return server;
  }

  /** Adds an HTTP handler's notifier; returns the function that removes it. */
  attach(notifier: ServerNotifier): () => void {
    this.#notifiers.add(notifier);
    return () => this.#notifiers.delete(notifier);
  }

  /** The subscription set of a tracked 2025-era instance (for the subscribe/unsubscribe handlers). */
  subscriptionsOf(server: McpServer): Set<string> | undefined {
    return this.#instances.get(server)?.subscriptions;
  }

  /** Keeps what watches `uri` for a tracked instance until it unsubscribes or closes. */
  keepWatcher(server: McpServer, uri: string, release: () => void): void {
    const live = this.#instances.get(server);
    if (!live || live.watchers.has(uri)) {
      this.#settle(release);
      return;
    }
    live.watchers.set(uri, release);
  }

  /** Releases the watcher of `uri` for an instance, if any. */
  releaseWatcher(server: McpServer, uri: string): void {
    const live = this.#instances.get(server);
    const release = live?.watchers.get(uri);
    if (!release || !live) return;
    live.watchers.delete(uri);
    this.#settle(release);
  }

  get size(): number {
    return this.#instances.size;
  }

  toolsChanged(): void {
    this.#publish(
      notifier => notifier.toolsChanged(),
      server => server.sendToolListChanged()
    );
  }

  promptsChanged(): void {
    this.#publish(
      notifier => notifier.promptsChanged(),
      server => server.sendPromptListChanged()
    );
  }

  resourcesChanged(): void {
    this.#publish(
      notifier => notifier.resourcesChanged(),
      server => server.sendResourceListChanged()
    );
  }

  resourceUpdated(uri: string): void {
    this.#publish(
      notifier => notifier.resourceUpdated(uri),
      (server, live) => {
        // 2026-07-28 connections filter on their listen stream; 2025 ones get only what they subscribed to.
        return live.era === 'modern' || live.subscriptions.has(uri)
          ? server.server.sendResourceUpdated({ uri })
          : undefined;
      }
    );
  }

  #publish(
    toNotifier: (notifier: ServerNotifier) => unknown,
    toInstance: (server: McpServer, live: LiveInstance) => unknown
  ): void {
    for (const notifier of this.#notifiers) this.#settle(() => toNotifier(notifier));
    for (const [server, live] of this.#instances) {
      if (server.isConnected()) this.#settle(() => toInstance(server, live));
    }
  }

  #settle(send: () => unknown): void {
    try {
      const sent = send();
      if (sent instanceof Promise) sent.catch(this.#onError);
    } catch (error) {
      this.#onError(error);
    }
  }
}
