/** How long the orderly shutdown may take before the backstop ends the process (the contract says 2 s). */
const GRACE_MS = 1500;

export interface StopSignal {
  /** Resolves on the first SIGTERM or Ctrl-C. */
  stopped: Promise<void>;
  /** Runs when the orderly shutdown overran: closes what must be closed (the database) before exiting. */
  onOverrun(close: () => void): void;
  dispose(): void;
}

/**
 * Listens for SIGTERM and Ctrl-C from the start of a long-running command, so a signal during start-up
 * or after an error counts too. After the first one, the command's own shutdown has GRACE_MS; past
 * that, a backstop closes the database and exits, so no open handle can keep the process alive.
 */
export function stopOnSignal(): StopSignal {
  const closers: (() => void)[] = [];
  let signalled!: () => void;
  const stopped = new Promise<void>((done) => (signalled = done));
  const onSignal = () => {
    signalled();
    setTimeout(() => {
      for (const close of closers) {
        try {
          close();
        } catch {
          // Exiting regardless: what could be closed was.
        }
      }
      process.exit(process.exitCode ?? 0);
    }, GRACE_MS).unref();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return {
    stopped,
    onOverrun: (close) => void closers.push(close),
    dispose() {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    },
  };
}
